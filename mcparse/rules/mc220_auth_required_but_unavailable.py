"""MC220 auth-required-but-unavailable: a daemon requires AUTH that it can never offer."""

from __future__ import annotations

from typing import Iterator, Optional

from ._correctness import option_letters, option_value, sees_everything
from ._daemons import daemon_span, describe, sentence
from ._scope import daemons
from .base import Context, Finding, Rule

PLAINTEXT_MECHANISMS = {"PLAIN", "LOGIN"}


class AuthRequiredButUnavailable(Rule):
    code = "MC220"
    name = "auth-required-but-unavailable"
    category = "correctness"
    severity = "error"
    summary = "A daemon requires AUTH (modifier `a') but can never offer it, so it refuses all mail."
    explanation = (
        "Modifier `a' makes a daemon refuse MAIL until the client has authenticated "
        "(`530 5.7.0 Authentication required'). If the daemon cannot offer AUTH at all, nobody "
        "can ever send through it. That happens when it also has `A' (which turns AUTH off "
        "and wins over `a'), or when confAUTH_OPTIONS contains `p' (no plaintext mechanisms "
        "without an encryption layer), every mechanism in confAUTH_MECHANISMS is PLAIN or "
        "LOGIN, and the daemon has no TLS: no server certificate and key, or modifier `S' "
        "(no STARTTLS), and not `s' (SMTPS). sendmail then lists no AUTH in EHLO, answers "
        "`503 5.3.3 AUTH not available' and refuses every message (RFC 4954; cf.README: "
        "DAEMON_OPTIONS and STARTTLS; AuthOptions in the Installation and Operation Guide)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confAUTH_MECHANISMS', `PLAIN LOGIN')dnl\n"
        "define(`confAUTH_OPTIONS', `p,y')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confAUTH_MECHANISMS', `PLAIN LOGIN')dnl\n"
        "define(`confAUTH_OPTIONS', `p,y')dnl\n"
        "define(`confSERVER_CERT', `/etc/mail/tls/server.crt')dnl\n"
        "define(`confSERVER_KEY', `/etc/mail/tls/server.key')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        plaintext_only = self._plaintext_only(context)
        tls = bool(option_value(context, "ServerCertFile")) and bool(option_value(context, "ServerKeyFile"))
        for daemon in daemons(context):
            modifiers = daemon.modifiers
            if "a" not in modifiers:
                continue
            reason: Optional[str] = None
            if "A" in modifiers:
                reason = "it also has modifier `A', which turns AUTH off and wins over `a'"
                remedy = "remove `A' from its modifiers (or `a', if AUTH is not wanted here)"
            elif plaintext_only and "s" not in modifiers and (not tls or "S" in modifiers):
                without = "modifier `S' turns STARTTLS off" if tls else "no server certificate and key are configured"
                reason = (
                    "confAUTH_OPTIONS has `p', which hides PLAIN and LOGIN until the session is "
                    f"encrypted, and {without}, so no mechanism is ever offered"
                )
                remedy = (
                    "allow STARTTLS here (drop `S')" if tls else
                    "configure TLS (confSERVER_CERT and confSERVER_KEY)"
                ) + " or remove `p' from confAUTH_OPTIONS"
            if reason is None:
                continue
            yield self.finding(
                daemon_span(context, daemon),
                f"{sentence(describe(daemon))} requires AUTH but can never offer it: {reason}; every "
                f"message gets `530 5.7.0 Authentication required'; {remedy}.",
            )

    @staticmethod
    def _plaintext_only(context: Context) -> bool:
        if not sees_everything(context):
            return False
        options = option_value(context, "AuthOptions")
        if options is None or not any(token.startswith("p") for token in option_letters(options)):
            return False
        mechanisms = option_value(context, "AuthMechanisms")
        if not mechanisms:
            return False  # the default list holds challenge-response mechanisms
        return set(mechanisms.upper().split()) <= PLAINTEXT_MECHANISMS
