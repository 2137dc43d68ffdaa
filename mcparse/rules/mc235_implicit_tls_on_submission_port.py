"""MC235 implicit-tls-on-submission-port: `M=s` on port 587, where clients expect STARTTLS."""

from __future__ import annotations

from typing import Iterator

from ._daemons import daemon_span, describe, sentence
from ._scope import daemons
from .base import Context, Finding, Rule

SUBMISSION_PORT = 587


class ImplicitTlsOnSubmissionPort(Rule):
    code = "MC235"
    name = "implicit-tls-on-submission-port"
    category = "correctness"
    severity = "error"
    summary = "A daemon on port 587 has modifier `s`, so it waits for a TLS handshake where mail clients start in plain text."
    explanation = (
        "The `s` modifier makes a daemon speak SMTP over TLS from the first byte (the old smtps "
        "wrapper). That belongs on port 465, the implicit-TLS submission port of RFC 8314. Port "
        "587 is the submission port of RFC 6409: clients connect in plain text, read the 220 "
        "greeting, send EHLO and then STARTTLS. Against a daemon with `s` they send nothing "
        "while sendmail waits for a TLS ClientHello, and the connection hangs until one side "
        "times out; no mail client configured for port 587 can submit. Keep 587 without `s` "
        "(STARTTLS is offered there once a certificate is configured) and put `s` on a daemon "
        "with `Port=smtps` (cf.README: DAEMON_OPTIONS modifiers under TWEAKING CONFIGURATION "
        "OPTIONS)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Family=inet, Port=587, Name=MTA-SSL, M=s')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Family=inet, Port=smtps, Name=MTA-SSL, M=s')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for daemon in daemons(context):
            if daemon.port_number != SUBMISSION_PORT or "s" not in daemon.modifiers:
                continue
            yield self.finding(
                daemon_span(context, daemon),
                f"{sentence(describe(daemon))} listens on the submission port 587 with `s`: it expects a "
                "TLS handshake at once, while clients on 587 start in plain text and ask for STARTTLS, so "
                "they hang until a timeout; move `s` to a daemon with `Port=smtps` (465) and keep 587 "
                "without it.",
            )
