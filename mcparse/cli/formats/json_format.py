"""``json`` (an array) and ``json-lines`` (one object a line): the contract of issue #4."""

from __future__ import annotations

import json
from typing import Any, Optional, Sequence

from ..findings import FileReport, Finding, Position


def _location(position: Position) -> dict[str, int]:
    return {"row": position.line, "column": position.column}


def finding_object(report: FileReport, finding: Finding, show_suppressed: bool = False) -> dict[str, Any]:
    fix: Optional[dict[str, Any]] = None
    if finding.fix is not None:
        fix = {
            "message": finding.fix.message,
            "applicability": finding.fix.applicability,
            "edits": [
                {"content": edit.content, "location": _location(edit.start), "end_location": _location(edit.end)}
                for edit in finding.fix.edits
            ],
        }
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity,
        "message": finding.message,
        "filename": report.path,
        "location": _location(finding.start),
        "end_location": _location(finding.end),
        "fix": fix,
        "url": finding.url,
        # Only with --show-suppressed, so the default objects keep issue #4's fields.
        **({"suppressed_reason": finding.suppressed_reason} if show_suppressed else {}),
    }


def render_json(reports: Sequence[FileReport], *, show_suppressed: bool = False, **_: object) -> str:
    objects = [
        finding_object(report, finding, show_suppressed)
        for report in reports
        for finding in report.shown(show_suppressed)
    ]
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"


def render_json_lines(reports: Sequence[FileReport], *, show_suppressed: bool = False, **_: object) -> str:
    return "".join(
        json.dumps(finding_object(report, finding, show_suppressed), ensure_ascii=False) + "\n"
        for report in reports
        for finding in report.shown(show_suppressed)
    )
