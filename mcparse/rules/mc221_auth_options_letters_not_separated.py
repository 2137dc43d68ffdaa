"""MC221 auth-options-letters-not-separated: `py' in AuthOptions means only `p'."""

from __future__ import annotations

import re
from typing import Iterator

from ._correctness import templated, value_offset
from .base import Context, Finding, Rule

# Variables whose option sendmail reads as one letter per comma/blank separated token.
_ITEMS = re.compile(r"[^,\s]+")
LETTER_LISTS = {"confAUTH_OPTIONS": "AuthOptions", "confTLS_SRV_OPTIONS": "TLSSrvOptions"}


class AuthOptionsLettersNotSeparated(Rule):
    code = "MC221"
    name = "auth-options-letters-not-separated"
    category = "correctness"
    severity = "error"
    summary = "confAUTH_OPTIONS or confTLS_SRV_OPTIONS letters written together, so sendmail reads only the first."
    explanation = (
        "AuthOptions and TLSSrvOptions are lists of single letters separated by commas or "
        "blanks. sendmail reads only the first character of each item and ignores the rest "
        "without a warning: `py' means just `p', so `y' (do not announce AUTH mechanisms to "
        "anonymous users) is silently off, and `Ap' leaves out `p' (no plaintext passwords "
        "without encryption) (AuthOptions and TLSSrvOptions in the Installation and "
        "Operation Guide; cf.README: the confAUTH_OPTIONS entry). The fix puts a comma between "
        "the letters, which is what the file means."
    )
    bad = "OSTYPE(`linux')dnl\ndefine(`confAUTH_OPTIONS', `py')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    good = "OSTYPE(`linux')dnl\ndefine(`confAUTH_OPTIONS', `p,y')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    # Unsafe: sendmail reads only the first letter of a run-together group: the fix turns the others on.
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        for name, option in LETTER_LISTS.items():
            variable = context.config.conf.get(name)
            if variable is None or not variable.value or not variable.definitions:
                continue
            definition = variable.definitions[-1]
            if definition.value is None:
                continue
            value = variable.value
            if templated(value):
                continue
            glued = [m for m in _ITEMS.finditer(value) if len(m.group()) > 1]
            if not glued:
                continue
            lost = ", ".join(f"`{m.group()[1:]}' of `{m.group()}'" for m in glued)
            fix = None
            start = value_offset(context, definition.site, ("define",), 1, value)
            if start is not None and (definition.raw is None or definition.raw == value):
                fix = self.fix(
                    "Separate the letters with commas",
                    *(self.edit(start + m.start(), start + m.end(), ",".join(m.group())) for m in glued),
                )
            separated = ",".join(char for m in _ITEMS.finditer(value) for char in m.group())
            yield self.finding(
                definition.site.span,
                f"sendmail reads only the first letter of each item of {option}, so it ignores {lost}; "
                f"write the letters separately (`{separated}').",
                fix,
            )
