"""MC309 unbalanced-quote-in-comment: a backquote in a `#` line m4 reads swallows what follows."""

from __future__ import annotations

from typing import Iterator, Optional

from ._m4 import live_hash_lines
from .base import Context, Finding, Rule


class UnbalancedQuoteInComment(Rule):
    code = "MC309"
    name = "unbalanced-quote-in-comment"
    category = "m4"
    severity = "error"
    summary = "A `#` line after the cf.m4 include opens an m4 quote it does not close, swallowing the lines after it."
    explanation = (
        "Once cf.m4 is loaded, `#` no longer starts an m4 comment, so a backquote in a `#` "
        "line (`# don`t touch`) opens a quote like anywhere else. m4 then reads everything up "
        "to the next unmatched apostrophe, often several lines further down, as quoted text: "
        "the macro calls in between are copied into sendmail.cf instead of being run, and "
        "m4 gives no message unless the quote never closes. cf.README (the brief introduction "
        "to m4) explains the quote characters. Use `dnl` for comments, or avoid backquotes in "
        "them."
    )
    bad = (
        "divert(0)dnl\n"
        "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
        "OSTYPE(`linux')dnl\n"
        "# don`t relay for others\n"
        "FEATURE(`access_db')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "divert(0)dnl\n"
        "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
        "OSTYPE(`linux')dnl\n"
        "dnl don`t relay for others\n"
        "FEATURE(`access_db')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        text = context.text
        for line in live_hash_lines(context):
            opened = _unclosed_quote(text, line.offset, line.line_end)
            if opened is None:
                continue
            closed = _closing(text, opened)
            if closed is None:
                reach = "to the end of the file (m4 stops with an error)"
            else:
                reach = f"up to line {context.index.line_of(closed) + 1}"
            yield self.finding(
                context.span(opened, opened + 1),
                f"This backquote opens an m4 quote that the line does not close: m4 reads everything "
                f"{reach} as quoted text, so the macro calls in between are copied into sendmail.cf "
                "instead of being run. Use `dnl` for this comment, or drop the backquote.",
            )
            # After the first one the quoting of the rest of the file is off;
            # later findings would only repeat it.
            return


def _unclosed_quote(text: str, start: int, end: int) -> Optional[int]:
    """The backquote left open at ``end`` when m4 reads ``text[start:end]`` from the top level."""
    if text.find("`", start, end) == -1:
        return None  # most `#` lines hold no quote: found in C, not char by char
    depth = 0
    opened: Optional[int] = None
    for position in range(start, end):
        char = text[position]
        if char == "`":
            if depth == 0:
                opened = position
            depth += 1
        elif char == "'" and depth:
            depth -= 1
    return opened if depth else None


def _closing(text: str, opened: int) -> Optional[int]:
    depth = 0
    for position in range(opened, len(text)):
        char = text[position]
        if char == "`":
            depth += 1
        elif char == "'":
            depth -= 1
            if depth == 0:
                return position
    return None
