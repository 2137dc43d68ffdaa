"""Properties of the whole library (parse -> resolve -> check -> fix) for any input.

tests/syntax/test_properties.py holds the parser's own properties; this file
reuses its strategies and goes on through the model, the rules and the fixes.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pipeline import run_everything
from test_properties import _REAL_FILES, m4ish_text, mutated_file

from mcparse.fixes import SYNTAX_ERROR_CODES, apply_edits, fix_until_stable
from mcparse.syntax import parse

BOUNDED = settings(
    max_examples=60, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def _syntax_errors(text: str) -> int:
    return sum(1 for diagnostic in parse(text).diagnostics if diagnostic.code in SYNTAX_ERROR_CODES)


@BOUNDED
@given(st.text(max_size=300))
def test_any_text_goes_through_the_whole_pipeline(text: str) -> None:
    run_everything(text)


@BOUNDED
@given(st.binary(max_size=300))
def test_any_bytes_go_through_the_whole_pipeline(data: bytes) -> None:
    run_everything(data)


@BOUNDED
@given(m4ish_text)
def test_m4ish_text_goes_through_the_whole_pipeline(text: str) -> None:
    run_everything(text)


# m4 words that make the evaluator work: definitions, recursion, builtins.
_M4_PIECES = st.sampled_from([
    "define(`x', `x')", "define(`y', `$0($@)')", "x", "y(a,b)", "ifelse(", "ifdef(`x',", "shift($@)",
    "eval(2**", "regexp(`aaa', `a*')", "translit(`ab', `a-z')", "substr(`abc', 1)", "changequote([,])",
    "changequote", "changecom(`/*', `*/')", "dnl", "divert(-1)", "undivert", "include(`cf.m4')",
    "DAEMON_OPTIONS(`Port=smtp')", "FEATURE(`msp')", "`", "'", "(", ")", ",", "\n", "[", "]", "$1", "m4exit",
])


@BOUNDED
@given(st.lists(_M4_PIECES, max_size=40).map("".join))
def test_m4_programs_are_bounded_and_never_raise(text: str) -> None:
    run_everything(text)


@pytest.mark.skipif(not _REAL_FILES, reason="no corpus, sendmail-cf or examples found")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_file())
def test_mutated_real_files_go_through_the_whole_pipeline(text: str) -> None:
    run_everything(text)


@pytest.mark.skipif(not _REAL_FILES, reason="no corpus, sendmail-cf or examples found")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_file())
def test_every_single_fix_keeps_the_file_parseable(text: str) -> None:
    """Each fix on its own (unsafe ones too) adds no syntax error, and
    fix_until_stable's result parses no worse than the input."""
    before = _syntax_errors(text)
    for diagnostic in run_everything(text).diagnostics:
        if diagnostic.fix is None:
            continue
        fixed = apply_edits(text, diagnostic.fix.edits)
        assert _syntax_errors(fixed) <= before, (diagnostic.code, diagnostic.fix)
        parse(fixed)
    outcome = fix_until_stable(text, unsafe=True)
    assert _syntax_errors(outcome.text) <= before
    run_everything(outcome.text)


def test_the_pipeline_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_everything must notice an internal error, or the properties prove nothing."""
    from mcparse import engine

    def failing_model(*args: object, **kwargs: object) -> object:
        raise RuntimeError("model bug")

    monkeypatch.setattr("mcparse.model.resolve", failing_model)
    with pytest.raises(AssertionError, match="internal error"):
        run_everything("FEATURE(`x')\n")
    assert engine.INTERNAL_ERROR_CODE == "MC000"
