"""MC311 mcparse-cannot-decide: something in the file mcparse cannot work out without running m4."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from ._correctness import plain_name
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..model.config import Unknown

# Kinds of unknown another rule already reports at the same place: changequote
# (MC307 changequote-used), template markers (MC308 template-marker) and
# syscmd/esyscmd (MC105 shell-command-in-mc).
_REPORTED_ELSEWHERE = frozenset({"changequote", "template", "shell"})
# The parser's own problems: an unterminated quote (MC001) or an unclosed call
# (MC002) in the file's text is the same stop the model notes as "m4-error".
_PARSER_STOPS = frozenset({"MC001", "MC002"})
# An OSTYPE or DOMAIN file sendmail-cf does not ship: MC205 unknown-ostype and
# MC206 unknown-domain report the call whenever the name is a plain one.
_UNSHIPPED = re.compile(r"^(?:OSTYPE|DOMAIN) `(?P<name>.*)' is not a file sendmail-cf ships$", re.DOTALL)

# One file can leave up to 200 things undecided (the model's cap); a screenful
# says enough, the last finding counts the rest.
MAX_FINDINGS = 20


class McparseCannotDecide(Rule):
    code = "MC311"
    name = "mcparse-cannot-decide"
    category = "m4"
    severity = "info"
    summary = "Part of the file cannot be worked out without running m4; findings depending on it may be wrong."
    explanation = (
        "A .mc file is m4 input: sendmail.cf is whatever m4 prints when it runs the file with "
        "cf.m4 loaded first (cf.README, INTRODUCTION AND EXAMPLE). mcparse follows m4 without "
        "running it, and some things cannot be known that way: a file pulled in with include() "
        "that it did not read (it reads only files in the cf-dir directory or beside the .mc), "
        "an ifdef() on a name only an unknown OSTYPE file or cf.m4's internals define, an "
        "eval() or regexp() it cannot evaluate, a macro that expands without end (mcparse "
        "stops after a budget, as m4 would run out of memory), or a point where m4 itself "
        "stops reading. mcparse does not guess: it marks each one unknown and reports it here, "
        "so you know that the other findings (a missing AUTH, a daemon that is not there, an "
        "option that looks unset) may be missing or wrong for what depends on it. Check the "
        "generated sendmail.cf, or give mcparse the file it could not read. Changequote "
        "(MC307), template markers (MC308), shell commands (MC105) and unknown OSTYPE or "
        "DOMAIN names (MC205, MC206) have rules of their own and are not repeated here."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "include(`/etc/mail/site-relays.m4')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `9')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        parser_stopped = any(diagnostic.code in _PARSER_STOPS for diagnostic in context.parse.diagnostics)
        remaining: list["Unknown"] = []
        seen: set[tuple[int, int, str]] = set()
        for unknown in context.config.unknowns:
            if _reported_elsewhere(unknown, parser_stopped):
                continue
            # A macro expanded many times notes the same unknown at the same call.
            key = (unknown.span.start, unknown.span.end, unknown.reason)
            if key not in seen:
                seen.add(key)
                remaining.append(unknown)
        for position, unknown in enumerate(remaining[:MAX_FINDINGS], start=1):
            message = _message(unknown)
            if position == MAX_FINDINGS and len(remaining) > MAX_FINDINGS:
                message += f" ({len(remaining) - MAX_FINDINGS} more places mcparse cannot decide are not listed.)"
            yield self.finding(unknown.span, message)


def _reported_elsewhere(unknown: "Unknown", parser_stopped: bool) -> bool:
    if unknown.kind in _REPORTED_ELSEWHERE:
        return True
    if unknown.kind == "m4-error":
        # Only a stop the parser did not see (inside a macro's expansion) is news.
        return parser_stopped
    unshipped = _UNSHIPPED.match(unknown.reason)
    return unshipped is not None and plain_name(unshipped.group("name").strip())


def _message(unknown: "Unknown") -> str:
    reason = unknown.reason.rstrip(".")
    if unknown.kind == "include":
        return (
            f"mcparse did not read this included file ({reason}): what it defines is unknown, so findings "
            "that depend on it may be missing or wrong. mcparse reads included files only from the cf-dir "
            "directory or the .mc's own directory."
        )
    if unknown.kind == "m4-error":
        return (
            f"m4 stops reading the file here, and so does mcparse: {reason}. Findings about anything after "
            "this point may be missing."
        )
    if unknown.span.start == unknown.span.end == 0:
        # A budget stop has no place of its own: it is reported at the start of the file.
        return (
            f"mcparse stopped following this file before its end: {reason}. Findings about what comes "
            "after the stop may be missing or wrong."
        )
    if unknown.kind == "ifdef":
        lead = "mcparse cannot tell which branch of this ifdef m4 takes"
    else:
        lead = "mcparse cannot work out what this produces"
    return f"{lead}: {reason}. Findings that depend on it may be missing or wrong."
