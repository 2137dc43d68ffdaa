"""source_text / source_index: what parse() remembers of a tree agrees with the tree itself."""

from __future__ import annotations

from mcparse.source import LineIndex
from mcparse.syntax import parse, unparse
from mcparse.syntax.parser import source_index, source_text

TEXT = "divert(-1)dnl\r\ninclude(`cf.m4')\nFEATURE(`a',\n  `b')dnl\rMAILER(smtp)"


def test_a_parsed_tree_gives_back_its_text_and_line_index() -> None:
    tree = parse(TEXT).tree
    assert source_text(tree) == TEXT
    index = source_index(tree)
    assert index.text == TEXT
    assert index.line_starts == LineIndex(TEXT).line_starts


def test_a_tree_parse_did_not_make_is_rebuilt_from_its_nodes() -> None:
    original = parse(TEXT).tree
    copy = original.model_copy()  # another object: nothing remembered for it
    assert source_text(copy) == unparse(original) == TEXT
    assert source_index(copy).line_starts == LineIndex(TEXT).line_starts


def test_every_span_agrees_with_line_column() -> None:
    # LineIndex.span takes shortcuts for spans ending on their own line or
    # at the start of the next; each must give what line_column gives.
    import random

    rng = random.Random(7)
    for _ in range(120):
        text = "".join(rng.choice(["a", "\n", "\r\n", "\r", "bc", "dnl\n"]) for _ in range(rng.randint(0, 40)))
        index = LineIndex(text)
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                span = index.span(start, end)
                assert (span.line, span.column) == index.line_column(start), (text, start, end)
                assert (span.end_line, span.end_column) == index.line_column(end), (text, start, end)


def test_line_starts_are_where_each_line_break_ends() -> None:
    """The index's fast path (str.splitlines when "\\n" is the only break) and
    its general one agree with a plain search for the three line breaks."""
    import random
    import re

    breaks = re.compile(r"\r\n|\n|\r")
    pieces = ["a", "\n", "\r", "\r\n", "\x85", "\u2028", "\v", "\f", "\x1c", " ", "\u00e9", "\U0001F600"]
    generator = random.Random(7)
    texts = ["", "\n", "a", "a\n", "\n\n", "a\nb", "a\nb\n", "\r", "a\r\n"]
    for number in range(5000):
        alphabet = pieces[:2] if number % 2 else pieces  # half of them take the fast path
        texts.append("".join(generator.choice(alphabet) for _ in range(generator.randint(0, 12))))
    for text in texts:
        assert LineIndex(text).line_starts == [0] + [found.end() for found in breaks.finditer(text)], repr(text)


def test_an_edited_index_is_the_index_of_the_edited_text() -> None:
    # Edits around every kind of line break, "\r" and "\n" meeting across the
    # edit's ends included, and text that splitlines alone would cut wrongly.
    import random

    pieces = ["a", "b", "\n", "\r", "\r\n", "é", "\x0b", "\u2028", "\U0001f600"]
    generator = random.Random(17)
    for _ in range(20_000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randrange(0, 12)))
        start = generator.randrange(0, len(text) + 1)
        end = generator.randrange(start, len(text) + 1)
        replacement = "".join(generator.choice(pieces) for _ in range(generator.randrange(0, 5)))
        before = LineIndex(text)
        if generator.random() < 0.5:
            assert before.is_ascii == text.isascii()  # cached on the old index: carried over or not
        after = before.edited(start, end, replacement)
        expected = LineIndex(text[:start] + replacement + text[end:])
        assert (after.text, after.line_starts) == (expected.text, expected.line_starts), (text, start, end, replacement)
        assert after.is_ascii == expected.is_ascii


def test_an_edit_outside_the_text_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError):
        LineIndex("abc\n").edited(2, 9, "x")
    with pytest.raises(ValueError):
        LineIndex("abc\n").edited(3, 2, "x")
