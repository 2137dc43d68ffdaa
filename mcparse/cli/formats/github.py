"""``github``: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from typing import Sequence

from ..findings import FileReport

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    # The message part: only %, CR and LF are special.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    # Property values also end at ',' and ':'.
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence[FileReport], **_: object) -> str:
    out = []
    for report in reports:
        for finding in report.visible:
            level = _LEVEL.get(finding.severity, "warning")
            properties = ",".join((
                f"file={_property(report.path)}",
                f"line={finding.start.line}",
                f"col={finding.start.column}",
                f"endLine={finding.end.line}",
                f"endColumn={finding.end.column}",
                f"title={_property(f'{finding.code} {finding.name}')}",
            ))
            out.append(f"::{level} {properties}::{_data(finding.message)}\n")
    return "".join(out)
