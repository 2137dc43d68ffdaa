"""MC303 macro-in-hash-comment: a `#` line after cf.m4 still runs its macros."""

from __future__ import annotations

from typing import Iterator

from ._daemons import sentence
from ._m4 import hash_line_effects
from .base import Context, Finding, Rule


class MacroInHashComment(Rule):
    code = "MC303"
    name = "macro-in-hash-comment"
    category = "m4"
    severity = "error"
    summary = "A `#` line after the cf.m4 include holds a macro call that m4 still runs."
    explanation = (
        "cf.m4 switches off m4's comment character, so from the include on, `#` is ordinary "
        "text: a line such as `# FEATURE(`promiscuous_relay')` loads the feature (and turns "
        "this host into an open relay) while looking commented out, and `#define(...)` still "
        "sets the variable. The `#` and whatever the line prints are copied into sendmail.cf "
        "as well. cf.README (the brief introduction to m4) warns that macros expand even in "
        "lines that look like comments. Use `dnl` to comment out a line: m4 discards "
        "everything from `dnl` to the end of the line."
    )
    bad = (
        "divert(0)dnl\n"
        "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
        "OSTYPE(`linux')dnl\n"
        "# define(`confLOG_LEVEL', `14')\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "divert(0)dnl\n"
        "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
        "OSTYPE(`linux')dnl\n"
        "dnl define(`confLOG_LEVEL', `14')\n"
        "MAILER(`smtp')dnl\n"
    )
    # Unsafe: m4 ran the macro on the #-line; commenting it out with dnl stops it.
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        text = context.text
        for line, names in hash_line_effects(context):
            shown = ", ".join(f"`{name}`" for name in names)
            fix = None
            if line.starts_line:
                after = text[line.offset + 1 : line.offset + 2]
                # "#define" must not become "dnldefine", one unknown word.
                space = " " if after.isalnum() or after in ("_", "(") else ""
                fix = self.fix(
                    "Comment the line out with dnl",
                    self.edit(line.offset, line.offset + 1, "dnl" + space),
                )
            yield self.finding(
                context.span(line.offset, line.line_end),
                sentence(
                    f"this line still runs {shown}: once cf.m4 is loaded `#` does not start an m4 "
                    "comment, so the line takes effect although it looks commented out; use `dnl` "
                    "instead of `#` to disable it."
                ),
                fix,
            )
