"""Resuming the packaged model from a previous version's checkpoints gives the
same model as resolving the new version from scratch (mcparse.model.checkpoints)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from mcparse.model import Checkpoints, resolve
from mcparse.model import checkpoints as checkpoints_module
from mcparse.syntax import parse

_TESTS = Path(__file__).resolve().parents[1]
if str(_TESTS) not in sys.path:
    sys.path.insert(0, str(_TESTS))

import m4oracle  # noqa: E402

REPO = _TESTS.parent
# Edits that change how everything after them reads (quotes, comments,
# diversions, changequote, the cf.m4 include, OSTYPE) next to ordinary ones.
SNIPPETS = (
    "dnl x\n", "`", "'", "define(`confX', `1')", "(", ")", ",", "\n", "FEATURE(`access_db')dnl\n",
    "changequote([,])", "#", "divert(-1)", "MAILER(`smtp')", "LOCAL_CONFIG\n", "x", "dnl",
    "include(`/usr/share/sendmail/cf/m4/cf.m4')\n", "OSTYPE(`linux')dnl\n", "define(`F', `(')",
    "m4wrap(`x')", "undefine(`dnl')",
)


def _inputs() -> list[tuple[str, str]]:
    paths = sorted((REPO / "examples").glob("*.mc")) + sorted((REPO / "tests" / "fixsafety" / "cases").glob("*.mc"))
    paths += m4oracle.corpus_files()
    return [(path.name, path.read_text(encoding="utf-8", errors="replace")) for path in paths]


def _edited(text: str, rng: random.Random) -> str:
    position = rng.randrange(len(text) + 1)
    if rng.random() < 0.3 and position < len(text):
        return text[:position] + text[position + rng.randrange(1, 40) :]
    return text[:position] + rng.choice(SNIPPETS) + text[position:]


def _model(text: str, checkpoints: "Checkpoints | None" = None) -> dict:
    return resolve(parse(text).syntax, compile=False, checkpoints=checkpoints).model_dump()


@pytest.fixture
def dense_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    # A mark between every two tokens of the file: every edit then resumes
    # from the last token before it, the hardest place to get right.
    monkeypatch.setattr(checkpoints_module, "MIN_MARK_DISTANCE", 1)
    monkeypatch.setattr(checkpoints_module, "MARKS_PER_TEXT", 10**9)


@pytest.mark.parametrize(("name", "text"), _inputs(), ids=[name for name, _ in _inputs()])
def test_resumed_model_equals_the_model_from_scratch(name: str, text: str, dense_marks: None) -> None:
    rng = random.Random(name)
    checkpoints = Checkpoints()
    _model(text, checkpoints)
    resumed = 0
    for _ in range(5):
        text = _edited(text, rng)
        checkpoints = Checkpoints(checkpoints)
        assert _model(text, checkpoints) == _model(text), (name, text)
        resumed += checkpoints.resumed_at > 0
    assert resumed or len(text) < 200  # a file this size has marks before most edits


def test_a_middle_edit_of_a_large_file_resumes_near_the_edit() -> None:
    line = "define(`confMAX_HOP', `17')dnl\nFEATURE(`access_db')dnl\n"
    text = "OSTYPE(`linux')dnl\nMAILER(`smtp')dnl\n" + line * 2_000
    checkpoints = Checkpoints()
    _model(text, checkpoints)
    middle = text.index("\n", len(text) // 2) + 1
    edited = text[:middle] + "dnl an edit\n" + text[middle:]
    following = Checkpoints(checkpoints)
    assert _model(edited, following) == _model(edited)
    assert middle - 2 * following.every <= following.resumed_at < middle
    # The marks before the edit are kept, new ones are taken after it.
    assert following.marks[-1].offset > middle


@pytest.mark.parametrize("inserted", ["(", "x"])
def test_a_mark_whose_lookahead_reaches_the_edit_is_not_used(dense_marks: None, inserted: str) -> None:
    # Whether A was called with arguments, and where the name ended, was
    # decided by the character after it.
    text = "define(`A', `1')dnl\nA\nA,\n"
    checkpoints = Checkpoints()
    _model(text, checkpoints)
    at = text.index("A\nA,") + 1
    edited = text[:at] + inserted + text[at:]
    following = Checkpoints(checkpoints)
    assert _model(edited, following) == _model(edited)
    assert following.resumed_at < at


def test_a_long_quote_delimiter_widens_the_lookahead(dense_marks: None) -> None:
    # With a three-character open quote, the "[" read as text at the second
    # position looked two characters on: one more "[" there opens a quote.
    text = "changequote(`[[[', `]]]')dnl\na[[b]]]c\n"
    checkpoints = Checkpoints()
    _model(text, checkpoints)
    at = text.index("b]]]")
    edited = text[:at] + "[" + text[at:]
    following = Checkpoints(checkpoints)
    assert _model(edited, following) == _model(edited)


def test_no_marks_when_includes_are_read_from_disk(tmp_path: Path) -> None:
    text = "OSTYPE(`linux')dnl\n" + "define(`confMAX_HOP', `17')dnl\n" * 1_000
    checkpoints = Checkpoints()
    resolve(parse(text).syntax, compile=False, checkpoints=checkpoints, cf_dir=str(tmp_path))
    assert checkpoints.marks == []


def test_a_version_that_changes_whether_cf_m4_is_included_starts_over(dense_marks: None) -> None:
    text = "OSTYPE(`linux')dnl\n" + "define(`confMAX_HOP', `17')dnl\n" * 50
    checkpoints = Checkpoints()
    _model(text, checkpoints)
    edited = text + "include(`/usr/share/sendmail/cf/m4/cf.m4')\n"
    following = Checkpoints(checkpoints)
    assert _model(edited, following) == _model(edited)
    assert following.resumed_at == 0


def test_a_mark_past_the_shorter_texts_token_budget_is_not_used() -> None:
    # The budget of tokens read is the text's length plus a constant: cut the
    # file after a mark and reading it from the top stops before that mark.
    head = (
        "define(`N', `')define(`B', `" + " N" * 100 + "')define(`C', `B B B B B B B B B B')"
        "define(`D', `C C C C C C C C C C')dnl\n" + "D " * 55 + "\nMASQUERADE_AS(`example.com')dnl\n"
    )
    checkpoints = Checkpoints()
    _model(head + "N\n" * 60_000, checkpoints)
    shorter = head + "N\n" * 5_000
    following = Checkpoints(checkpoints)
    assert _model(shorter, following) == _model(shorter)
    assert _model(shorter)["masquerade_as"] is None  # the budget really ran out


def test_checkpoints_serve_one_resolve() -> None:
    checkpoints = Checkpoints()
    _model("OSTYPE(`linux')dnl\n", checkpoints)
    with pytest.raises(ValueError):
        _model("OSTYPE(`linux')dnl\n", checkpoints)
