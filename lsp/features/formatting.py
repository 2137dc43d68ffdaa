"""Formatting that provably changes nothing sendmail sees.

A .mc is a program for m4: moving a quote or a ``dnl`` can change the
generated sendmail.cf. So every candidate change is proved, not assumed: the
file is compiled with the installed sendmail-cf before and after, and a kind
of change is kept only when the sendmail.cf is the same (the "built by ...
on <date>" header line aside). Without sendmail-cf, or for a file m4 cannot
finish, nothing is changed.

The kinds of change, each proved on its own when all together are not:

- ``quote-names``: quote the bare first argument of FEATURE/MAILER/OSTYPE/
  DOMAIN/HACK (``FEATURE(access_db)`` -> ``FEATURE(`access_db')``);
- ``dnl-trailing-blanks``: drop blanks at the end of a ``dnl`` comment;
- ``dnl-after-calls``: end a top-level call that ends its line with ``dnl``
  (kept only where that line break never reached sendmail.cf).
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from mcparse.syntax.tree import Comment, Document, MacroCall, Name
from mcparse.compiled import Compiled
from mcparse.diagnostics import Edit

from ..knowledge import INCLUDE_KINDS

Compile = Callable[[str], Compiled]  # raises CompileError when it cannot
_BUILT_BY = re.compile(r"^##### built by .*$", re.MULTILINE)
_TRAILING_BLANKS = re.compile(r"[ \t]+(?=\r?\n$)")


def candidates(document: Document, text: str) -> list[tuple[str, list[Edit]]]:
    """Each kind of change with its edits (kinds without any are left out)."""
    quote: list[Edit] = []
    blanks: list[Edit] = []
    dnl: list[Edit] = []
    children = document.children
    for position, node in enumerate(children):
        if isinstance(node, MacroCall):
            if node.name in INCLUDE_KINDS and node.arguments:
                content = [child for child in node.arguments[0].content if child.kind not in ("whitespace", "newline")]
                if len(content) == 1 and isinstance(content[0], Name):
                    word = content[0]
                    quote.append(Edit(start=word.span.start, end=word.span.end, replacement=f"`{word.text}'"))
            following = children[position + 1] if position + 1 < len(children) else None
            if following is not None and following.kind == "newline":
                dnl.append(Edit(start=node.span.end, end=node.span.end, replacement="dnl"))
        elif isinstance(node, Comment) and node.style == "dnl":
            found = _TRAILING_BLANKS.search(node.text)
            if found is not None:
                start = node.span.start + found.start()
                blanks.append(Edit(start=start, end=node.span.start + found.end(), replacement=""))
    kinds = [("quote-names", quote), ("dnl-trailing-blanks", blanks), ("dnl-after-calls", dnl)]
    return [(kind, edits) for kind, edits in kinds if edits]


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied."""
    for edit in sorted(edits, key=lambda edit: (edit.start, edit.end), reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def same_cf(before: Compiled, after: Compiled) -> bool:
    """Whether two compiles wrote the same sendmail.cf (the build-date header aside)
    and both ran to the end."""
    if not before.complete or not after.complete or before.exit_status != after.exit_status:
        return False
    return _BUILT_BY.sub("", before.cf) == _BUILT_BY.sub("", after.cf)


def format_edits(document: Document, text: str, compile_text: Compile) -> tuple[list[Edit], str]:
    """The edits proved to keep sendmail.cf identical, and a line saying what was
    kept or why nothing was (for the server's log). ``compile_text`` may raise."""
    offered = candidates(document, text)
    if not offered:
        return [], "nothing to format"
    original = compile_text(text)
    if not original.complete:
        return [], f"not formatted: m4 stopped ({original.stopped}), so no change can be proved safe"

    def proved(edits: Sequence[Edit]) -> bool:
        return same_cf(original, compile_text(apply(text, edits)))

    everything = [edit for _, edits in offered for edit in edits]
    if proved(everything):
        return everything, "formatted: " + ", ".join(kind for kind, _ in offered)
    kept: list[Edit] = []
    names: list[str] = []
    for kind, edits in offered:
        if proved(kept + edits):
            kept += edits
            names.append(kind)
    dropped = [kind for kind, _ in offered if kind not in names]
    return kept, f"formatted: {', '.join(names) or 'nothing'}; left alone (sendmail.cf would change): {', '.join(dropped)}"
