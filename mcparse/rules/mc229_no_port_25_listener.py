"""MC229 no-port-25-listener: the file's own daemons leave nothing on port 25."""

from __future__ import annotations

from typing import Iterator

from ._correctness import is_template
from ._scope import daemons, is_fragment
from .base import Context, Finding, Rule


class NoPort25Listener(Rule):
    code = "MC229"
    name = "no-port-25-listener"
    category = "correctness"
    severity = "info"
    summary = "The file declares daemons but none listens on port 25, so the host receives no mail from other servers."
    explanation = (
        "cf.m4 adds its default port-25 daemon only when the file has no DAEMON_OPTIONS at "
        "all; the first DAEMON_OPTIONS replaces it. A file that declares, say, only a "
        "submission daemon therefore has nothing on port 25, where other mail servers deliver "
        "(RFC 5321), and mail to this host stays in their queues (cf.README: DAEMON_OPTIONS "
        "under TWEAKING CONFIGURATION OPTIONS, whose example warns that there would be no "
        "listener on the standard SMTP port). That is right for a host that only submits "
        "mail; add `DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')' if it should receive. "
        "Submission-program configurations (FEATURE(`msp')) are not reported."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        if is_fragment(context) or is_template(context) or config.has_feature("msp") or config.has_feature("nullclient"):
            return
        own = [d for d in daemons(context) if not d.implied]
        if not own or any(d.site is None for d in own) or all(d.is_loopback for d in own):
            # A host listening only on loopback is local-only on purpose.
            return
        # An unknown service name might be port 25; only report what is certain.
        if any(d.port_number == 25 or (d.port_number is None and d.family not in ("local", "unix")) for d in own):
            return
        first = min(own, key=lambda d: d.site.span.start)  # type: ignore[union-attr]
        assert first.site is not None
        ports = ", ".join(sorted({str(d.port_number) for d in own if d.port_number is not None}))
        yield self.finding(
            first.site.span,
            f"Your DAEMON_OPTIONS replace cf.m4's default daemon and none of them uses port 25 "
            f"(only {ports or 'local sockets'}): other mail servers cannot deliver to this host; add "
            "`DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')' if it should receive mail.",
        )
