"""MC101 auth-on-mta-port: port 25 offers AUTH to anyone who connects."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._daemons import address_unknown, add_modifier_edit, daemon_span, describe, insertion_after_line, sentence, top_level_line_start
from ._scope import daemons
from ._security import auth_mechanisms_set_up
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix
    from ..model.config import Daemon

DEFAULT_MTA_LINE = "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"


def _replacement_lines(implied: "list[Daemon]") -> list[str]:
    """DAEMON_OPTIONS lines equal to cf.m4's default MTA lines plus `M=A`."""
    if len(implied) == 1 and implied[0].option_value == "Name=MTA":
        return [DEFAULT_MTA_LINE]
    return [f"DAEMON_OPTIONS(`{daemon.option_value}, M=A')dnl\n" for daemon in implied]


def _offers(configured: bool, plural: bool = False) -> str:
    # Without any AUTH set up in the file, sendmail still offers AUTH when its
    # SASL library provides one of the default AuthMechanisms; the finding
    # then is about hardening before AUTH is configured, and says so.
    if configured:
        return "will offer AUTH to anyone who connects to port 25, inviting password guessing on the relay port"
    return (
        f"{'lack' if plural else 'lacks'} `A`: this file names no AUTH mechanism, but sendmail offers AUTH on "
        "port 25 whenever its SASL library provides one of the default mechanisms, and will as soon as "
        "AUTH is set up"
    )


class AuthOnMtaPort(Rule):
    code = "MC101"
    name = "auth-on-mta-port"
    category = "security"
    severity = "warning"
    summary = "A daemon on port 25 lacks modifier `A`, so it offers SMTP AUTH on the relay port."
    explanation = (
        "Port 25 is where other mail servers deliver to you (RFC 5321); people submit their own "
        "mail on port 587 (RFC 6409). Unless the port-25 daemon carries the `A` modifier, "
        "sendmail advertises AUTH there (RFC 4954) as soon as authentication is configured, so "
        "anyone on the internet can try passwords against it, and clients may be set up to "
        "submit through the relay port. With `M=A` the port answers `503 5.3.3 AUTH not "
        "available` and AUTH stays on the submission port. This includes the daemon cf.m4 adds "
        "by itself when the file has no DAEMON_OPTIONS (cf.README, section on tweaking "
        "configuration options: DAEMON_OPTIONS and its modifiers); when the OSTYPE makes cf.m4 "
        "add an IPv4 and an IPv6 listener (solaris8, solaris11), the advice and the fix write "
        "out both, so IPv6 keeps its listener. A file that sets up no AUTH at all is still "
        "reported, with a message that says so: sendmail offers AUTH whenever its SASL library "
        "provides one of the default mechanisms. Daemons bound to a loopback address, and "
        "cf.m4's defaults in a file that is only a piece of a configuration, are not reported."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        configured = auth_mechanisms_set_up(context)
        implied = [d for d in daemons(context) if d.implied and d.is_mta_port and "A" not in d.modifiers]
        if implied:
            yield self._implied_finding(context, implied, configured)
        for daemon in daemons(context):
            if daemon.implied or not daemon.is_mta_port or "A" in daemon.modifiers or daemon.is_loopback or address_unknown(daemon):
                continue
            edit = add_modifier_edit(context, daemon, "A")
            fix = self.fix("Add modifier `A`: port 25 stops offering AUTH", edit) if edit is not None else None
            yield self.finding(
                daemon_span(context, daemon),
                f"{sentence(describe(daemon))} {_offers(configured)}; add `A` to its modifiers (`M=A`) "
                "so AUTH is only offered on the submission port.",
                fix,
            )

    def _implied_finding(self, context: Context, implied: "list[Daemon]", configured: bool) -> Finding:
        # cf.m4 writes one default MTA line, or two (IPv4 and IPv6) when the
        # OSTYPE defines _NETINET6_ (solaris8, solaris11): the advice writes
        # out every one of them, so IPv6 keeps its listener.
        lines = _replacement_lines(implied)
        if len(implied) == 1:
            what = sentence(describe(implied[0]))
        else:
            names = " and ".join(f"`{d.option_value}`" for d in implied)
            what = f"The default daemons cf.m4 adds on port 25 for this OSTYPE ({names})"
        written = " and ".join(f"`{line.rstrip()}`" for line in lines)
        return self.finding(
            daemon_span(context, implied[0]),
            f"{what} {_offers(configured, len(implied) > 1)}; add {written} after OSTYPE so AUTH is only offered on the "
            "submission port.",
            self._default_daemon_fix(context, lines),
        )

    def _default_daemon_fix(self, context: Context, lines: "list[str]") -> "Optional[Fix]":
        position = self._insertion_point(context)
        if position is None:
            return None
        offset, prefix = position
        return self.fix(
            "Write the MTA daemon out with `M=A`: port 25 stops offering AUTH",
            self.edit(offset, offset, prefix + "".join(lines)),
        )

    @staticmethod
    def _insertion_point(context: Context) -> Optional[tuple[int, str]]:
        ostype = context.config.ostype_site
        if ostype is not None and not ostype.via:
            return insertion_after_line(context, max(ostype.span.start, ostype.span.end - 1))
        if context.config.mailers:
            first = min(context.config.mailers, key=lambda mailer: mailer.site.span.start)
            start = top_level_line_start(context, first.site.span.start)
            if start is not None:
                return start, ""
        return None
