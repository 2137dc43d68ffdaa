"""MC114 smtps-port-without-s: a daemon on port 465 that does not start TLS."""

from __future__ import annotations

from typing import Iterator

from ._daemons import add_modifier_edit, daemon_span, describe, sentence
from ._security import tls_server_configured
from ._scope import daemons
from .base import Context, Finding, Rule

SMTPS_PORT = 465


class SmtpsPortWithoutS(Rule):
    code = "MC114"
    name = "smtps-port-without-s"
    category = "security"
    severity = "error"
    summary = "A daemon on port 465 (smtps/submissions) lacks modifier `s`, so it speaks plain SMTP where clients expect TLS."
    explanation = (
        "Port 465 is the implicit-TLS submission port (RFC 8314): a client connects and starts "
        "the TLS handshake at once, before any SMTP greeting. sendmail only does that on a "
        "daemon with the `s` modifier; without it the daemon sends a plaintext 220 greeting "
        "that clients configured for port 465 take as a failed handshake, so nobody can submit "
        "there, and a client that falls back to plaintext sends everything, password included, "
        "in clear. `s` also needs a server certificate and key (confSERVER_CERT, "
        "confSERVER_KEY). A submission daemon on 465 usually reads `Port=465, Name=MSA-TLS, "
        "M=sEa` (cf.README: tweaking configuration options, DAEMON_OPTIONS modifiers; STARTTLS)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confSERVER_CERT', `/etc/mail/tls/server.crt')dnl\n"
        "define(`confSERVER_KEY', `/etc/mail/tls/server.key')dnl\n"
        "DAEMON_OPTIONS(`Port=smtps, Name=TLSMTA, M=Ea')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confSERVER_CERT', `/etc/mail/tls/server.crt')dnl\n"
        "define(`confSERVER_KEY', `/etc/mail/tls/server.key')dnl\n"
        "DAEMON_OPTIONS(`Port=smtps, Name=TLSMTA, M=sEa')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        tls = tls_server_configured(context.config)
        for daemon in daemons(context):
            if daemon.port_number != SMTPS_PORT or "s" in daemon.modifiers:
                continue
            fix = None
            if tls:
                edit = add_modifier_edit(context, daemon, "s")
                if edit is not None:
                    fix = self.fix("Add modifier `s`: the port then starts with a TLS handshake", edit)
                how = "add `s` to its modifiers"
            else:
                how = "add `s` to its modifiers and define confSERVER_CERT and confSERVER_KEY"
            yield self.finding(
                daemon_span(context, daemon),
                f"{sentence(describe(daemon))} listens on port 465 but will greet clients in "
                f"plaintext instead of starting TLS, so implicit-TLS clients cannot use it; {how}.",
                fix,
            )
