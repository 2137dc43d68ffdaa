"""Long plain lines are one Text node; everything m4 acts on in them keeps its own node."""

from __future__ import annotations

import random

import pytest

from mcparse.ast import MacroCall, iter_children
from mcparse.syntax import lexer, parse, unparse

WORDS = "abc " * 1500  # 6,000 characters of plain words and blanks


def _kinds(text: str) -> list[str]:
    return [node.kind for node in parse(text).tree.children]


def _significant(text: str) -> list[tuple[str, int, int]]:
    """Every node m4 acts on (calls, comments, quotes, errors), with its offsets, at any depth."""
    found = []
    stack = list(parse(text).tree.children)
    while stack:
        node = stack.pop()
        if node.kind in ("call", "comment", "quoted", "error"):
            found.append((node.kind, node.span.start, node.span.end))
        stack.extend(iter_children(node))
    return sorted(found)


def test_a_long_plain_line_is_one_text_node() -> None:
    text = WORDS + "\n" + "abc def\n"
    assert _kinds(text) == ["text", "newline", "name", "whitespace", "name", "newline"]
    assert unparse(parse(text).tree) == text


def test_a_short_plain_line_keeps_a_node_per_word() -> None:
    assert _kinds("abc " * 10) == ["name", "whitespace"] * 10


@pytest.mark.parametrize(
    "tail, kind",
    [("FEATURE(`x')", "call"), ("dnl rest of line", "comment"), ("# a comment", "comment"), ("`quoted'", "quoted")],
)
def test_what_m4_acts_on_ends_the_run(tail: str, kind: str) -> None:
    children = parse(WORDS + tail + "\n").tree.children
    assert children[0].kind == "text" and children[0].text == WORDS
    assert children[1].kind == kind


def test_inside_a_call_nothing_is_merged() -> None:
    text = "define(`x', " + WORDS + ")dnl\n"
    [call] = [node for node in parse(text).tree.children if isinstance(node, MacroCall)]
    assert sum(1 for node in call.arguments[1].content if node.kind == "name") == 1500


def test_a_bare_changecom_in_a_long_line_still_ends_hash_comments() -> None:
    text = WORDS + "changecom " + WORDS + "\n# define(`confLOG_LEVEL', `14')\n"
    assert parse(text).tree.comments_end is not None


def test_same_calls_comments_and_quotes_as_without_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Random long lines of words, stray parentheses and commas, with now and
    # then a call, dnl, a quote, "#" or changecom: merging runs must not move
    # or lose anything m4 acts on.
    rng = random.Random(2026)
    plain = ["abc", " ", "x1 ", " (", ")", ",", "9", "é"]
    special = ["FEATURE(`a', b)", "dnl c\n", "`q'", "\n", "#", "changecom", "y(", "(", " dnl"]
    merged_somewhere = 0
    for _ in range(30):
        text = "".join(rng.choice(special) if rng.random() < 0.0004 else rng.choice(plain) for _ in range(10000))
        result = parse(text)
        merged_somewhere += any(node.kind == "text" and len(node.text) >= lexer.MIN_RUN for node in result.tree.children)
        assert unparse(result.tree) == text
        with_runs = _significant(text)
        monkeypatch.setattr(lexer, "MIN_RUN", 10**9)
        assert _significant(text) == with_runs
        monkeypatch.setattr(lexer, "MIN_RUN", 4096)
    assert merged_somewhere >= 10, "the inputs must exercise the merging"


def test_after_many_unterminated_quotes_the_rest_is_one_string() -> None:
    count = lexer.MAX_RESYNCS + 50
    result = parse("`\n" * count)
    errors = [node for node in result.tree.children if node.kind == "error"]
    assert len(errors) == lexer.MAX_RESYNCS + 1
    assert errors[-1].span.end == len("`\n" * count)
    assert unparse(result.tree) == "`\n" * count
