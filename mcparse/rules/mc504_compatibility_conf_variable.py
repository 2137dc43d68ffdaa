"""MC504 compatibility-conf-variable: an option cf.README keeps only for backward compatibility."""

from __future__ import annotations

from typing import Iterator

from ._m4 import COMPAT_ONLY_CONF
from .base import Context, Finding, Rule


class CompatibilityConfVariable(Rule):
    code = "MC504"
    name = "compatibility-conf-variable"
    category = "deprecated"
    severity = "info"
    summary = "The file sets a conf variable that cf.README marks as kept only for backward compatibility."
    explanation = (
        "cf.README's table of conf variables marks a few entries with `*`: "
        "confIGNORE_DOTS, confMIME_FORMAT_ERRORS, confOLD_STYLE_HEADERS, confSAFE_QUEUE and "
        "confUSE_ERRORS_TO still set their option today, but exist only so that old "
        "configurations keep working and may be dropped in a later release. Setting one is "
        "not wrong; it is worth checking that the setting is still needed, and that the "
        "default (which cf.m4 writes anyway) would not do."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confUSE_ERRORS_TO', `True')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for name in sorted(COMPAT_ONLY_CONF):
            variable = context.config.conf.get(name)
            if variable is None:
                continue
            for definition in variable.definitions:
                if definition.value is None or any("/" in step for step in definition.site.via):
                    continue
                yield self.finding(
                    definition.site.span,
                    f"{name} is kept only for backward compatibility and may disappear in a later "
                    "sendmail release; check whether this setting is still needed.",
                )
