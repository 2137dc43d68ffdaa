"""MC112 version-in-banner: the SMTP greeting shows sendmail's version."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, Optional

from ._security import file_definitions, last_option, plain_define_value, reachable_from_network, report_span
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix

# $v is sendmail's version, $Z the version of the configuration.
VERSION_MACROS = re.compile(r"\$[vZ]")
# The version parts as cf.m4 and most admins write them: "Sendmail $v/$Z",
# " $v", "/$Z"; removing them keeps the rest of the greeting as written.
_VERSION_TEXT = re.compile(r"\s*/?\$[vZ](?:/\$[vZ])?")


class VersionInBanner(Rule):
    code = "MC112"
    name = "version-in-banner"
    category = "security"
    severity = "info"
    # cf.m4's own greeting carries the version, so this would fire on almost
    # every file: it is for sites that follow a hardening baseline.
    default_enabled = False
    summary = "The SMTP greeting (confSMTP_LOGIN_MSG) includes sendmail's version ($v or $Z)."
    explanation = (
        "Every client that connects first sees the 220 greeting built from "
        "confSMTP_LOGIN_MSG. cf.m4's default, `$j Sendmail $v/$Z; $b`, shows the exact sendmail "
        "and configuration versions, which lets a scanner pick exploits for that release "
        "without probing further. Hiding it is cheap hardening, not a fix for anything, and "
        "the version also appears in HELP replies and Received headers; baselines such as the "
        "DISA STIG for sendmail still ask for it. Because the default shows the version, this "
        "rule is off unless selected (cf.README: confSMTP_LOGIN_MSG, which must start with $j)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confSMTP_LOGIN_MSG', `$j Sendmail $v/$Z; $b')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confSMTP_LOGIN_MSG', `$j Sendmail; $b')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    # Unsafe: the greeting every client sees changes.
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        greeting = last_option(config, "SmtpGreetingMessage", "confSMTP_LOGIN_MSG")
        if greeting is None or not VERSION_MACROS.search(greeting):
            return
        if not reachable_from_network(context):
            return  # only local programs see the greeting
        origin = "cf.m4's default greeting" if not file_definitions(config, "confSMTP_LOGIN_MSG") \
            else "The greeting"
        yield self.finding(
            report_span(context, "confSMTP_LOGIN_MSG"),
            f"{origin} `{greeting}` will tell every client which sendmail version runs here; "
            "define confSMTP_LOGIN_MSG without `$v` and `$Z`, e.g. `$j Sendmail; $b`.",
            self._fix(context),
        )

    def _fix(self, context: Context) -> "Optional[Fix]":
        definitions = file_definitions(context.config, "confSMTP_LOGIN_MSG")
        if not definitions:
            return None
        quoted = plain_define_value(context, definitions[-1])
        if quoted is None:
            return None
        stripped = _VERSION_TEXT.sub("", quoted.value)
        if VERSION_MACROS.search(stripped) or not stripped.strip():
            return None
        return self.fix(
            "Remove `$v` and `$Z` from the greeting",
            self.edit(quoted.span.start + 1, quoted.span.end - 1, stripped),
        )
