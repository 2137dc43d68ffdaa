"""MC501 deprecated-feature: a FEATURE sendmail-cf keeps only for old configurations."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, Literal, Optional

from ._m4 import call_removal, top_level_call_at
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Edit, Fix
    from ..model.config import Feature

# blocklist_recipients.m4 first shipped with sendmail-cf 8.16.1; on an older
# sendmail-cf the new name is a missing file and m4 stops the build. notsticky
# is empty in every sendmail-cf of that age too.
RENAMES_SINCE = (8, 16, 1)
# version.m4 writes the sendmail-cf version into sendmail.cf as "DZ8.17.1.9".
_CF_VERSION = re.compile(r"DZ(\d+)\.(\d+)\.(\d+)")

# What each deprecated feature does now, in the admin's words.
_NOW = {
    "blacklist_recipients": "it still works, loading blocklist_recipients, but m4 warns on every build",
    "notsticky": "its file is empty: what it once selected is the default today",
    "tls_failures": "cf.m4 stops with an error; the setting moved to confTLS_FALLBACK_TO_CLEAR",
}


class DeprecatedFeature(Rule):
    code = "MC501"
    name = "deprecated-feature"
    category = "deprecated"
    severity = "warning"
    summary = "The file uses a FEATURE that sendmail-cf has renamed, emptied or replaced."
    explanation = (
        "Some features survive in sendmail-cf only so that old files keep compiling. "
        "`blacklist_recipients` was renamed `blocklist_recipients` (the old name loads the new "
        "one and m4 prints a warning), `notsticky` is an empty file because its behaviour became "
        "the default, and `tls_failures` was replaced by the confTLS_FALLBACK_TO_CLEAR option "
        "(cf.m4 now stops with an error). cf.README (features) documents the current names. "
        "Use the replacement, or drop a feature that no longer does anything. The fix is safe "
        "only where the file compiles against sendmail-cf 8.16.1 or later (older ones have no "
        "blocklist_recipients); elsewhere it is offered as an unsafe fix."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`access_db')dnl\n"
        "FEATURE(`blacklist_recipients')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`access_db')dnl\n"
        "FEATURE(`blocklist_recipients')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    # Safe only where the file compiles against a sendmail-cf that has the
    # new name (see _safety); elsewhere the same fix comes as unsafe.
    fix_safety = "safe"

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import load_vocabulary

        features = load_vocabulary().features
        for feature in context.config.features:
            known = features.get(feature.name)
            if known is None or not known.deprecated:
                continue
            now = _NOW.get(feature.name, "sendmail-cf keeps it only for old configurations")
            advice = f"use {known.replacement} instead" if known.replacement and known.replacement[0] != "(" else "remove it"
            yield self.finding(
                feature.site.span,
                f"FEATURE(`{feature.name}') is deprecated: {now}; {advice}.",
                self._fix(context, feature, known.replacement),
            )

    def _fix(self, context: Context, feature: "Feature", replacement: Optional[str]) -> "Optional[Fix]":
        if feature.site.via:
            return None
        call = top_level_call_at(context, feature.site.span.start)
        if call is None or call.name != "FEATURE" or not call.arguments:
            return None
        if feature.name == "notsticky":
            line = call_removal(context, call)
            if line is None:
                return None
            return self._fix_of_safety(context, "Remove the empty feature", self.edit(line[0], line[1], ""))
        if feature.name == "blacklist_recipients" and replacement:
            argument = call.arguments[0]
            written = context.text[argument.span.start : argument.span.end]
            if written.count(feature.name) != 1:
                return None
            start = argument.span.start + written.index(feature.name)
            return self._fix_of_safety(
                context, f"Use the new name {replacement}", self.edit(start, start + len(feature.name), replacement)
            )
        return None

    def _fix_of_safety(self, context: Context, message: str, edit: "Edit") -> "Fix":
        from ..diagnostics import Fix

        safety = _safety(context)
        if safety == "unsafe":
            needed = ".".join(map(str, RENAMES_SINCE))
            message += f" (needs sendmail-cf {needed} or later; the one this file compiles with is older or unknown)"
        return Fix(message=message, edits=(edit,), safety=safety)


def cf_version(context: Context) -> Optional[tuple[int, int, int]]:
    """The version of the sendmail-cf this file compiled against, from the
    ``DZ`` line of the compiled sendmail.cf; None when it was not compiled
    (no sendmail-cf installed, a fragment) or the line is missing."""
    compiled = context.config.compiled
    if compiled is None:
        return None
    for line in compiled.lines_starting("D"):
        match = _CF_VERSION.match(line.text)
        if match:
            return (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None


def _safety(context: Context) -> Literal["safe", "unsafe"]:
    # The renamed feature must exist in the sendmail-cf that will build this
    # file; mcparse knows which one only when it compiled the file. A file
    # copied to a machine with an older sendmail-cf is the reason the fix is
    # not simply safe (sendmail-cf before 8.16.1 has no blocklist_recipients).
    version = cf_version(context)
    return "safe" if version is not None and version >= RENAMES_SINCE else "unsafe"
