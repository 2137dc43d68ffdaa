"""MC106 mta-requires-auth: modifier `a` on port 25 refuses mail from other servers."""

from __future__ import annotations

from typing import Iterator

from ._daemons import daemon_span, describe, sentence
from ._scope import daemons
from .base import Context, Finding, Rule


class MtaRequiresAuth(Rule):
    code = "MC106"
    name = "mta-requires-auth"
    category = "security"
    severity = "error"
    summary = "A public daemon on port 25 carries modifier `a`, so it refuses mail from anyone who has not authenticated."
    explanation = (
        "Port 25 is where the rest of the internet delivers mail for your domains (RFC 5321), "
        "and other mail servers do not log in to deliver. The `a` modifier makes a daemon answer "
        "`530 5.7.0 Authentication required` to every MAIL command from a client that has not "
        "authenticated (RFC 4954), so on port 25 it silently stops all incoming mail: senders "
        "retry for days and then bounce. cf.README warns against `a` on a publicly reachable "
        "MTA (tweaking configuration options: DAEMON_OPTIONS). Require AUTH on the submission "
        "port instead (587 with `M=Ea`, RFC 6409, or 465 with `M=sEa`, RFC 8314). Daemons "
        "bound to a loopback address are not reported."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=a')dnl\n"
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

    def check(self, context: Context) -> Iterator[Finding]:
        for daemon in daemons(context):
            if not daemon.is_mta_port or "a" not in daemon.modifiers or daemon.is_loopback:
                continue
            also = (
                " (and its `A` switches AUTH off there, so nobody can ever send)"
                if "A" in daemon.modifiers else ""
            )
            yield self.finding(
                daemon_span(context, daemon),
                f"{sentence(describe(daemon))} will answer `530 Authentication required` to every "
                f"server that tries to deliver mail to you{also}; remove `a` from its modifiers "
                "and require AUTH on the submission port instead.",
            )
