"""MC118 daemon-listens-on-all-interfaces: a daemon without Addr= (opt-in)."""

from __future__ import annotations

from typing import Iterator

from ._daemons import daemon_span, describe, sentence
from ._security import is_wildcard_address
from ._scope import daemons
from .base import Context, Finding, Rule


class DaemonListensOnAllInterfaces(Rule):
    code = "MC118"
    name = "daemon-listens-on-all-interfaces"
    category = "security"
    severity = "info"
    # A mail server must listen on the network, so this only helps hosts that
    # should not receive mail from outside; they select it.
    default_enabled = False
    summary = "A daemon has no `Addr=` (or the any-address), so it accepts connections on every network interface."
    explanation = (
        "Without `Addr=` a DAEMON_OPTIONS line, and each daemon cf.m4 adds by itself, listens "
        "on every address of the host (the any-address). That is right for a mail server, but "
        "most machines run sendmail only to send their own mail and hand it to a smarthost; "
        "for them every open port is attack surface. Hardening guides (CIS benchmarks: mail "
        "transfer agent in local-only mode; the DISA STIG for sendmail) ask for "
        "`Addr=127.0.0.1` (and `Addr=::1` with `Family=inet6`), as Debian's stock sendmail.mc "
        "does (cf.README: tweaking configuration options, DAEMON_OPTIONS; the "
        "DaemonPortOptions option in the Installation and Operation Guide). Off by default: "
        "select it for hosts that are not mail servers."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=MTA')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for daemon in daemons(context):
            if daemon.family not in ("inet", "inet6") or not is_wildcard_address(daemon):
                continue
            port = daemon.port_number if daemon.port_number is not None else daemon.port
            yield self.finding(
                daemon_span(context, daemon),
                f"{sentence(describe(daemon))} will accept connections to port {port} on every "
                "network interface; if this host should not receive mail from the network, "
                "add `Addr=127.0.0.1` (or `Addr=::1` for inet6).",
            )
