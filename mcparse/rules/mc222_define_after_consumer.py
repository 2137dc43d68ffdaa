"""MC222 define-after-consumer: a variable defined after the MAILER/FEATURE that reads it."""

from __future__ import annotations

from typing import Iterator, Optional

from ._correctness import quote_name
from .base import Context, Finding, Rule

# Prefix of the variables each mailer file reads while MAILER() expands it
# (read from sendmail-cf 8.17's mailer/*.m4).
MAILER_PREFIXES = {
    "CYRUS_MAILER_": "cyrus", "CYRUSV2_MAILER_": "cyrusv2", "FAX_MAILER_": "fax",
    "LOCAL_MAILER_": "local", "LOCAL_SHELL_": "local", "MAIL11_MAILER_": "mail11",
    "PH_MAILER_": "phquery", "POP_MAILER_": "pop", "PROCMAIL_MAILER_": "procmail",
    "QPAGE_MAILER_": "qpage", "SMTP_MAILER_": "smtp", "ESMTP_MAILER_": "smtp",
    "SMTP8_MAILER_": "smtp", "DSMTP_MAILER_": "smtp", "RELAY_MAILER_": "smtp",
    "SSH_MAILER_": "ssh", "USENET_MAILER_": "usenet", "UUCP_MAILER_": "uucp",
    "XAGENT_MAILER_": "xagent",
}
# Features whose file writes a map line with DATABASE_MAP_TYPE when it is included.
MAP_FEATURES = (
    "access_db", "authinfo", "bcc", "bitdomain", "domaintable", "drac", "genericstable",
    "mailertable", "uucpdomain", "virtusertable",
)


class DefineAfterConsumer(Rule):
    code = "MC222"
    name = "define-after-consumer"
    category = "correctness"
    severity = "warning"
    summary = "A variable is defined after the MAILER or FEATURE that reads it, so the definition has no effect."
    explanation = (
        "Unlike the conf* options, which cf.m4 writes at the very end, some variables are read "
        "the moment a MAILER or FEATURE line is expanded: the mailer settings "
        "(SMTP_MAILER_MAX, LOCAL_MAILER_PATH, RELAY_MAILER_ARGS, ...), DATABASE_MAP_TYPE for "
        "every feature that declares a map, and LUSER_RELAY for preserve_luser_host. "
        "Defined later, they are silently ignored: the mailer keeps its default, or one map "
        "ends up `hash' while the next is `btree' (cf.README: INTRODUCTION AND EXAMPLE on "
        "definitions that influence a FEATURE; MAILERS; the DATABASE_MAP_TYPE note under "
        "FEATURES). Move the define above the line that reads it."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
        "define(`SMTP_MAILER_MAX', `10000000')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`SMTP_MAILER_MAX', `10000000')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        for macro in config.user_macros:
            consumer = self._consumer(context, macro.name)
            if consumer is None:
                continue
            label, start = consumer
            if macro.site.span.start > start:
                yield self.finding(
                    macro.site.span,
                    f"{macro.name} is defined after {label}, which has already read it: this define "
                    f"has no effect; move it above {label}.",
                )

    @staticmethod
    def _consumer(context: Context, name: str) -> Optional[tuple[str, int]]:
        config = context.config
        mailer_name = next((m for p, m in MAILER_PREFIXES.items() if name.startswith(p)), None)
        if mailer_name is not None:
            mailer = next((m for m in config.mailers if m.name == mailer_name), None)
            if mailer is not None:
                return f"MAILER({quote_name(mailer_name)})", mailer.site.span.start
            return None
        if name == "DATABASE_MAP_TYPE":
            users = [f for f in config.features if f.name in MAP_FEATURES]
            if users:
                first = min(users, key=lambda f: f.site.span.start)
                return f"FEATURE({quote_name(first.name)})", first.site.span.start
            return None
        if name == "LUSER_RELAY":
            feature = config.feature("preserve_luser_host")
            if feature is not None:
                return "FEATURE(`preserve_luser_host')", feature.site.span.start
        return None
