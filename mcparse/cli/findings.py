"""What the CLI reports about one file, as plain picklable data.

Worker processes send these back to the parent, and the output formats read
only these: no pydantic model crosses a process boundary or reaches a
formatter, so printing stays cheap and formats are easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Diagnostic
    from ..source import LineIndex


@dataclass(frozen=True)
class Position:
    """1-based line and column (columns count code points)."""

    line: int
    column: int


@dataclass(frozen=True)
class FixEdit:
    """Replace the text between ``start`` and ``end`` with ``content``."""

    content: str
    start: Position
    end: Position


@dataclass(frozen=True)
class FindingFix:
    message: str
    applicability: str  # "safe" or "unsafe"
    edits: tuple[FixEdit, ...]


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    message: str
    start: Position
    end: Position
    # The source line the finding starts on, for the carets of the full format.
    source_line: str
    fix: Optional[FindingFix] = None
    url: Optional[str] = None
    # Set when an inline suppression silenced the finding: it is not shown
    # and does not fail the run, but SARIF records it as suppressed.
    suppressed_reason: Optional[str] = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.suppressed_reason is None


@dataclass
class FileReport:
    """Everything mc-check learned about one input."""

    path: str  # as shown to the user
    findings: list[Finding] = field(default_factory=list)
    # One line saying why the file could not be checked (exit status 2).
    error: Optional[str] = None
    # Number of fixes applied (or that would be, with --diff).
    fixed: int = 0
    diff: str = ""
    # With --fix on standard input: the fixed text goes to stdout.
    fixed_output: Optional[bytes] = None

    @property
    def visible(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.suppressed_reason is None]

    def shown(self, show_suppressed: bool) -> list[Finding]:
        """What a report lists: the visible findings, and with --show-suppressed
        also the silenced ones (in position order)."""
        return list(self.findings) if show_suppressed else self.visible


def finding_from_diagnostic(diagnostic: "Diagnostic", index: "LineIndex") -> Finding:
    """Convert a library Diagnostic to the CLI's plain form."""
    span = diagnostic.span
    fix = None
    if diagnostic.fix is not None:
        edits = []
        for edit in diagnostic.fix.edits:
            line, column = index.line_column(edit.start)
            end_line, end_column = index.line_column(edit.end)
            edits.append(FixEdit(edit.replacement, Position(line, column), Position(end_line, end_column)))
        fix = FindingFix(diagnostic.fix.message, diagnostic.fix.safety, tuple(edits))
    return Finding(
        code=diagnostic.code,
        name=diagnostic.name,
        severity=diagnostic.severity,
        message=diagnostic.message,
        start=Position(span.line, span.column),
        end=Position(span.end_line, span.end_column),
        source_line=index.line_text(span.line),
        fix=fix,
        url=diagnostic.url,
        suppressed_reason=diagnostic.suppressed_reason,
    )
