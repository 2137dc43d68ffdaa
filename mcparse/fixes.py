"""Applying fixes: text edits on the original offsets, never a reprint of the file.

:func:`apply_edits` applies one set of non-overlapping edits; :func:`apply_fixes`
picks the fixes of a check that can go in together; :func:`fix_until_stable`
re-checks and repeats until nothing more applies, and refuses a result that
parses worse than the original.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Iterable, NamedTuple, Optional, Union

from .diagnostics import Diagnostic, Edit, Fix

if TYPE_CHECKING:  # pragma: no cover
    from .engine import SettingsLike

SYNTAX_ERROR_CODES = frozenset({"MC001", "MC002"})


class OverlappingEdits(ValueError):
    """Two edits of one change touch the same text."""


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit applied. Offsets refer to the original text;
    edits must lie within it and not overlap (insertions at one offset keep
    their order). Raises :class:`OverlappingEdits` or ValueError."""
    ordered = sorted(enumerate(edits), key=lambda pair: (pair[1].start, pair[1].end, pair[0]))
    previous_end = 0
    for _, edit in ordered:
        if not 0 <= edit.start <= edit.end <= len(text):
            raise ValueError(f"edit [{edit.start}, {edit.end}) lies outside the text (length {len(text)})")
        if edit.start < previous_end:
            raise OverlappingEdits(f"edit at offset {edit.start} overlaps the edit before it (ending at {previous_end})")
        previous_end = edit.end
    # Right to left, so earlier offsets stay valid.
    result = text
    for _, edit in reversed(ordered):
        result = result[: edit.start] + edit.replacement + result[edit.end :]
    return result


def _allowed(fix: Optional[Fix], unsafe: bool) -> bool:
    return fix is not None and (fix.safety == "safe" or unsafe)


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic], unsafe: bool = False) -> tuple[str, int]:
    """Apply the fixes of ``diagnostics`` that fit together; return the new text
    and how many diagnostics were fixed. Suppressed diagnostics and, unless
    ``unsafe``, unsafe fixes are skipped; a fix overlapping one already taken
    waits for the next round (see :func:`fix_until_stable`)."""
    edits, fixed = _choose(text, diagnostics, unsafe)
    if not edits:
        return text, 0
    return apply_edits(text, edits), len(fixed)


def chosen_edits(text: str, diagnostics: Iterable[Diagnostic], unsafe: bool = False) -> tuple[Edit, ...]:
    """The edits one round of :func:`apply_fixes` would make, in order: what an
    editor's "fix all" applies, so that it agrees with ``mc-check --fix``."""
    edits, _ = _choose(text, diagnostics, unsafe)
    return tuple(sorted(edits, key=lambda edit: (edit.start, edit.end)))


def _choose(text: str, diagnostics: Iterable[Diagnostic], unsafe: bool) -> tuple[list[Edit], list[Diagnostic]]:
    """The edits of the fixes that can go in together, and the diagnostics they fix."""
    taken: list[Edit] = []
    taken_fixes: set[tuple[Edit, ...]] = set()
    fixed: list[Diagnostic] = []
    crlf = _uses_crlf(text)
    # Fixes that rewrite text go first, fixes that only insert after them: an
    # insertion next to a rewrite then waits a round and is judged on the
    # rewritten text (it may no longer be needed), never the other way round.
    for diagnostic in sorted(diagnostics, key=lambda d: (_only_inserts(d.fix), d.span.start, d.code)):
        fix = diagnostic.fix
        if diagnostic.suppressed_reason is not None or fix is None or not _allowed(fix, unsafe):
            continue
        edits = tuple(sorted(fix.edits, key=lambda edit: (edit.start, edit.end)))
        if crlf:
            edits = tuple(_with_crlf(edit) for edit in edits)
        if edits in taken_fixes:
            fixed.append(diagnostic)  # two findings with one remedy: both are fixed by it
            continue
        if any(_overlap(edit, other) for edit in edits for other in taken):
            continue
        try:
            apply_edits(text, edits)
        except ValueError:
            continue  # a fix that contradicts itself is never applied
        taken.extend(edits)
        taken_fixes.add(edits)
        fixed.append(diagnostic)
    return taken, fixed


def _uses_crlf(text: str) -> bool:
    """True when most of the text's lines end in CRLF (a file from Windows)."""
    crlf = text.count("\r\n")
    return crlf > 0 and crlf >= text.count("\n") - crlf


# A line break that is not already part of a CRLF.
_BARE_LF = re.compile(r"(?<!\r)\n")


def _with_crlf(edit: Edit) -> Edit:
    # Rules write their new lines with "\n"; in a CRLF file they must end
    # like the lines around them, or the fix leaves mixed line endings.
    if "\n" not in edit.replacement:
        return edit
    return Edit(start=edit.start, end=edit.end, replacement=_BARE_LF.sub("\r\n", edit.replacement))


def _only_inserts(fix: Optional[Fix]) -> bool:
    return fix is not None and all(edit.start == edit.end for edit in fix.edits)


def _overlap(a: Edit, b: Edit) -> bool:
    """True when two edits of different fixes cannot both go in this round."""
    if a.start == a.end or b.start == b.end:
        # An insertion at either end of the other edit (or two insertions at
        # one offset): both rules judged the text before the other changed
        # it, so together they can say one thing twice (`Apy` made `A,p,y`
        # by one fix, `,p` appended by another: `A,p,y,p`). The later fix
        # waits a round and is judged again on the changed text.
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


class FixOutcome(NamedTuple):
    text: str
    applied: list[Diagnostic]  # every diagnostic whose fix went in, over all rounds


def fix_until_stable(
    text: str,
    settings: "SettingsLike" = None,
    unsafe: bool = False,
    max_rounds: int = 10,
    *,
    path: Union[str, "os.PathLike[str]", None] = None,
) -> FixOutcome:
    """Check, fix, and check again until no fix applies (or ``max_rounds``).

    Returns the fixed text and the diagnostics that were fixed. If the result
    has more syntax errors than ``text`` had, nothing is changed: the original
    text comes back with an empty list.
    """
    from .engine import check
    from .syntax import parse

    current = text
    applied: list[Diagnostic] = []
    for _ in range(max_rounds):
        diagnostics = check(current, settings, path=path)
        edits, fixed = _choose(current, diagnostics, unsafe)
        if not edits:
            break
        new_text = apply_edits(current, edits)
        if new_text == current:
            break
        applied.extend(fixed)
        current = new_text
    if current != text and _syntax_errors(parse(current).diagnostics) > _syntax_errors(parse(text).diagnostics):
        return FixOutcome(text, [])
    return FixOutcome(current, applied)


def _syntax_errors(diagnostics: Iterable[Diagnostic]) -> int:
    return sum(1 for diagnostic in diagnostics if diagnostic.code in SYNTAX_ERROR_CODES)
