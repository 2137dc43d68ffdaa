"""``gitlab``: a GitLab Code Quality report (``artifacts: reports: codequality``).

One issue per visible finding with the fields GitLab reads: description,
check_name, fingerprint, severity and location.path / location.lines.begin.
The fingerprint is what GitLab matches issues by between the base and the
head of a merge request, so it is built from what a finding *is* (file,
rule, message, the text of its line) rather than from its line number, and
an edit above a finding does not make it look new; the occurrence count
keeps identical findings in one file apart.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any, Sequence

from ..findings import FileReport, Finding

# GitLab's scale is info, minor, major, critical, blocker; mc-check's errors
# are things sendmail will get wrong, not a reason to block every merge.
_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def report_path(path: str) -> str:
    """The path as GitLab wants it: relative to the repository (the current
    directory), with forward slashes and no leading ``./``."""
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(".."):
            path = relative
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def _fingerprint(path: str, finding: Finding, occurrence: int) -> str:
    digest = hashlib.sha256()
    for part in (path, finding.code, finding.message, finding.source_line.strip(), str(occurrence)):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _issue(path: str, finding: Finding, occurrence: int) -> dict[str, Any]:
    return {
        "description": f"{finding.code} [{finding.name}] {finding.message}",
        "check_name": finding.code,
        "fingerprint": _fingerprint(path, finding, occurrence),
        "severity": _SEVERITY.get(finding.severity, "minor"),
        "location": {"path": path, "lines": {"begin": finding.start.line, "end": finding.end.line}},
    }


def render_gitlab(reports: Sequence[FileReport], **_: object) -> str:
    issues = []
    for report in reports:
        path = report_path(report.path)
        seen: dict[tuple[str, str, str], int] = {}
        for finding in report.visible:
            key = (finding.code, finding.message, finding.source_line.strip())
            seen[key] = seen.get(key, 0) + 1
            issues.append(_issue(path, finding, seen[key]))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
