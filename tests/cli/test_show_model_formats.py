"""Issue #16: --show-model honours --output-format, or says it cannot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import REPO

EXAMPLE = REPO / "examples" / "submission-split.mc"


@pytest.mark.parametrize("name", ["sarif", "junit", "github", "gitlab", "rdjson"])
def test_formats_for_findings_cannot_show_a_model(cli, name: str) -> None:
    result = cli("--show-model", "--output-format", name, str(EXAMPLE))
    assert result.status == 2 and result.out == ""
    assert f"--show-model cannot print --output-format {name}" in result.err


def test_json_of_several_files_is_one_document(cli, tmp_path: Path) -> None:
    other = tmp_path / "other.mc"
    other.write_text("divert(-1)dnl\n")
    result = cli("--show-model", "--output-format", "json", str(EXAMPLE), str(other))
    assert result.status == 0
    documents = json.loads(result.out)  # one document, not two glued together
    assert [document["path"] for document in documents] == [str(EXAMPLE), str(other)]
    assert "daemons" in documents[0]["model"]


def test_json_lines_is_one_object_a_file(cli) -> None:
    result = cli("--show-model", "--output-format", "json-lines", str(EXAMPLE))
    [line] = result.out.splitlines()
    assert json.loads(line)["path"] == str(EXAMPLE) and "daemons" in json.loads(line)["model"]


def test_concise_shows_the_text_summary(cli) -> None:
    assert "Daemons sendmail will run:" in cli("--show-model", "--output-format", "concise", str(EXAMPLE)).out


def test_show_model_to_an_output_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "model.json"
    result = cli("--show-model", "--output-format", "json", "-o", str(target), str(EXAMPLE))
    assert result.status == 0 and result.out == ""
    assert "daemons" in json.loads(target.read_text())
