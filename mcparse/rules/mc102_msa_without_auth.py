"""MC102 msa-without-auth: the submission port takes mail without a password."""

from __future__ import annotations

from typing import Iterator

from ._daemons import address_unknown, add_modifier_edit, daemon_span, describe, has_explicit_submission, sentence
from ._scope import daemons
from .base import Context, Finding, Rule


class MsaWithoutAuth(Rule):
    code = "MC102"
    name = "msa-without-auth"
    category = "security"
    severity = "warning"
    summary = "A submission daemon (port 587 or Name=MSA) lacks modifier `a`, so it accepts mail without AUTH."
    explanation = (
        "The submission port exists so that a mail server can tell its own users, who log in, "
        "from the rest of the internet (RFC 6409). Without the `a` modifier sendmail's MSA "
        "accepts MAIL FROM from anyone who connects, logged in or not: relaying is still "
        "refused, but anybody can hand it mail for your users with a forged local sender. "
        "With `M=Ea` it answers `530 5.7.0 Authentication required` until the client has "
        "authenticated (RFC 4954). This includes the MSA cf.m4 adds by itself unless "
        "FEATURE(`no_default_msa') is used (cf.README: tweaking configuration options, "
        "DAEMON_OPTIONS; features: no_default_msa). Loopback-only daemons are not reported."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=E')dnl\n"
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
        explicit = has_explicit_submission(context)
        for daemon in daemons(context):
            if not daemon.is_submission or "a" in daemon.modifiers or daemon.is_loopback or address_unknown(daemon):
                continue
            if daemon.implied and explicit:
                continue  # the duplicate default MSA is default-msa-not-disabled's finding
            fix = None
            keep = ""
            if daemon.implied:
                how = "declare the MSA yourself with `DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')` and add " \
                    "FEATURE(`no_default_msa')"
                keep = _keep_port_25(context)
            else:
                how = "add `a` to its modifiers (`M=Ea`)"
                edit = add_modifier_edit(context, daemon, "a")
                if edit is not None:
                    fix = self.fix("Add modifier `a`: submission then requires AUTH", edit)
            yield self.finding(
                daemon_span(context, daemon),
                f"{sentence(describe(daemon))} will accept mail from anyone who connects, without "
                f"a login; {how} so it answers 530 until the client authenticates{keep}.",
                fix,
            )


def _keep_port_25(context: Context) -> str:
    """The rest of the advice when the file declares no daemon at all: cf.m4
    then also adds its port-25 daemon(s), but only while no DAEMON_OPTIONS is
    written (proto.m4), so declaring the MSA alone would close port 25."""
    relay = [d for d in daemons(context) if d.implied and not d.is_submission]
    if not relay:
        return ""
    kept = " and ".join(f"`DAEMON_OPTIONS(`{d.option_value}')`" for d in relay)
    plural = len(relay) > 1
    return (
        f"; also write {kept}, or port 25 closes: cf.m4 adds its own port-25 "
        f"{'daemons' if plural else 'daemon'} only while the file declares none"
    )
