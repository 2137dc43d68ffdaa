"""MC103 etrn-on-msa: the submission port accepts ETRN."""

from __future__ import annotations

from typing import Iterator

from ._daemons import add_modifier_edit, daemon_span, describe, has_explicit_submission, sentence
from ._scope import daemons
from ._security import flag_union, option_lines
from .base import Context, Finding, Rule


class EtrnOnMsa(Rule):
    code = "MC103"
    name = "etrn-on-msa"
    category = "security"
    severity = "warning"
    summary = "A submission daemon (port 587 or Name=MSA) lacks modifier `E`, so it accepts ETRN."
    explanation = (
        "ETRN (RFC 1985) lets a client ask the server to start a queue run for a domain. It "
        "is meant for intermittently connected mail servers on the relay port and has no place "
        "on the submission port, where RFC 6409 expects it to be refused. The `E` modifier makes "
        "sendmail answer ETRN with `502 5.7.0`; cf.m4's own MSA line carries it, but "
        "hand-written MSA lines often lose it (cf.README: tweaking configuration options, "
        "DAEMON_OPTIONS modifiers). A file whose confPRIVACY_FLAGS include `noetrn` refuses "
        "ETRN on every port and is not reported (`goaway` does not include `noetrn`)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=a')dnl\n"
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
        # PrivacyOptions noetrn refuses ETRN on every daemon (`goaway` does not
        # include it); sendmail ORs the flags of every PrivacyOptions line.
        if "noetrn" in flag_union(option_lines(context.config, "PrivacyOptions", "confPRIVACY_FLAGS")):
            return
        explicit = has_explicit_submission(context)
        for daemon in daemons(context):
            if not daemon.is_submission or "E" in daemon.modifiers:
                continue
            if daemon.implied and explicit:
                continue  # reported as default-msa-not-disabled
            edit = None if daemon.implied else add_modifier_edit(context, daemon, "E")
            fix = self.fix("Add modifier `E`: the submission port refuses ETRN", edit) if edit else None
            yield self.finding(
                daemon_span(context, daemon),
                f"{sentence(describe(daemon))} will start queue runs for anyone who sends ETRN; "
                "add `E` to its modifiers so the submission port refuses it.",
                fix,
            )
