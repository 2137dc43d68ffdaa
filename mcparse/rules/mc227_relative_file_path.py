"""MC227 relative-file-path: a file or directory setting that is not an absolute path."""

from __future__ import annotations

from typing import Iterator, Optional

from ._correctness import templated
from .base import Context, Finding, Rule

# Variables whose value is one path (cf.README: FILE LOCATIONS, STARTTLS).
PATH_VARIABLES = (
    "HELP_FILE", "QUEUE_DIR", "STATUS_FILE", "confCACERT", "confCACERT_PATH", "confCLIENT_CERT",
    "confCLIENT_KEY", "confCRL", "confCRL_PATH", "confCR_FILE", "confCT_FILE", "confCW_FILE",
    "confEBINDIR", "confHOSTS_FILE", "confPID_FILE", "confSAFE_FILE_ENV", "confSERVER_CERT",
    "confSERVER_KEY", "confSERVICE_SWITCH_FILE", "confSHARED_MEMORY_KEY_FILE", "confDEAD_LETTER_DROP",
)
# ALIAS_FILE entries may name a map class; only these read a file path.
FILE_MAP_CLASSES = ("hash", "btree", "dbm", "implicit", "text", "cdb")


def _relative(path: str) -> bool:
    path = path.strip()
    # Macros ($z, ${daemon_name}) are filled in by sendmail; leave them alone.
    return bool(path) and not path.startswith("/") and "$" not in path


def _relative_part(name: str, value: str) -> Optional[str]:
    """The relative path in a variable's value, if any."""
    if name == "ALIAS_FILE":
        for entry in value.split(","):
            entry = entry.strip()
            kind, colon, path = entry.partition(":")
            if colon and kind not in FILE_MAP_CLASSES:
                continue  # nis:, ldap:, sequence maps name no file
            candidate = path if colon else entry
            if _relative(candidate):
                return candidate.strip()
        return None
    if name in ("confCR_FILE", "confCT_FILE", "confCW_FILE"):
        # cf.m4 allows an optional `-o' (the file may be missing) before the path.
        parts = value.split()
        value = parts[-1] if parts else ""
    return value.strip() if _relative(value) else None


class RelativeFilePath(Rule):
    code = "MC227"
    name = "relative-file-path"
    category = "correctness"
    severity = "warning"
    summary = "A file or directory setting is a relative path, which sendmail resolves against whatever directory it runs in."
    explanation = (
        "sendmail changes into its queue directory and is started from many places (init "
        "scripts, cron, a shell), so a relative file name points to a different file depending "
        "on how it was started, or to none at all: the alias file, class files, TLS "
        "certificates or the PID file silently go missing. cf.README asks for absolute names "
        "everywhere (FILE LOCATIONS: relative file names most likely cause surprises). "
        "Values built from sendmail macros ($z, ...) and alias maps of other kinds (nis:, "
        "ldap:) are not reported."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confSERVER_CERT', `tls/server.crt')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confSERVER_CERT', `/etc/mail/tls/server.crt')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for name in ("ALIAS_FILE",) + PATH_VARIABLES:
            variable = context.config.conf.get(name)
            if variable is None or not variable.value or not variable.definitions:
                continue
            last = variable.definitions[-1]
            if last.value is None or templated(variable.value):
                continue
            relative = _relative_part(name, variable.value)
            if relative is None:
                continue
            if relative.startswith("-"):
                yield self.finding(
                    last.site.span,
                    f"{name} is `{relative}': this variable takes no flags, so sendmail uses the whole "
                    "text as a relative file name; write only the full path starting with `/'.",
                )
                continue
            yield self.finding(
                last.site.span,
                f"{name} is `{relative}', a relative path: sendmail looks for it relative to the directory "
                "it happens to run in (usually the queue), not where you expect; write the full path "
                "starting with `/'.",
            )
