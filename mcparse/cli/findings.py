"""What the CLI reports about one file, as plain picklable data.

Worker processes send these back to the parent, and the output formats read
only these: no pydantic model crosses a process boundary or reaches a
formatter, so printing stays cheap and formats are easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Diagnostic
    from ..engine import LeftOut
    from ..source import LineIndex

# How much of a finding's source line is kept for the carets of the full
# format. A generated .mc can hold one line of megabytes with thousands of
# findings on it; a copy of the whole line per finding is what once made
# such a file print 1 GB and take 4 GB of memory.
SOURCE_WINDOW = 240
SOURCE_CONTEXT = 80  # of the window, the columns kept before the finding

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
FAILURE_THRESHOLDS = ("error", "warning", "info", "never")
DEFAULT_FAILURE_THRESHOLD = "warning"


def fails(severity: str, threshold: str) -> bool:
    """Whether a finding of ``severity`` fails the run under ``threshold``
    (error, warning, info or never); an unknown severity counts as a warning."""
    if threshold == "never":
        return False
    return SEVERITY_RANK.get(severity, 2) >= SEVERITY_RANK[threshold]


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
    # How many columns of a long line were cut before ``source_line``
    # (which is then a window of at most SOURCE_WINDOW characters).
    source_offset: int = 0

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.suppressed_reason is None


@dataclass(frozen=True)
class Omitted:
    """Findings of one rule left out of a file's report beyond the per-rule cap."""

    code: str
    name: str
    severity: str
    count: int


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
    # Visible findings left out beyond max-findings-per-rule, per rule, and
    # how many suppressed ones were left out the same way.
    omitted: list[Omitted] = field(default_factory=list)
    omitted_suppressed: int = 0
    # failure-threshold of the settings in force for this file.
    failure_threshold: str = DEFAULT_FAILURE_THRESHOLD

    @property
    def visible(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.suppressed_reason is None]

    @property
    def visible_count(self) -> int:
        """Every visible finding, those left out by the cap included."""
        return len(self.visible) + sum(item.count for item in self.omitted)

    def failing(self, threshold: Optional[str] = None) -> int:
        """How many visible findings (left-out ones included) fail the run under
        ``threshold``, or under this file's own failure-threshold when None."""
        chosen = threshold or self.failure_threshold
        listed = sum(1 for finding in self.visible if fails(finding.severity, chosen))
        return listed + sum(item.count for item in self.omitted if fails(item.severity, chosen))

    def shown(self, show_suppressed: bool) -> list[Finding]:
        """What a report lists: the visible findings, and with --show-suppressed
        also the silenced ones (in position order)."""
        return list(self.findings) if show_suppressed else self.visible


def cap_per_rule(
    diagnostics: "Sequence[Diagnostic]", limit: int, already_left_out: "Sequence[LeftOut]" = ()
) -> "tuple[list[Diagnostic], list[Omitted], int]":
    """At most ``limit`` diagnostics of each rule (0: no cap), in their order;
    the visible ones left out counted per rule, the suppressed ones in total.
    ``already_left_out``: what the engine left out itself (it kept the first
    ``limit`` of each rule), counted as if it were still in the list."""
    if limit <= 0:
        return list(diagnostics), [], 0
    items: "list[Diagnostic | LeftOut]" = list(diagnostics)
    if already_left_out:
        # Stable: of one rule, what the engine kept comes before what it left out.
        items.extend(already_left_out)
        items.sort(key=_position)
    seen: dict[tuple[str, bool], int] = {}
    kept: list["Diagnostic"] = []
    # code -> (name, severity, how many left out), in first-seen order
    left_out: dict[str, tuple[str, str, int]] = {}
    suppressed_out = 0
    for diagnostic in items:
        suppressed = _is_suppressed(diagnostic)
        key = (diagnostic.code, suppressed)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= limit:
            assert not isinstance(diagnostic, tuple), "the engine left out one that is within the cap"
            kept.append(diagnostic)
        elif suppressed:
            suppressed_out += 1
        else:
            name, severity, count = left_out.get(diagnostic.code, (diagnostic.name, diagnostic.severity, 0))
            left_out[diagnostic.code] = (name, severity, count + 1)
    omitted = [Omitted(code, name, severity, count) for code, (name, severity, count) in left_out.items()]
    return kept, omitted, suppressed_out


def _position(item: "Diagnostic | LeftOut") -> tuple[int, int, str]:
    if isinstance(item, tuple):
        return item.start, item.end, item.code
    return item.span.start, item.span.end, item.code


def _is_suppressed(item: "Diagnostic | LeftOut") -> bool:
    if isinstance(item, tuple):
        return item.suppressed
    return item.suppressed_reason is not None


def _window(line: str, column: int) -> tuple[str, int]:
    """The part of a long source line shown under a finding at ``column``, and its offset."""
    if len(line) <= SOURCE_WINDOW:
        return line, 0
    offset = max(0, min(column - 1 - SOURCE_CONTEXT, len(line) - SOURCE_WINDOW))
    return line[offset : offset + SOURCE_WINDOW], offset


def finding_from_diagnostic(diagnostic: "Diagnostic", index: "LineIndex") -> Finding:
    """Convert a library Diagnostic to the CLI's plain form."""
    span = diagnostic.span
    source_line, source_offset = _window(index.line_text(span.line), span.column)
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
        source_line=source_line,
        fix=fix,
        url=diagnostic.url,
        suppressed_reason=diagnostic.suppressed_reason,
        source_offset=source_offset,
    )
