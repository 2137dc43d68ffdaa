"""``--add-suppressions``: silence every remaining finding with a directive.

Like ruff's ``--add-noqa``, for adopting mc-check on a file whose findings
are known and accepted: each line with findings gets
``dnl mc-check: disable=CODE,...`` above it, so later runs report only what
is new. The file is checked afresh here (not taken from the report) so the
directives go where the bytes being replaced say, and written whole with the
same guard as ``--fix``: nothing is written if the file changed meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from . import engine_bridge as bridge
from .files import InputError, read_input
from .findings import FileReport


@dataclass
class Outcome:
    added: int = 0  # directives written
    files: int = 0  # files changed
    left: int = 0  # visible findings that remain after the directives
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, why it was not done)


def add_suppressions(reports: Sequence[FileReport], overrides: bridge.Overrides) -> Outcome:
    """Add directives to every file of ``reports`` that has visible findings,
    checked with the same command-line selection (``overrides``)."""
    outcome = Outcome()
    for report in reports:
        if report.error or not report.visible:
            continue
        try:
            added, left = _suppress_file(report.path, overrides)
        except InputError as error:
            outcome.problems.append((report.path, str(error)))
            continue
        outcome.added += added
        outcome.files += 1 if added else 0
        outcome.left += left
    return outcome


def _suppress_file(path: str, overrides: bridge.Overrides) -> tuple[int, int]:
    from ..fixes import apply_edits
    from ..suppressions import suppression_edits
    from ..syntax import decode, encode, parse
    from .fixing import write_atomically
    from .runner import settings_for

    data = read_input(path)
    text, bom, _ = decode(data)
    settings = settings_for(path, overrides)
    codes_by_line: dict[int, set[str]] = {}
    for diagnostic in bridge.check(data, settings, path):
        if diagnostic.suppressed_reason is None:
            codes_by_line.setdefault(diagnostic.span.line, set()).add(diagnostic.code)
    if not codes_by_line:
        return 0, 0
    parsed = parse(text)
    edits, _ = suppression_edits(parsed, parsed.index, codes_by_line)
    if not edits:
        return 0, sum(len(codes) for codes in codes_by_line.values())
    new_text = apply_edits(text, edits)
    write_atomically(path, data, encode(new_text, bom))
    remaining = sum(1 for d in bridge.check(encode(new_text, bom), settings, path) if d.suppressed_reason is None)
    return len(edits), remaining
