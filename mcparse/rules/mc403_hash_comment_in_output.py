"""MC403 hash-comment-in-output: `#` comments in the main text end up in sendmail.cf."""

from __future__ import annotations

import re
from typing import Iterator

from ._m4 import MainTextLine, hash_starts_comment, main_text_lines, plain_line
from ._top_level import top_level
from .base import Context, Finding, Rule


class HashCommentInOutput(Rule):
    code = "MC403"
    name = "hash-comment-in-output"
    category = "style"
    severity = "info"
    summary = "A `#` comment in the main text is copied into sendmail.cf, with any macro names in it expanded."
    explanation = (
        "After the cf.m4 include, `#` is plain text to m4, so a `#` comment in the main part of "
        "the .mc is copied into the generated sendmail.cf (where `#` does start a comment, so "
        "sendmail ignores it). Any macro name inside it is expanded on the way: `# raise "
        "confLOG_LEVEL` arrives as `# raise 9`, and a quote opened in it swallows the lines that "
        "follow. cf.README (the brief introduction to m4) recommends `dnl` for comments meant "
        "for the .mc only; keep `#` for lines you want to see in sendmail.cf."
    )
    bad = (
        "divert(0)dnl\n"
        "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
        "OSTYPE(`linux')dnl\n"
        "# keep the log quiet\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "divert(0)dnl\n"
        "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
        "OSTYPE(`linux')dnl\n"
        "dnl # keep the log quiet\n"
        "MAILER(`smtp')dnl\n"
    )
    fix_safety = "safe"

    def check(self, context: Context) -> Iterator[Finding]:
        text = context.text
        index = context.index
        block: list[MainTextLine] = []
        for line in main_text_lines(context):
            if line.kind != "comment":
                continue
            hash_at = text.find("#", line.start, line.end)
            # A `#` m4 itself still reads as a comment (before the include) is
            # copied on purpose: Debian's copyright header is one.
            if hash_at != -1 and hash_starts_comment(context, hash_at):
                continue
            if block and index.line_of(line.start) != index.line_of(max(block[-1].start, block[-1].end - 1)) + 1:
                yield self._report(context, block)
                block = []
            block.append(line)
        if block:
            yield self._report(context, block)

    def _report(self, context: Context, block: "list[MainTextLine]") -> Finding:
        edits = []
        for line in block:
            found = plain_line(context, line.start)
            # An indented `#' line is no comment in sendmail.cf but the
            # continuation of the line before it; a word m4 expands may write
            # more lines or divert: either way dnl would change sendmail.cf.
            if found is None or not context.text.startswith("#", found[0]) or _may_expand(context, *found):
                edits = []
                break
            edits.append(self.edit(found[0], found[0], "dnl "))
        fix = self.fix("Turn them into dnl comments (kept out of sendmail.cf)", *edits) if edits else None
        first = block[0].text.strip()
        what = f"This comment is copied into sendmail.cf as `{first}`" if len(block) == 1 else (
            f"These {len(block)} comment lines are copied into sendmail.cf (the first as `{first}`)"
        )
        end = block[-1].end
        if end > block[-1].start and context.text[end - 1] == "\n":
            end -= 1  # stop at the end of the last line, not the start of the next
        return self.finding(
            context.span(block[0].start, end),
            f"{what}, with any macro names in them expanded; write `dnl #` instead if they are meant "
            "for the .mc only.",
            fix,
        )


# A word the way comments are written (lower case, perhaps capitalised);
# cf.m4's own names are upper case (CF_LEVEL), start with `_' (_REC_END_
# expands to text) or are mixed like confRECEIVED_HEADER (several tab-led
# lines).
_PROSE_WORD = re.compile(r"[A-Za-z][a-z0-9]*")


def _may_expand(context: Context, start: int, end: int) -> bool:
    """Whether a word on the line ``[start, end)`` may be a macro m4 expands:
    anything but a prose word that is no builtin m4 runs without arguments
    (`m4exit`, `divert`, ...), no sendmail-cf macro and no macro of the file's own."""
    from ..m4.builtins import BUILTINS
    from ..vocabulary import load_vocabulary

    top = top_level(context)
    children = top.children
    first = top.position_at(start)
    own = context.memo("mc403.user_macros", lambda: {macro.name for macro in context.config.user_macros})
    for position in range(0 if first is None else first, len(children)):
        node = children[position]
        if node.start >= end:
            break
        if node.kind != "name":
            continue
        word = node.text  # type: ignore[union-attr]
        builtin = BUILTINS.get(word)
        if (
            not _PROSE_WORD.fullmatch(word) or word in own or word in load_vocabulary().macros
            or (builtin is not None and not builtin.blind)
        ):
            return True
    return False
