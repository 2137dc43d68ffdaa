"""Regression tests for the evaluator's bounds (mcparse/model/m4.py), found by #8's hostile inputs.

Each of these made resolve() raise RecursionError, run out of memory, or run
for many seconds before the bound was added.
"""

from __future__ import annotations

import sys

import pytest

import mcparse
from mcparse.model import m4
from mcparse.model.m4 import evaluate_expression


def _unknowns(text: str) -> list[str]:
    return [unknown.reason for unknown in mcparse.resolve(mcparse.parse(text).tree).unknowns]


def test_nested_calls_stop_at_the_nesting_bound_not_at_python_s_stack() -> None:
    depth = sys.getrecursionlimit() * 2
    reasons = _unknowns("define(`f', `$1')" + "f(" * depth + "x" + ")" * depth)
    assert any(f"nested more than {m4.MAX_CALL_NESTING} deep" in reason for reason in reasons)


def test_nesting_below_the_bound_still_evaluates() -> None:
    depth = m4.MAX_CALL_NESTING - 5
    text = "define(`f', `$1')define(`confLOG_LEVEL', " + "f(" * depth + "7" + ")" * depth + ")dnl\n"
    config = mcparse.resolve(mcparse.parse(text).tree)
    assert config.conf["confLOG_LEVEL"].value == "7"


@pytest.mark.parametrize(
    "expression",
    ["(" * 300 + "1" + ")" * 300, "-" * 400 + "1", "((((((2**64)**64)**64)**64)**64)**64)", "2**64*2**64" * 40],
)
def test_hostile_eval_is_undecided_not_a_crash(expression: str) -> None:
    with pytest.raises((ValueError, OverflowError)):
        evaluate_expression(expression)


def test_ordinary_eval_is_unchanged() -> None:
    assert evaluate_expression("(1 + 2) * -3 ** 2") == 27  # as GNU m4 computes it
    assert evaluate_expression("2 ** 64") == 1 << 64
    assert evaluate_expression("((((((1))))))") == 1


def test_a_macro_that_expands_to_itself_costs_little() -> None:
    # Each expansion used to copy a provenance tuple as long as the recursion.
    evaluator = m4.Evaluator("define(`a', `b')define(`b', `a')a")
    evaluator.run()
    assert evaluator.expansions > m4.MAX_EXPANSIONS
    assert all(len(frame.via) <= m4.MAX_VIA for frame in evaluator.frames)


def test_shift_recursion_hits_the_token_budget() -> None:
    reasons = _unknowns("define(`s', `s(shift($@))')s(" + "a," * 3_000 + ")\n")
    assert any("stopped" in reason for reason in reasons)


def test_the_corpus_is_far_below_the_token_budget() -> None:
    """The budget is extra tokens over the file's length; real files read fewer tokens than characters."""
    from syntax_inputs import corpus_files, example_files, sendmail_cf_files

    from mcparse.model.sendmail import SendmailEvaluator

    for path in (corpus_files() + sendmail_cf_files() + example_files())[:80]:
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        evaluator = SendmailEvaluator(text, cf_included_from_start=True)
        evaluator.run()
        assert evaluator.tokens_read <= len(text) + m4.MAX_EXTRA_TOKENS // 100, path


@pytest.mark.parametrize("pattern", ["\\(a*\\)*b", "\\(a\\|a\\)*b", "a*a*a*a*b", "\\(" * 30 + "a" + "\\)" * 30])
def test_backtracking_regexp_is_undecided(pattern: str) -> None:
    reasons = _unknowns(f"regexp(`{'a' * 40}!', `{pattern}')\n")
    assert any("regexp too large or too repetitive" in reason for reason in reasons)


def test_ordinary_regexp_still_works() -> None:
    evaluator = m4.Evaluator("regexp(`hello world', `w\\(or\\)ld', `<\\1>')")
    out: list[str] = []
    evaluator.emit = lambda text, start, end: out.append(text)  # type: ignore[method-assign]
    evaluator.run()
    assert "".join(out) == "<or>"


def test_translit_with_a_huge_range_is_undecided() -> None:
    assert any("range too large" in reason for reason in _unknowns("translit(`abc', `\x01-\U0010ffff', `x')"))
    assert m4.expand_ranges("a-e") == "abcde"


def test_quote_scanning_is_linear_and_unchanged() -> None:
    evaluator = m4.Evaluator("`a`b'c'd")
    out: list[str] = []
    evaluator.emit = lambda text, start, end: out.append(text)  # type: ignore[method-assign]
    evaluator.run()
    assert "".join(out) == "a`b'cd"
    # Many opening quotes closed once far away: one pass, an unterminated string.
    reasons = _unknowns("`" * 200_000 + "'")
    assert any("end of file in string" in reason for reason in reasons)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Inside a string the closing quote wins where both match: "<<" opens,
        # then "<" closes, so `a' is quoted (GNU m4 1.4.19 prints "ab").
        ("changequote(`<<', `<')<<a<b", "ab"),
        ("changequote(`<', `<<')<a<<b<<c", "ab"),
        ("changequote(`[', `]')[a[b]c]d", "a[b]cd"),
        ("changequote(`ab', `ba')abxbaba", "abxbaba"),
        # The same string as both quotes: the next one closes.
        ('changequote(`"\', `"\')"a"b', "ab"),
    ],
)
def test_changequote_quotes_scan_as_gnu_m4_does(text: str, expected: str) -> None:
    evaluator = m4.Evaluator(text)
    out: list[str] = []
    evaluator.emit = lambda piece, start, end: out.append(piece)  # type: ignore[method-assign]
    evaluator.run()
    assert "".join(out) == expected


def test_long_unknown_reasons_are_cut() -> None:
    reasons = _unknowns("eval(" + "1+" * 200_000 + "1)")
    assert reasons and all(len(reason) <= 300 for reason in reasons)
