"""MC404 stray-text-outside-macros: plain text in the main text becomes a sendmail.cf line."""

from __future__ import annotations

from typing import Iterator

from ._m4 import main_text_lines, plain_line
from .base import Context, Finding, Rule


_TEMPLATE = ("{{", "}}", "{%", "%}", "<%", "%>")


class StrayTextOutsideMacros(Rule):
    code = "MC404"
    name = "stray-text-outside-macros"
    category = "style"
    severity = "warning"
    summary = "Plain text in the main part of the .mc is copied into sendmail.cf, where sendmail reads it as a command."
    explanation = (
        "Everything in the main text that is not a macro call, a `dnl` comment or a blank is "
        "copied into sendmail.cf as it stands, and sendmail reads the first letter of every "
        "line as a command: a note such as `Enable submission on port 587` becomes an `E` "
        "(environment) line that sendmail accepts without a word, other lines make it "
        "complain about an unknown configuration line. Text left over from a mistyped macro "
        "name ends up there too. cf.README (the brief introduction to m4) uses `dnl` for "
        "notes; comment the line out with `dnl`, or fix the macro it was meant to be."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "Enable submission on port 587\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "dnl Enable submission on port 587\n"
        "MAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        for line in main_text_lines(context):
            if line.kind != "text" or any(marker in line.text for marker in _TEMPLATE):
                continue  # template syntax is template-marker's business
            fix = None
            found = plain_line(context, line.start)
            if found is not None and found[0] == line.start:
                fix = self.fix("Comment the line out with dnl", self.edit(found[0], found[0], "dnl "))
            command = line.text.strip()[:1]
            yield self.finding(
                context.span(line.start, line.end),
                f"This text is copied into sendmail.cf as the line `{line.text.strip()}`, which sendmail "
                f"reads as command `{command}`; comment it out with `dnl` (or correct the macro it "
                "was meant to be).",
                fix,
            )
