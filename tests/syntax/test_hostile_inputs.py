"""Hostile inputs parse without RecursionError and round-trip.

Functional only: the time budgets live in benchmarks/parse.py, not here.
Nothing in the parser may recurse in proportion to nesting depth, so each
input is far deeper than Python's recursion limit.
"""

from __future__ import annotations

import sys

import pytest

from mcparse.ast import walk
from mcparse.syntax import parse, unparse

HOSTILE = {
    "200k-unclosed-backquotes": "`" * 200_000,
    # One node per word or line: these two are slow (about 8 us a token, see
    # benchmarks/parse.py), so they are smaller here than in the benchmark.
    "50k-unclosed-backquotes-one-per-line": "`\n" * 50_000,
    "256kb-line-of-words": "abc " * (256 * 1024 // 4),
    "2mb-line-of-one-word": "x" * (2 * 1024 * 1024),
    "50k-unclosed-calls": "FEATURE(" * 50_000,
    "20k-nested-calls": "f(" * 20_000 + ")" * 20_000,
    "20k-nested-groups": "f(" + "(" * 20_000 + ")" * 20_000 + ")",
    "100k-nested-quotes": "`" * 100_000 + "'" * 100_000,
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_input_parses_and_round_trips(text: str) -> None:
    assert len(text) > 10 * sys.getrecursionlimit() or text.count("`") > sys.getrecursionlimit()
    result = parse(text)
    assert unparse(result.tree) == text
    assert sum(1 for _ in walk(result.tree)) >= 2


def test_deep_nesting_keeps_its_structure() -> None:
    depth = 20_000
    result = parse("f(" * depth + ")" * depth)
    assert result.diagnostics == ()
    node, seen = result.tree.children[0], 0
    while True:  # follow the chain of single arguments down
        assert node.kind == "call" and len(node.arguments) == 1
        seen += 1
        if not node.arguments[0].children:
            break
        (node,) = node.arguments[0].children
    assert seen == depth


def test_unclosed_calls_are_reported_a_bounded_number_of_times() -> None:
    result = parse("FEATURE(" * 50_000)
    assert 1 <= len(result.diagnostics) <= 101
    assert all(d.code == "MC002" for d in result.diagnostics)
    assert "more like this" in result.diagnostics[-1].message


def test_nested_quotes_are_one_leaf() -> None:
    text = "`" * 100_000 + "'" * 100_000
    (leaf,) = parse(text).tree.children
    assert leaf.kind == "quoted"
