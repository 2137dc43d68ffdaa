"""Issue #16: the ``gitlab`` (Code Quality) and ``rdjson`` (reviewdog) formats.

Field names as GitLab documents its Code Quality report (description,
check_name, fingerprint, severity, location.path, location.lines.begin) and
as reviewdog's rdf proto defines DiagnosticResult."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from cli_support import BROKEN, ONLY_SYNTAX, write

from mcparse.cli.findings import FileReport, Finding, FindingFix, FixEdit, Position
from mcparse.cli.formats import renderer


def _finding(**changes: object) -> Finding:
    finding = Finding(
        code="MC101", name="auth-on-mta-port", severity="warning", message="port 25 offers AUTH",
        start=Position(3, 1), end=Position(3, 5), source_line="DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl",
        url="https://example.invalid/MC101",
    )
    return dataclasses.replace(finding, **changes)  # type: ignore[arg-type]


def test_gitlab_issue_fields(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", BROKEN)
    result = cli(*ONLY_SYNTAX, "--output-format", "gitlab", str(path))
    assert result.status == 1
    issues = json.loads(result.out)
    assert [issue["check_name"] for issue in issues] == ["MC002", "MC001"]
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] == "major"  # syntax errors
        # Outside the current directory a path cannot be made relative: it stays as given.
        assert issue["location"]["path"] == str(path)
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert issues[0]["location"]["lines"]["begin"] == 2
    assert len({issue["fingerprint"] for issue in issues}) == 2


def test_gitlab_paths_are_relative_and_severities_mapped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    findings = [_finding(severity=severity) for severity in ("error", "warning", "info")]
    report = FileReport(path=str(tmp_path / "etc" / "sendmail.mc"), findings=findings)
    issues = json.loads(renderer("gitlab")([report]))
    assert [issue["severity"] for issue in issues] == ["major", "minor", "info"]
    assert {issue["location"]["path"] for issue in issues} == {"etc/sendmail.mc"}


def test_gitlab_fingerprints_are_unique_and_stable_when_lines_move() -> None:
    twins = FileReport(path="sendmail.mc", findings=[_finding(), _finding()])
    first, second = json.loads(renderer("gitlab")([twins]))
    assert first["fingerprint"] != second["fingerprint"]  # GitLab would show only one
    moved = FileReport(path="sendmail.mc", findings=[_finding(start=Position(9, 1), end=Position(9, 5))])
    assert json.loads(renderer("gitlab")([moved]))[0]["fingerprint"] == first["fingerprint"]
    other_file = FileReport(path="submit.mc", findings=[_finding()])
    assert json.loads(renderer("gitlab")([other_file]))[0]["fingerprint"] != first["fingerprint"]


def test_gitlab_leaves_out_suppressed_findings() -> None:
    report = FileReport(path="sendmail.mc", findings=[_finding(suppressed_reason="firewalled")])
    assert json.loads(renderer("gitlab")([report])) == []


def test_rdjson_diagnostic_result(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", BROKEN)
    result = cli(*ONLY_SYNTAX, "--output-format", "rdjson", str(path))
    assert result.status == 1
    document = json.loads(result.out)
    assert document["source"]["name"] == "mc-check" and document["source"]["url"].startswith("https://")
    first = document["diagnostics"][0]
    assert first["severity"] == "ERROR" and first["code"]["value"] == "MC002"
    assert first["location"]["path"] == str(path)
    assert first["location"]["range"]["start"] == {"line": 2, "column": 1}
    assert set(first["location"]["range"]["end"]) == {"line", "column"}


def test_rdjson_severities_code_url_and_suggestions() -> None:
    fix = FindingFix("add A", "safe", (FixEdit(", M=A", Position(3, 36), Position(3, 36)),))
    findings = [_finding(severity="error", fix=fix), _finding(severity="warning"), _finding(severity="info")]
    document = json.loads(renderer("rdjson")([FileReport(path="sendmail.mc", findings=findings)]))
    diagnostics = document["diagnostics"]
    assert [d["severity"] for d in diagnostics] == ["ERROR", "WARNING", "INFO"]
    assert diagnostics[0]["code"] == {"value": "MC101", "url": "https://example.invalid/MC101"}
    assert diagnostics[0]["suggestions"] == [
        {"range": {"start": {"line": 3, "column": 36}, "end": {"line": 3, "column": 36}}, "text": ", M=A"}
    ]
    assert "suggestions" not in diagnostics[1]


def test_rdjson_columns_are_utf8_bytes() -> None:
    # reviewdog counts columns in UTF-8 bytes: "é" is two.
    finding = _finding(source_line="dnl é x", start=Position(1, 7), end=Position(1, 8))
    document = json.loads(renderer("rdjson")([FileReport(path="sendmail.mc", findings=[finding])]))
    assert document["diagnostics"][0]["location"]["range"] == {
        "start": {"line": 1, "column": 8}, "end": {"line": 1, "column": 9},
    }
