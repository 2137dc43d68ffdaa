"""Every real-world .mc file parses, round-trips byte for byte and keeps the tree invariants."""

from __future__ import annotations

from pathlib import Path

import pytest
from syntax_inputs import corpus_dir, corpus_files, example_files, input_id, sendmail_cf_files
from treecheck import check_tree

from mcparse.syntax import decode, encode, parse, parse_file, unparse


def _cases(files: list[Path], missing: str) -> list[object]:
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=missing), id="missing")]
    return [pytest.param(path, id=input_id(path)) for path in files]


ALL_INPUTS = (
    _cases(corpus_files(), f"corpus not found at {corpus_dir()} (CI puts shared/ beside the repo)")
    + _cases(sendmail_cf_files(), "sendmail-cf is not installed (apt-get install sendmail-cf)")
    + _cases(example_files(), "no examples/")
)


@pytest.mark.parametrize("path", ALL_INPUTS)
def test_file_round_trips_exactly(path: Path) -> None:
    data = path.read_bytes()
    result = parse_file(path)
    assert encode(unparse(result.tree), result.bom) == data
    text, _, _ = decode(data)
    check_tree(result, text)


@pytest.mark.parametrize("path", ALL_INPUTS)
def test_file_parses_the_same_as_str_and_bytes(path: Path) -> None:
    data = path.read_bytes()
    text, _, bad = decode(data)
    from_text = parse(text)
    from_bytes = parse(data)
    assert from_text.tree == from_bytes.tree
    # Only the bytes path can know about undecodable bytes (MC003).
    codes = [d.code for d in from_bytes.diagnostics if d.code != "MC003"]
    assert codes == [d.code for d in from_text.diagnostics]
    assert any(d.code == "MC003" for d in from_bytes.diagnostics) == (bad is not None)


def test_corpus_is_complete_when_present() -> None:
    """The corpus README promises 105 files; a partial copy would silently test less."""
    if not corpus_dir().is_dir():
        pytest.skip(f"corpus not found at {corpus_dir()}")
    assert len(corpus_files()) >= 105
