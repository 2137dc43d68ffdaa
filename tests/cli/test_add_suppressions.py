"""Issue #16: ``--add-suppressions`` (ruff's ``--add-noqa`` for sendmail.mc).

Each remaining finding gets ``dnl mc-check: disable=CODE`` above its line;
a second run is clean; and the generated sendmail.cf is byte-for-byte what
it was, which the real m4 decides."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from cli_support import REPO, write
from m4oracle import compile_mc, corpus_files, prepare_for_m4, read_corpus_text, requires_m4

from mcparse.suppressions import directive_line, suppression_edits
from mcparse.syntax import parse

HEAD = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
WARNINGS = HEAD + "define(`confFOO', `x')dnl\ndefine(`confFOO', `x')dnl\nMAILER(`smtp')dnl\n"


def _edits(text: str, lines: dict[int, set[str]]) -> tuple[str, list[int]]:
    from mcparse.fixes import apply_edits

    parsed = parse(text)
    edits, refused = suppression_edits(parsed, parsed.index, lines)
    return apply_edits(text, edits), refused


def test_directive_goes_above_the_line_with_every_code_once() -> None:
    text = "divert(-1)dnl\n  FEATURE(`x')dnl\n"
    new, refused = _edits(text, {2: {"MC204", "MC101"}})
    assert new == "divert(-1)dnl\ndnl mc-check: disable=MC101,MC204\n  FEATURE(`x')dnl\n"
    assert refused == []


def test_no_directive_inside_a_quoted_value_or_a_macro_call() -> None:
    text = "divert(-1)dnl\ndefine(`confX', `one\ntwo')dnl\nFEATURE(`a',\n  `b')dnl\n"
    new, refused = _edits(text, {3: {"MC203"}, 5: {"MC301"}, 4: {"MC204"}})
    assert refused == [3, 5]
    assert new == text.replace("FEATURE(", "dnl mc-check: disable=MC204\nFEATURE(")


def test_crlf_files_get_crlf_directives() -> None:
    new, _ = _edits("divert(-1)dnl\r\nFEATURE(`x')dnl\r\n", {2: {"MC204"}})
    assert new == "divert(-1)dnl\r\ndnl mc-check: disable=MC204\r\nFEATURE(`x')dnl\r\n"
    assert directive_line(["MC1"], "\r\n") == "dnl mc-check: disable=MC1\r\n"


def test_add_suppressions_silences_every_finding(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", WARNINGS)
    before = cli("--output-format", "json", str(path))
    assert before.status == 1
    lines = {finding["location"]["row"] for finding in json.loads(before.out)}
    result = cli("--add-suppressions", str(path))
    assert result.status == 0
    added = int(re.search(r"Added (\d+) suppressions? in 1 file\.", result.err).group(1))  # type: ignore[union-attr]
    assert added == len(lines)  # one directive a line, naming every rule that fired there
    text = path.read_text()
    assert text.count("dnl mc-check: disable=") == added
    after = cli("--output-format", "concise", str(path))
    assert after.status == 0
    assert after.out.startswith("All checks passed.") and "suppressed inline" in after.out
    # A second run has nothing left to add.
    again = cli("--add-suppressions", str(path))
    assert again.status == 0 and "Added 0 suppressions." in again.err and path.read_text() == text
    assert cli("--add-suppressions", "-q", str(path)).err == ""  # -q drops the count, as ruff's does


def test_add_suppressions_honours_the_selection(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", WARNINGS)
    cli("--add-suppressions", "--select", "MC402", str(path))
    assert path.read_text() == WARNINGS.replace(
        "define(`confFOO', `x')dnl\nMAILER", "dnl mc-check: disable=MC402\ndefine(`confFOO', `x')dnl\nMAILER"
    )


def test_add_suppressions_is_a_mode_of_its_own(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", WARNINGS)
    for other in ("--fix", "--diff", "--statistics", "--show-model"):
        result = cli("--add-suppressions", other, str(path))
        assert result.status == 2 and "--add-suppressions" in result.err
    assert cli("--add-suppressions", "-").status == 2
    assert path.read_text() == WARNINGS


def test_a_file_that_cannot_be_written_is_reported(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "sendmail.mc", WARNINGS)
    from mcparse.cli import fixing

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fixing, "replace_file", refuse)
    result = cli("--add-suppressions", str(path))
    assert result.status == 2 and "cannot write" in result.err
    assert path.read_text() == WARNINGS


# -- the real m4: sendmail.cf does not change ---------------------------------------


def _cf(text: str, root: Path) -> str:
    result = compile_mc(text, cwd=root, filename="sendmail.mc")
    # cf.m4 stamps who built the file, when and where: the only lines allowed to differ.
    return "".join(line for line in result.stdout.splitlines(keepends=True) if not line.startswith("##### "))


SAMPLES = [REPO / "examples" / "submission-split.mc", REPO / "examples" / "broken-submission.mc"]
CORPUS_SAMPLE = corpus_files()[::7]


@requires_m4
@pytest.mark.parametrize("source", SAMPLES + CORPUS_SAMPLE, ids=lambda path: path.name)
def test_sendmail_cf_is_the_same_after_adding_suppressions(cli, tmp_path: Path, source: Path) -> None:
    text, stubs = prepare_for_m4(read_corpus_text(source))
    for stub in stubs:
        (tmp_path / stub).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / stub).touch()
    work = tmp_path / "work"
    work.mkdir()
    path = work / "sendmail.mc"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    before = _cf(text, tmp_path)
    result = cli("--add-suppressions", str(path))
    assert result.status in (0, 2), result.err  # 2: a file mc-check cannot read at all
    after_text = path.read_bytes().decode("utf-8", "surrogateescape")
    if "Added 0" not in result.err:
        assert after_text != text
    assert _cf(after_text, tmp_path) == before
    shutil.rmtree(work)
