"""Every --output-format, on real findings (syntax errors exist whatever rules are loaded)."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_support import BROKEN, CLEAN, ONLY_SYNTAX, write

from mcparse.cli.findings import FileReport, Finding, FindingFix, FixEdit, Position
from mcparse.cli.formats import renderer


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return write(tmp_path / "sendmail.mc", BROKEN)


def test_full_shows_location_code_name_line_and_carets(cli, broken: Path) -> None:
    result = cli("--output-format", "full", str(broken))
    assert result.status == 1
    lines = result.out.splitlines()
    head = next(i for i, line in enumerate(lines) if "MC002" in line)
    assert re.fullmatch(rf"{re.escape(str(broken))}:2:1: MC002 \[unclosed-call\] .+", lines[head])
    assert lines[head + 1] == " 2 | FEATURE(`access_db'dnl"
    # The carets sit under "FEATURE", the name of the call that is never closed.
    assert lines[head + 2] == "   | ^^^^^^^"
    assert "\x1b[" not in result.out  # not a terminal: no colour
    assert lines[-1].startswith("Found 2 findings in 1 file")


def test_carets_follow_tabs(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "t.mc", "\tFEATURE(`x'\n")
    lines = cli("--output-format", "full", str(path)).out.splitlines()
    source, carets = lines[1], lines[2]
    assert source == " 1 |     FEATURE(`x'"
    assert carets.index("^") == source.index("F")


@pytest.mark.parametrize(
    ("environment", "flag", "coloured"),
    [
        ({"FORCE_COLOR": "1"}, "auto", True),
        ({"NO_COLOR": "1"}, "always", True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, "auto", False),
        ({}, "auto", False),
        ({"FORCE_COLOR": "1"}, "never", False),
    ],
)
def test_colour_honours_no_color_and_force_color(
    cli, broken: Path, monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], flag: str, coloured: bool
) -> None:
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    assert ("\x1b[" in cli("--color", flag, str(broken)).out) is coloured


def test_control_characters_in_the_file_never_reach_the_terminal(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "evil.mc", "FEATURE(`\x1b]0;pwned\x07'\n")
    out = cli(str(path)).out
    assert "\x1b" not in out and "\x07" not in out


def test_concise_is_one_line_per_finding(cli, broken: Path) -> None:
    lines = cli("--output-format", "concise", str(broken)).out.splitlines()
    assert [line.split(": ", 1)[1].split()[0] for line in lines[:-1]] == ["MC002", "MC001"]
    assert lines[-1].startswith("Found 2 findings")


def test_json_contract(cli, broken: Path) -> None:
    result = cli("--output-format", "json", str(broken))
    assert result.status == 1
    objects = json.loads(result.out)
    assert [o["code"] for o in objects] == ["MC002", "MC001"]
    first = objects[0]
    assert set(first) == {"code", "name", "severity", "message", "filename", "location", "end_location", "fix", "url"}
    assert first["filename"] == str(broken)
    assert first["location"] == {"row": 2, "column": 1}
    assert first["end_location"] == {"row": 2, "column": 8}
    assert first["severity"] == "error" and first["fix"] is None


def test_json_of_a_clean_file_is_an_empty_array(cli, tmp_path: Path) -> None:
    result = cli(*ONLY_SYNTAX, "--output-format", "json", str(write(tmp_path / "ok.mc", CLEAN)))
    assert (result.status, json.loads(result.out)) == (0, [])


def test_json_lines(cli, broken: Path) -> None:
    lines = cli("--output-format", "json-lines", str(broken)).out.splitlines()
    assert [json.loads(line)["code"] for line in lines] == ["MC002", "MC001"]


def test_github_annotations(cli, broken: Path) -> None:
    lines = cli("--output-format", "github", str(broken)).out.splitlines()
    assert lines[0] == (
        f"::error file={broken},line=2,col=1,endLine=2,endColumn=8,title=MC002 unclosed-call::"
        + lines[0].split("::", 2)[2]
    )
    assert len(lines) == 2


def _report(**changes: object) -> FileReport:
    finding = Finding(
        code="MC101", name="auth-on-mta-port", severity="info",
        message="100% sure: port 25, offers AUTH\nto anyone", start=Position(3, 1), end=Position(3, 41),
        source_line="DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl",
        fix=FindingFix("add A to the modifiers", "unsafe", (FixEdit(", M=A", Position(3, 35), Position(3, 35)),)),
        url="https://example.invalid/MC101",
    )
    fields = {"path": "dir,x/send:mail.mc", "findings": [finding]}
    fields.update(changes)
    return FileReport(**fields)  # type: ignore[arg-type]


def test_github_escapes_properties_and_message() -> None:
    line = renderer("github")([_report()]).rstrip("\n")
    assert line.startswith("::notice file=dir%2Cx/send%3Amail.mc,line=3,col=1,endLine=3,endColumn=41,")
    assert line.endswith("::100%25 sure: port 25, offers AUTH%0Ato anyone")


def test_json_includes_fix_edits() -> None:
    [obj] = json.loads(renderer("json")([_report()]))
    assert obj["fix"] == {
        "message": "add A to the modifiers", "applicability": "unsafe",
        "edits": [{"content": ", M=A", "location": {"row": 3, "column": 35}, "end_location": {"row": 3, "column": 35}}],
    }


def test_junit_is_well_formed_and_counts_failures(cli, broken: Path, tmp_path: Path) -> None:
    clean = write(tmp_path / "ok.mc", CLEAN)
    # A control character in a file name must not make the XML unreadable.
    evil = write(tmp_path / "e\x01vil.mc", "FEATURE(`x'\n")
    result = cli(*ONLY_SYNTAX, "--output-format", "junit", str(broken), str(clean), str(evil))
    root = ET.fromstring(result.out)
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == [str(broken), str(clean), str(evil).replace("\x01", "\ufffd")]
    assert [len(suite.findall("testcase/failure")) for suite in suites] == [2, 0, 1]
    assert root.get("failures") == "3"


def test_statistics_counts_per_rule(cli, tmp_path: Path) -> None:
    one = write(tmp_path / "a.mc", BROKEN)
    two = write(tmp_path / "b.mc", "FEATURE(`x'\n")
    result = cli("--statistics", str(one), str(two))
    assert result.status == 1
    *lines, verdict = result.out.splitlines()
    rows = [line.split("\t") for line in lines]
    assert [(row[0].strip(), row[1], row[2]) for row in rows] == [("2", "MC002", "error"), ("1", "MC001", "error")]
    assert verdict == "Found 3 findings."
    stats = json.loads(cli("--statistics", "--output-format", "json", str(one), str(two)).out)
    assert stats[0] == {
        "code": "MC002", "name": "unclosed-call", "severity": "error", "count": 2, "fixable": False, "fails": True,
    }


@pytest.mark.parametrize("name", ["full", "concise"])
def test_headline_of_a_fixable_finding_keeps_the_contract(name: str) -> None:
    # `path:line:col: CODE [name] message`, with nothing between code and name,
    # whether or not --fix could take care of the finding.
    safe = FindingFix("add A to the modifiers", "safe", (FixEdit(", M=A", Position(3, 35), Position(3, 35)),))
    [finding] = _report().findings
    report = _report(path="sendmail.mc", findings=[dataclasses.replace(finding, fix=safe, message="m")])
    first = renderer(name)([report]).splitlines()[0]
    # concise adds the severity after the message (issue #16); full says it below the carets.
    assert first == "sendmail.mc:3:1: MC101 [auth-on-mta-port] m" + (" (info)" if name == "concise" else "")


@pytest.mark.parametrize("name", ["full", "concise"])
@pytest.mark.parametrize("severity", ["error", "warning", "info"])
def test_severity_is_printed(name: str, severity: str) -> None:
    [finding] = _report().findings
    report = _report(path="sendmail.mc", findings=[dataclasses.replace(finding, severity=severity)])
    lines = renderer(name)([report]).splitlines()
    if name == "concise":
        assert lines[0].endswith(f" ({severity})")
    else:
        assert lines[0].startswith("sendmail.mc:3:1: MC101 [auth-on-mta-port] ")
        assert f"   = severity: {severity}" in lines[1:5]


SUPPRESSED = (
    "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
    "dnl mc-check: disable=MC101 -- the relay port is firewalled to our own hosts\n"
    "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n"
)


def test_suppressed_findings_are_counted_and_listed_with_their_reason_on_request(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", SUPPRESSED)
    reason = "the relay port is firewalled to our own hosts"
    default = cli("--output-format", "full", "--no-cache", str(path))
    assert "MC101" not in default.out.replace("disable=MC101", "")
    assert "1 finding suppressed inline (--show-suppressed shows why)." in default.out.splitlines()[-1]

    full = cli("--output-format", "full", "--show-suppressed", str(path)).out.splitlines()
    head = next(i for i, line in enumerate(full) if " MC101 [auth-on-mta-port] " in line)
    assert f"   = suppressed inline: {reason}" in full[head + 1 : head + 5]
    concise = cli("--output-format", "concise", "--show-suppressed", str(path)).out
    assert f"(suppressed: {reason})" in concise
    objects = json.loads(cli("--output-format", "json", "--show-suppressed", str(path)).out)
    assert [o["suppressed_reason"] for o in objects if o["code"] == "MC101"] == [reason]
    # The suppressed finding still does not fail the run.
    assert cli("--select", "MC101", "--show-suppressed", str(path)).status == 0
