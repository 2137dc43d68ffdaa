"""MC214 mailer-duplicate: the same MAILER() twice."""

from __future__ import annotations

from typing import Iterator

from ._correctness import own_lines, written_call
from .base import Context, Finding, Rule


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
            # cf.m4 keys a mailer on its second argument when one is given.
            key = (call.arguments[1] if len(call.arguments) > 1 and call.arguments[1] else call.arguments[0]).strip()
            if key not in seen:
                seen.add(key)
                continue
            fix = None
            node = written_call(context, call.site, ("MAILER",))
            lines = own_lines(context, node) if node is not None else None
            if lines is not None:
                fix = self.fix("Delete the repeated MAILER line", self.edit(lines[0], lines[1], ""))
            yield self.finding(
                call.site.span,
                f"MAILER(`{key}') is already included above: m4 prints `*** ERROR: MAILER({key}) already "
                "included' and ignores this line; delete it.",
                fix,
            )
