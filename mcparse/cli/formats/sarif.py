"""``sarif``: SARIF 2.1.0, what GitHub code scanning and most CI dashboards read.

Columns count code points (declared with ``columnKind``), as mc-check's
other formats do. Suppressed findings are kept, marked ``inSource`` with the
reason the admin wrote, so dashboards can show them as dismissed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Optional, Sequence
from urllib.parse import quote

from ... import __version__
from ..engine_bridge import RuleInfo
from ..findings import FileReport, Finding, Position

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_BASE = "%SRCROOT%"


def _artifact(path: str) -> dict[str, str]:
    if path == "-":
        return {"uri": "stdin"}
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path.replace(os.sep, "/")), "uriBaseId": _BASE}


def _region(start: Position, end: Position) -> dict[str, int]:
    return {"startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column}


def _rule(info: RuleInfo) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary or info.name},
        "fullDescription": {"text": info.explanation or info.summary or info.name},
        "help": {"text": info.explanation or info.summary or info.name},
        "defaultConfiguration": {"level": _LEVEL.get(info.severity, "warning")},
        "properties": {"category": info.category, "tags": [info.category], "fix": info.fix or "none"},
    }
    if info.url:
        rule["helpUri"] = info.url
    return rule


def _result(report: FileReport, finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    location = _artifact(report.path)
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVEL.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": location, "region": _region(finding.start, finding.end),
        }}],
    }
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    if finding.fix is not None:
        result["fixes"] = [{
            "description": {"text": f"{finding.fix.message} ({finding.fix.applicability})"},
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [
                    {"deletedRegion": _region(edit.start, edit.end), "insertedContent": {"text": edit.content}}
                    for edit in finding.fix.edits
                ],
            }],
        }]
    if finding.suppressed_reason is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed_reason}]
    return result


def render_sarif(
    reports: Sequence[FileReport], *, rules: Optional[Sequence[RuleInfo]] = None, **_: object
) -> str:
    catalogue = list(rules or ())
    known = {info.code for info in catalogue}
    # A finding whose rule the catalogue lacks still gets a descriptor, so
    # every ruleId can be looked up.
    for report in reports:
        for finding in report.findings:
            if finding.code not in known:
                known.add(finding.code)
                catalogue.append(RuleInfo(finding.code, finding.name, "", finding.severity, finding.name, ""))
    rule_index = {info.code: index for index, info in enumerate(catalogue)}
    notifications = [
        {"level": "error", "message": {"text": report.error},
         "locations": [{"physicalLocation": {"artifactLocation": _artifact(report.path)}}]}
        for report in reports if report.error
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "mc-check",
            "version": __version__,
            "informationUri": "https://pypi.org/project/mcparse/",
            "rules": [_rule(info) for info in catalogue],
        }},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {_BASE: {"uri": Path.cwd().as_uri() + "/"}},
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        "results": [_result(report, finding, rule_index) for report in reports for finding in report.findings],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
