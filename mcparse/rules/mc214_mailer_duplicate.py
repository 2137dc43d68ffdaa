"""MC214 mailer-duplicate: the same MAILER() twice."""

from __future__ import annotations

import re
from typing import Iterator

from ._correctness import written_call
from ._m4 import call_removal
from .base import Context, Finding, Rule

# A mailer name cf.m4 can find a file for and define its `_MAILER_name_' marker from.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.-]+")


class MailerDuplicate(Rule):
    code = "MC214"
    name = "mailer-duplicate"
    category = "correctness"
    severity = "warning"
    summary = "The same MAILER() appears twice; cf.m4 reports an error and ignores the second."
    explanation = (
        "cf.m4 includes each mailer file once. A repeated MAILER makes m4 print `*** ERROR: "
        "MAILER(smtp) already included' and skip it, so the line does nothing but make the "
        "build look broken (scripts that treat m4's error output as failure stop there). A "
        "repeat often means the file was merged from two sources; check that the first "
        "MAILER is in the right place (cf.README: MAILERS). MAILER lines beside FEATURE(`msp') "
        "or FEATURE(`nullclient') are reported by submission-program-misuse. The fix deletes "
        "the repeated line, which m4 ignores anyway."
    )
    bad = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\nMAILER(`smtp')dnl\n"
    good = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    fix_safety = "safe"

    def check(self, context: Context) -> Iterator[Finding]:
        seen: set[str] = set()
        for call in context.config.calls:
            if call.name != "MAILER" or not call.arguments:
                continue
            # cf.m4 keys a mailer on its second argument when one is given,
            # exactly as written: `smtp ' is not `smtp' (and fails to load).
            key = call.arguments[1] if len(call.arguments) > 1 and call.arguments[1] else call.arguments[0]
            if key not in seen:
                seen.add(key)
                continue
            fix = None
            node = written_call(context, call.site, ("MAILER",))
            removal = call_removal(context, node) if node is not None and _PLAIN_NAME.fullmatch(key) else None
            if removal is not None:
                # Only for a plain name: cf.m4 never recognises a repeat of
                # `'smtp'' (straight quotes), and each call leaves text behind.
                fix = self.fix("Delete the repeated MAILER", self.edit(removal[0], removal[1], ""))
            yield self.finding(
                call.site.span,
                f"MAILER(`{key}') is already included above: m4 prints `*** ERROR: MAILER({key}) already "
                "included' and ignores this line; delete it.",
                fix,
            )
