"""MC111 log-level-too-low: LogLevel below sendmail's default of 9."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._security import file_definitions, last_option, parse_level, plain_define_value, report_span
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix

DEFAULT_LEVEL = 9

# What each level adds to the log (Installation and Operation Guide, "Log Level").
LOST_AT_LEVEL = {
    4: "rejections by the check_* rulesets (relay and access denials)",
    5: "message statistics",
    6: "VRFY and EXPN requests and generated error messages",
    7: "failed deliveries",
    8: "successful deliveries",
    9: "deferred messages",
}


class LogLevelTooLow(Rule):
    code = "MC111"
    name = "log-level-too-low"
    category = "security"
    severity = "warning"
    summary = "LogLevel is below 9, so sendmail stops logging deliveries, deferrals and rejected relay attempts."
    explanation = (
        "sendmail's LogLevel decides what reaches syslog; cf.m4's default is 9. Each level "
        "below it drops a kind of event: deferred messages (9), successful deliveries (8), "
        "failed deliveries (7), VRFY/EXPN requests (6), message statistics (5) and, below 4, "
        "even the connections and relay attempts the check_* rulesets refuse. Without those "
        "lines nobody can trace a lost message, see that the host is being probed or used as a "
        "relay, or answer an abuse report. Security baselines such as the DISA STIG for "
        "sendmail require at least 9 (cf.README: confLOG_LEVEL; the Installation and Operation "
        "Guide, section Log Level)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `4')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `9')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        level = parse_level(last_option(context.config, "LogLevel", "confLOG_LEVEL"))
        if level is None or level >= DEFAULT_LEVEL:
            return
        lost = [text for at, text in sorted(LOST_AT_LEVEL.items(), reverse=True) if at > level]
        yield self.finding(
            report_span(context, "confLOG_LEVEL"),
            f"At LogLevel {level} sendmail will no longer log {', '.join(lost)}; raise "
            f"confLOG_LEVEL to at least {DEFAULT_LEVEL}.",
            self._fix(context),
        )

    def _fix(self, context: Context) -> "Optional[Fix]":
        definitions = file_definitions(context.config, "confLOG_LEVEL")
        if not definitions:
            return None
        quoted = plain_define_value(context, definitions[-1])
        if quoted is None:
            return None
        return self.fix(
            f"Set confLOG_LEVEL to {DEFAULT_LEVEL}",
            self.edit(quoted.span.start + 1, quoted.span.end - 1, str(DEFAULT_LEVEL)),
        )
