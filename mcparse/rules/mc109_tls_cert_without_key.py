"""MC109 tls-cert-without-key: a STARTTLS certificate without its key, or the reverse."""

from __future__ import annotations

from typing import Iterator, Optional

from ._security import last_option, report_span
from .base import Context, Finding, Rule

# (role, certificate variable, cf option, key variable, cf option)
PAIRS = (
    ("server", "confSERVER_CERT", "ServerCertFile", "confSERVER_KEY", "ServerKeyFile"),
    ("client", "confCLIENT_CERT", "ClientCertFile", "confCLIENT_KEY", "ClientKeyFile"),
)

CONSEQUENCE = {
    "server": (
        "sendmail will not offer STARTTLS to clients (and an implicit-TLS `M=s` port resets "
        "every connection), without any error when it starts"
    ),
    "client": (
        "sendmail will present no client certificate when it connects to other servers, so "
        "servers that require one will refuse it"
    ),
}


def _set(value: Optional[str]) -> bool:
    return value is not None and value.strip() != ""


class TlsCertWithoutKey(Rule):
    code = "MC109"
    name = "tls-cert-without-key"
    category = "security"
    severity = "error"
    summary = "A STARTTLS certificate is configured without its private key, or a key without its certificate."
    explanation = (
        "A certificate is useless without the private key that matches it, and the other way "
        "round. When only one of confSERVER_CERT and confSERVER_KEY is set, sendmail quietly "
        "drops STARTTLS (RFC 3207) from its EHLO reply: mail that should travel encrypted goes "
        "in clear, AUTH mechanisms that wait for TLS are never offered, and an implicit-TLS "
        "port (RFC 8314) cannot complete a handshake. Neither m4 nor sendmail's start-up says "
        "anything. The same holds for confCLIENT_CERT and confCLIENT_KEY, used when sendmail "
        "connects to other servers (cf.README: STARTTLS, which lists the certificate, key and "
        "CA variables to set together). The key may live in the same file as the certificate; "
        "then name that file in both variables."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confCACERT', `/etc/mail/tls/ca.crt')dnl\n"
        "define(`confSERVER_CERT', `/etc/mail/tls/server.crt')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confCACERT', `/etc/mail/tls/ca.crt')dnl\n"
        "define(`confSERVER_CERT', `/etc/mail/tls/server.crt')dnl\n"
        "define(`confSERVER_KEY', `/etc/mail/tls/server.key')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        for role, cert_name, cert_option, key_name, key_option in PAIRS:
            cert = _set(last_option(config, cert_option, cert_name))
            key = _set(last_option(config, key_option, key_name))
            if cert == key:
                continue
            present, missing = (cert_name, key_name) if cert else (key_name, cert_name)
            what = "certificate" if cert else "private key"
            yield self.finding(
                report_span(context, present),
                f"{present} names a {role} {what} but {missing} is not set, so "
                f"{CONSEQUENCE[role]}; define {missing} as well.",
            )
