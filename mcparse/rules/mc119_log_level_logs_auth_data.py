"""MC119 log-level-logs-auth-data: LogLevel 15+ writes AUTH credentials to syslog."""

from __future__ import annotations

from typing import Iterator

from ._security import auth_configured, last_option, parse_level, report_span
from ._scope import daemons
from .base import Context, Finding, Rule

# From this level on sendmail logs every SMTP command line it receives.
COMMAND_LOGGING_LEVEL = 15


class LogLevelLogsAuthData(Rule):
    code = "MC119"
    name = "log-level-logs-auth-data"
    category = "security"
    severity = "warning"
    summary = "LogLevel 15 or more logs every SMTP command, including AUTH lines that carry passwords."
    explanation = (
        "At LogLevel 15 and above sendmail writes each SMTP command it receives to syslog "
        "before acting on it (Installation and Operation Guide, section Log Level: 15 logs all "
        "incoming SMTP commands). With AUTH PLAIN the client usually sends its credentials on "
        "the command line itself (`AUTH PLAIN <base64>`, RFC 4616 and RFC 4954's initial "
        "response), and base64 is an encoding anyone can undo. Every password used on the "
        "server then sits in the mail log, readable by whoever can read or receive the logs. "
        "Levels up to 14 already log connections, relay decisions and authentication "
        "results; use 15 and above only briefly for debugging, on a server without AUTH users."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `20')dnl\n"
        "define(`confAUTH_MECHANISMS', `PLAIN LOGIN')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `14')dnl\n"
        "define(`confAUTH_MECHANISMS', `PLAIN LOGIN')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        level = parse_level(last_option(context.config, "LogLevel", "confLOG_LEVEL"))
        if level is None or level < COMMAND_LOGGING_LEVEL or not auth_configured(context):
            return
        if all("A" in daemon.modifiers for daemon in daemons(context)):
            return  # no daemon offers AUTH, so no credentials arrive
        yield self.finding(
            report_span(context, "confLOG_LEVEL"),
            f"At LogLevel {level} sendmail will write every SMTP command to syslog, including "
            "`AUTH PLAIN` lines that carry users' passwords in base64; keep confLOG_LEVEL at 14 "
            "or lower on a server that accepts AUTH.",
        )
