"""MC101 auth-on-mta-port: port 25 offers AUTH to anyone who connects."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._daemons import add_modifier_edit, daemon_span, describe, insertion_after_line, sentence, top_level_line_start
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix

DEFAULT_MTA_LINE = "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"


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
        "configuration options: DAEMON_OPTIONS and its modifiers). Daemons bound to a loopback "
        "address are not reported."
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
        implied = [d for d in context.config.daemons if d.implied and d.is_mta_port]
        for daemon in context.config.daemons:
            if not daemon.is_mta_port or "A" in daemon.modifiers or daemon.is_loopback:
                continue
            fix = None
            if daemon.implied:
                # Two implied daemons (IPv4 + IPv6 on some OSTYPEs) cannot be
                # replaced by the one line this fix writes.
                if len(implied) == 1:
                    fix = self._default_daemon_fix(context)
                how = "add `DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl` after OSTYPE"
            else:
                edit = add_modifier_edit(context, daemon, "A")
                if edit is not None:
                    fix = self.fix("Add modifier `A`: port 25 stops offering AUTH", edit)
                how = "add `A` to its modifiers (`M=A`)"
            yield self.finding(
                daemon_span(context, daemon),
                f"{sentence(describe(daemon))} will offer AUTH to anyone who connects to port 25, "
                f"inviting password guessing on the relay port; {how} so AUTH is only offered on "
                "the submission port.",
                fix,
            )

    def _default_daemon_fix(self, context: Context) -> "Optional[Fix]":
        position = self._insertion_point(context)
        if position is None:
            return None
        offset, prefix = position
        return self.fix(
            "Write the MTA daemon out with `M=A`: port 25 stops offering AUTH",
            self.edit(offset, offset, prefix + DEFAULT_MTA_LINE),
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
