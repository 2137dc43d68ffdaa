"""Code actions: each finding's fix, "disable CODE for this line / file", and fix-all for safe fixes."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Literal, Optional, Sequence

from mcparse.diagnostics import Diagnostic, Edit
from mcparse.fixes import chosen_edits
from mcparse.source import LineIndex

ActionKind = Literal["quickfix", "source.fixAll.mcparse"]
FIX_ALL_KIND: ActionKind = "source.fixAll.mcparse"


@dataclass(frozen=True)
class Action:
    title: str
    kind: ActionKind
    edits: tuple[Edit, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    preferred: bool = False


def _line_break(text: str) -> str:
    return "\r\n" if "\r\n" in text[:4096] else "\n"


def code_actions(
    text: str,
    findings: Iterable[Diagnostic],
    start: int,
    end: int,
    only: Optional[list[str]] = None,
    statements: Optional[Sequence[tuple[int, int]]] = None,
    index: Optional[LineIndex] = None,
) -> list[Action]:
    """Actions for the findings touching ``[start, end]``, filtered by the client's ``only`` kinds.

    ``statements`` are the (start, end) offsets of the tree's top-level nodes in
    order; with them a disable comment never lands inside a multi-line call.
    """
    findings = list(findings)

    def wanted(kind: str) -> bool:
        # "source.fixAll" asks for ours too; "quickfix" only for quick fixes.
        return only is None or any(kind == item or kind.startswith(item + ".") for item in only)

    actions: list[Action] = []
    if wanted("quickfix"):
        index = index or LineIndex(text)
        newline = _line_break(text)
        disabled: set[tuple[str, int]] = set()
        for finding in findings:
            if finding.span.start > end or finding.span.end < start:
                continue
            if finding.fix is not None and finding.fix.edits:
                safe = finding.fix.safety == "safe"
                actions.append(
                    Action(
                        title=f"{finding.code}: {finding.fix.message}" + ("" if safe else " (changes behaviour)"),
                        kind="quickfix",
                        edits=finding.fix.edits,
                        diagnostics=(finding,),
                        preferred=safe,
                    )
                )
            line = index.line_of(finding.span.start)
            if (finding.code, line) in disabled:
                continue
            disabled.add((finding.code, line))
            edit = _disable_line_edit(text, index, finding, newline, statements)
            if edit is not None:
                actions.append(
                    Action(
                        title=f"Disable {finding.code} ({finding.name}) for this line",
                        kind="quickfix",
                        edits=(edit,),
                        diagnostics=(finding,),
                    )
                )
        for code in sorted({f.code for f in findings if f.span.start <= end and f.span.end >= start}):
            actions.append(
                Action(
                    title=f"Disable {code} for this file",
                    kind="quickfix",
                    edits=(Edit(start=0, end=0, replacement=f"dnl mc-check: disable-file={code}{newline}"),),
                    diagnostics=tuple(f for f in findings if f.code == code),
                )
            )
    if wanted(FIX_ALL_KIND):
        edits = safe_fix_edits(text, findings)
        if edits:
            actions.append(Action(title="Fix all safe mc-check findings", kind=FIX_ALL_KIND, edits=edits))
    return actions


def _disable_line_edit(
    text: str, index: LineIndex, finding: Diagnostic, newline: str, statements: Optional[Sequence[tuple[int, int]]]
) -> Optional[Edit]:
    """The edit putting ``dnl mc-check: disable=CODE`` on a line of its own just
    above the finding's line (a directive silences the next line).

    When that line begins inside an earlier multi-line call or quoted string,
    a comment at its start would become part of that call's text. The
    statement holding the finding then moves to a line of its own instead:
    ``dnl`` plus a line break is inserted before it (m4 deletes both, so
    sendmail.cf is unchanged), then the directive. None when the finding lies
    on a later line of a multi-line statement, where no directive can reach it.
    """
    offset = finding.span.start
    line = index.line_of(offset)
    line_start = index.line_starts[line]
    directive = f"dnl mc-check: disable={finding.code} -- explain why{newline}"
    if statements:
        starts = [start for start, _ in statements]
        holder = bisect_right(starts, offset) - 1
        if holder >= 0 and statements[holder][0] < line_start < statements[holder][1]:
            return None  # the finding is inside a statement begun on an earlier line
        before = bisect_right(starts, line_start) - 1
        if before >= 0 and statements[before][0] < line_start < statements[before][1]:
            # The line starts inside an earlier multi-line statement.
            statement = statements[holder][0] if holder >= 0 else offset
            return Edit(start=statement, end=statement, replacement=f"dnl{newline}{directive}")
    # Never indented: blanks before `dnl` are text m4 copies into sendmail.cf.
    return Edit(start=line_start, end=line_start, replacement=directive)


def safe_fix_edits(text: str, findings: Iterable[Diagnostic]) -> tuple[Edit, ...]:
    """The edits of the safe fixes that go in together, chosen as ``mc-check --fix``
    chooses them (mcparse.fixes): fixes of different rules that touch each other
    wait for the next round, and new lines keep the file's CRLF."""
    return chosen_edits(text, findings)
