"""``rdjson``: reviewdog's diagnostic format (``reviewdog -f=rdjson``).

One DiagnosticResult: ``source`` names mc-check, and each visible finding is
a diagnostic with its message, location (path and range; the end is
exclusive, as reviewdog's is and mc-check's own end column already is),
severity, rule code with its documentation URL, and its fix as suggestions.

reviewdog counts columns in UTF-8 bytes where mc-check counts code points;
positions on the finding's own line are converted with that line's text.
Other positions (a fix edit on another line) keep code points, which is the
same for the ASCII that sendmail.mc files are written in.
"""

from __future__ import annotations

import json
from typing import Any, Optional, Sequence

from ..findings import FileReport, Finding, Position

SOURCE = {"name": "mc-check", "url": "https://pypi.org/project/mcparse/"}
_SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def _byte_column(finding: Finding, position: Position) -> int:
    if position.line != finding.start.line:
        return position.column
    # The window of the line the finding keeps starts source_offset columns in;
    # the part cut off before it is counted as one byte a column.
    characters = position.column - 1 - finding.source_offset
    if characters < 0 or characters > len(finding.source_line):
        return position.column
    return finding.source_offset + len(finding.source_line[:characters].encode("utf-8", "surrogatepass")) + 1


def _position(finding: Finding, position: Position) -> dict[str, int]:
    return {"line": position.line, "column": _byte_column(finding, position)}


def _range(finding: Finding, start: Position, end: Position) -> dict[str, Any]:
    return {"start": _position(finding, start), "end": _position(finding, end)}


def _code(finding: Finding) -> dict[str, str]:
    code = {"value": finding.code}
    if finding.url:
        code["url"] = finding.url
    return code


def _diagnostic(path: str, finding: Finding) -> dict[str, Any]:
    diagnostic: dict[str, Any] = {
        "message": f"[{finding.name}] {finding.message}",
        "location": {"path": path, "range": _range(finding, finding.start, finding.end)},
        "severity": _SEVERITY.get(finding.severity, "WARNING"),
        "code": _code(finding),
    }
    if finding.fix is not None:
        diagnostic["suggestions"] = [
            {"range": _range(finding, edit.start, edit.end), "text": edit.content} for edit in finding.fix.edits
        ]
    return diagnostic


def render_rdjson(reports: Sequence[FileReport], **_: object) -> str:
    result: dict[str, Optional[Any]] = {
        "source": SOURCE,
        "diagnostics": [_diagnostic(report.path, finding) for report in reports for finding in report.visible],
    }
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
