"""Every hostile input of issue #8: no crash, a clear diagnostic, bounded output.

Functional only: the timings (and the x1/x2/x4 linearity check) live in
benchmarks/hostile.py. Inputs whose cost is per token run smaller here.
"""

from __future__ import annotations

import pytest
from hostile_inputs import HOSTILE
from pipeline import Outcome, run_everything

from mcparse.syntax.parser import MAX_REPORTS_PER_KIND

# Per-token inputs (about 8 us a token, more through check) run smaller.
SCALE = {
    "200,000 unclosed backquotes, one per line": 0.25,
    "2 MB line of short words": 0.125,
    "dnl storm": 0.25,
    "invalid UTF-8": 0.25,
    "10,000 DAEMON_OPTIONS": 0.05,  # ~350 us a daemon through check (figures in docs/hardening.md)
}


def _codes(outcome: Outcome) -> set[str]:
    return {diagnostic.code for diagnostic in outcome.diagnostics}


def _unknown(outcome: Outcome, words: str) -> bool:
    return any(words in unknown.reason for unknown in outcome.config.unknowns)


# What each input must be told; inputs not listed only have to pass the invariants.
EXPECTED = {
    "200,000 unclosed backquotes, one line": lambda o: "MC001" in _codes(o),
    "200,000 unclosed backquotes, one per line": lambda o: "MC001" in _codes(o),
    "100,000 quotes closed once": lambda o: "MC001" in _codes(o) and _unknown(o, "end of file in string"),
    "100,000 nested quotes": lambda o: not _codes(o) and o.parsed.tree.children[0].kind == "quoted",
    "50,000 unclosed calls": lambda o: "MC002" in _codes(o),
    "50,000 unclosed calls after cf.m4": lambda o: "MC002" in _codes(o),
    "20,000 nested calls of a defined macro": lambda o: _unknown(o, "nested more than"),
    "10,000 nested ifelse": lambda o: _unknown(o, "nested more than"),
    "invalid UTF-8": lambda o: "MC003" in _codes(o),
    "define that expands to itself": lambda o: _unknown(o, "does not terminate"),
    "mutual recursion": lambda o: _unknown(o, "does not terminate"),
    "shift() recursion over many arguments": lambda o: _unknown(o, "stopped"),
    "eval power tower": lambda o: _unknown(o, "cannot be decided"),
    "eval nested parentheses": lambda o: _unknown(o, "cannot be decided"),
    "regexp with exponential backtracking": lambda o: _unknown(o, "regexp too large or too repetitive"),
    "translit over every code point": lambda o: _unknown(o, "range too large"),
    "10,000 DAEMON_OPTIONS": lambda o: len(o.config.daemons) >= 500,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_survived_and_reported(name: str) -> None:
    outcome = run_everything(HOSTILE[name](SCALE.get(name, 1.0)))
    assert EXPECTED.get(name, lambda o: True)(outcome), (name, sorted(_codes(outcome)), outcome.config.unknowns[:3])
    syntax = [d for d in outcome.diagnostics if d.code in ("MC001", "MC002", "MC003")]
    assert len(syntax) <= 2 * MAX_REPORTS_PER_KIND + 1


def test_every_expectation_names_a_real_input() -> None:
    assert set(EXPECTED) <= set(HOSTILE) and set(SCALE) <= set(HOSTILE)


def test_rule_messages_stay_short_for_a_huge_argument() -> None:
    outcome = run_everything(HOSTILE["1 MB quoted argument"](0.1))
    assert all(len(diagnostic.message) <= 1_000 for diagnostic in outcome.diagnostics)
