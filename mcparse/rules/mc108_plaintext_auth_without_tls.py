"""MC108 plaintext-auth-without-tls: PLAIN/LOGIN offered on unencrypted sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._security import (
    append_to_define,
    auth_option_letters,
    last_option,
    option_lines,
    report_span,
    tls_server_configured,
    words,
)
from ._scope import daemons
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix
    from ..model.config import Daemon

# Mechanisms that send the password itself (base64 is an encoding, not a cipher).
PLAINTEXT_MECHANISMS = ("PLAIN", "LOGIN")


def offers_auth_in_clear(daemon: "Daemon", tls: bool) -> bool:
    """A daemon that offers AUTH to remote clients before any encryption."""
    if "A" in daemon.modifiers or daemon.is_loopback:
        return False
    # With `s` and a usable certificate the session is encrypted from the first byte.
    return not ("s" in daemon.modifiers and tls)


class PlaintextAuthWithoutTls(Rule):
    code = "MC108"
    name = "plaintext-auth-without-tls"
    category = "security"
    severity = "warning"
    summary = "AUTH PLAIN/LOGIN is offered while confAUTH_OPTIONS lacks `p`, so passwords can cross the network unencrypted."
    explanation = (
        "PLAIN and LOGIN send the user's password itself, only base64-encoded. RFC 4954 "
        "requires a server to be able to refuse such mechanisms on an unprotected session, and "
        "RFC 4616 says PLAIN should not be offered without TLS. sendmail does that when "
        "AuthOptions contains `p`: it then lists PLAIN and LOGIN only after STARTTLS (RFC 3207) "
        "has encrypted the session. Without `p` they are offered on the first EHLO, and a "
        "client that does not insist on STARTTLS, or an attacker who strips it from the EHLO "
        "reply, sends the password in clear. If the file configures no server certificate "
        "(confSERVER_CERT and confSERVER_KEY) there is no TLS at all; add it first, because "
        "`p` without TLS leaves no mechanism to log in with (cf.README: SMTP AUTHENTICATION and "
        "STARTTLS; the AuthOptions option). Daemons with `A` (no AUTH), loopback daemons and "
        "implicit-TLS daemons (`s`) with a certificate are not counted."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confSERVER_CERT', `/etc/mail/tls/server.crt')dnl\n"
        "define(`confSERVER_KEY', `/etc/mail/tls/server.key')dnl\n"
        "define(`confAUTH_MECHANISMS', `LOGIN PLAIN')dnl\n"
        "define(`confAUTH_OPTIONS', `A')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confSERVER_CERT', `/etc/mail/tls/server.crt')dnl\n"
        "define(`confSERVER_KEY', `/etc/mail/tls/server.key')dnl\n"
        "define(`confAUTH_MECHANISMS', `LOGIN PLAIN')dnl\n"
        "define(`confAUTH_OPTIONS', `A,p')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        mechanisms = last_option(config, "AuthMechanisms", "confAUTH_MECHANISMS")
        if mechanisms is None:
            return  # sendmail's default list holds no plaintext mechanism
        plaintext = [m for m in PLAINTEXT_MECHANISMS if m in {w.upper() for w in words(mechanisms)}]
        if not plaintext:
            return
        if "p" in auth_option_letters(option_lines(config, "AuthOptions", "confAUTH_OPTIONS")):
            return
        tls = tls_server_configured(config)
        if not any(offers_auth_in_clear(daemon, tls) for daemon in daemons(context)):
            return
        offered = " and ".join(plaintext)
        if tls:
            message = (
                f"AUTH {offered} will be offered before STARTTLS, so a client that does not start "
                "TLS sends its password unencrypted; add `p` to confAUTH_OPTIONS (e.g. `A,p`) so "
                "these mechanisms appear only on encrypted sessions."
            )
            fix = self._fix(context)
        else:
            message = (
                f"AUTH {offered} will be offered and this file configures no TLS certificate, so "
                "every login sends its password unencrypted; define confSERVER_CERT and "
                "confSERVER_KEY, then add `p` to confAUTH_OPTIONS."
            )
            fix = None
        yield self.finding(report_span(context, "confAUTH_OPTIONS", "confAUTH_MECHANISMS"), message, fix)

    def _fix(self, context: Context) -> "Optional[Fix]":
        edit = append_to_define(context, "confAUTH_OPTIONS", "p")
        if edit is None:
            return None
        return self.fix("Add `p` to confAUTH_OPTIONS: PLAIN and LOGIN are then offered only after STARTTLS", edit)
