"""Properties that hold for every input: no exception, exact round trip, sound spans."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from syntax_inputs import corpus_files, example_files, sendmail_cf_files
from treecheck import check_tree

from mcparse.ast import MacroCall, calls
from mcparse.source import build
from mcparse.syntax import decode, encode, parse, unparse

# The characters that decide m4's structure, and words that mean something.
_PIECES = st.sampled_from(
    ["`", "'", "(", ")", ",", "#", "\n", "\r", "\r\n", " ", "\t", "dnl", "$", "FEATURE", "x",
     "include(`cf.m4')", "changecom", "define", "{{", "%}"]
)
m4ish_text = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=60).map("".join)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text())
def test_any_text_round_trips(text: str) -> None:
    check_tree(parse(text), text)


@SETTINGS
@given(m4ish_text)
def test_m4ish_text_round_trips(text: str) -> None:
    check_tree(parse(text), text)


@SETTINGS
@given(st.binary())
def test_any_bytes_round_trip(data: bytes) -> None:
    result = parse(data)
    assert encode(unparse(result.tree), result.bom) == data
    text, bom, _ = decode(data)
    assert bom == result.bom and text == result.text
    check_tree(result, text)


@SETTINGS
@given(st.sampled_from([b"", b"\xef\xbb\xbf"]), st.binary(max_size=40), st.sampled_from([b"\r\n", b"\r", b"\n"]))
def test_bom_and_line_breaks_survive(prefix: bytes, body: bytes, newline: bytes) -> None:
    data = prefix + body.replace(b"\n", newline) + newline
    result = parse(data)
    assert encode(unparse(result.tree), result.bom) == data


_REAL_FILES = corpus_files() + sendmail_cf_files() + example_files()
_EDITS = ["`", "'", "(", ")", ",", "dnl", "dnl ", "#", "\n", "FEATURE(", "`'", "''"]


@st.composite
def mutated_file(draw: st.DrawFn) -> str:
    """A real file with a few quotes, parentheses, commas, dnl or # inserted
    or deleted, as an editor sees it while someone types."""
    path = draw(st.sampled_from(_REAL_FILES))
    text, _, _ = decode(path.read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()) or not text:
            text = text[:at] + draw(st.sampled_from(_EDITS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 4)) :]
    return text


@pytest.mark.skipif(not _REAL_FILES, reason="no corpus, sendmail-cf or examples found")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_file())
def test_mutated_real_files_round_trip(text: str) -> None:
    check_tree(parse(text), text)


def test_the_checker_catches_a_wrong_span() -> None:
    """check_tree must be able to fail, or the properties above prove nothing."""
    text = "FEATURE(`a', `b')dnl\n"
    result = parse(text)
    call = next(calls(result.tree))
    index = result.index
    shifted = build(
        MacroCall, kind="call", span=index.span(1, call.span.end), name=call.name,
        name_span=call.name_span, arguments=call.arguments,
    )
    broken = result.model_copy(update={"tree": result.tree.model_copy(update={"children": (shifted,) + result.tree.children[1:]})})
    with pytest.raises(AssertionError):
        check_tree(broken, text)


def test_the_checker_catches_a_lost_character() -> None:
    text = "FEATURE(`a')dnl\n"
    with pytest.raises(AssertionError):
        check_tree(parse(text), text + "x")
