"""MC502 deprecated-conf-variable: a conf variable that is obsolete or kept only for compatibility."""

from __future__ import annotations

from typing import Iterator

from ._m4 import COMPAT_ONLY_CONF
from .base import Context, Finding, Rule


class DeprecatedConfVariable(Rule):
    code = "MC502"
    name = "deprecated-conf-variable"
    category = "deprecated"
    severity = "warning"
    summary = "The file defines a conf variable that sendmail-cf marks obsolete or keeps only for old configurations."
    explanation = (
        "Several conf variables outlived their purpose. Some are obsolete: cf.m4 warns and "
        "ignores them or passes them on in a different form (confDAEMON_OPTIONS and "
        "confCLIENT_OPTIONS became the DAEMON_OPTIONS and CLIENT_OPTIONS macros, "
        "confREAD_TIMEOUT and confMESSAGE_TIMEOUT were split into individual timeouts, "
        "confDEF_GROUP_ID moved into confDEF_USER_ID, confAUTO_REBUILD was removed). Others "
        "still set an option but are superseded (confDEF_AUTH_INFO by "
        "FEATURE(`authinfo'), confUNSAFE_GROUP_WRITES by confDONT_BLAME_SENDMAIL). Use the "
        "replacement, or drop the define (cf.README, TWEAKING CONFIGURATION OPTIONS lists the "
        "current variables)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confDAEMON_OPTIONS', `Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import load_vocabulary

        variables = load_vocabulary().conf_variables
        for variable in context.config.conf.values():
            known = variables.get(variable.name)
            if known is None or not known.deprecated or variable.name in COMPAT_ONLY_CONF:
                continue
            for definition in variable.definitions:
                if definition.value is None or any("/" in step for step in definition.site.via):
                    continue
                state = "obsolete" if known.obsolete else "deprecated"
                advice = f"use {known.replacement} instead" if known.replacement else "remove the define"
                yield self.finding(
                    definition.site.span,
                    f"{variable.name} is {state} ({_lower_first(known.summary)}); {advice}.",
                )


def _lower_first(text: str) -> str:
    text = text.rstrip(".")
    if text.lower().startswith("obsolete: "):
        text = text[len("obsolete: "):]
    return text[:1].lower() + text[1:]
