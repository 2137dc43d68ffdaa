"""reparse() gives exactly what parse() gives, node for node, after any edit.

Chains of random edits (the way an editor sends them: each version parsed
from the previous *reparsed* one) on real files and hand-made ones; the
edits insert and delete quotes, parentheses, calls, comments, line breaks,
the cf.m4 include and changecom, the things that reach across lines.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from mcparse.source import LineIndex
from mcparse.syntax import ParseResult, parse
from mcparse.syntax import incremental
from mcparse.syntax.incremental import reparse
from mcparse.syntax.tree import Comment, Container, ErrorNode, MacroCall

from syntax_inputs import corpus_files, example_files, input_id, sendmail_cf_files

CF = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
HAND_MADE = [
    "divert(-1)\n# a comment with `quote\n" + CF + "OSTYPE(`linux')dnl\nFEATURE(`x')dnl\n# FEATURE(`y')\n"
    "define(`a', `b\nc')dnl\nLOCAL_RULESETS\nR$* < @ x . > $*\t$#esmtp $@ y\nMAILER(`smtp')dnl\n",
    "OSTYPE(`linux')\ndnl no include: # stays a comment\n# x `y\nFEATURE(`a', (b, c), `d')\n",
    "x" * 5000 + "\n" + "word " * 1200 + "\nFEATURE(`z')\n",
]
SNIPPETS = [
    "", "x", "\n", "\r\n", "dnl edit\n", "`", "'", "(", ")", ",", "#", " ", "\u00e9", "`a'", "foo(",
    "FEATURE(`x')", "FEATURE(`x')dnl\n", "define(`a', `b')dnl\n", "include(`cf.m4')", "changecom()",
    "dnl", "FEATURE (`y')", "`multi\nline'", "a(b(c)", ")\n",
]


def _edits(text: str, generator: random.Random, count: int) -> list[str]:
    versions = []
    for _ in range(count):
        if text and generator.random() < 0.5:
            # At a line start, as most edits in an editor are.
            starts = [0] + [n + 1 for n, char in enumerate(text) if char == "\n"]
            start = generator.choice(starts)
        else:
            start = generator.randint(0, len(text))
        end = min(len(text), start + generator.choice([0, 0, 1, 3, 10, 40]))
        text = text[:start] + generator.choice(SNIPPETS) + text[end:]
        versions.append(text)
    return versions


def assert_same(made: ParseResult, expected: ParseResult) -> None:
    assert made.text == expected.text
    assert [(d.code, d.span, d.message) for d in made.diagnostics] == [
        (d.code, d.span, d.message) for d in expected.diagnostics
    ]
    assert made.syntax.comments_end == expected.syntax.comments_end
    index = made.index
    assert isinstance(index, LineIndex) and index.text is made.text
    pairs: list[tuple[Any, Any]] = [(made.syntax, expected.syntax)]
    while pairs:
        mine, theirs = pairs.pop()
        assert mine.__class__ is theirs.__class__, (mine, theirs)
        assert (mine.start, mine.end) == (theirs.start, theirs.end), (mine, theirs)
        if mine.index is not index:
            # A node taken over from an earlier version reads that version's
            # text, which must agree with this one wherever the node is.
            assert mine.end <= _borrowed_end(made.syntax, mine.index), f"{mine!r} reads an older text past its run"
            assert mine.index.text[: mine.end] == index.text[: mine.end], mine
            assert mine.span == index.span(mine.start, mine.end), mine
        if isinstance(mine, MacroCall):
            assert mine.name == theirs.name
            assert len(mine.arguments) == len(theirs.arguments)
            pairs.extend(zip(mine.arguments, theirs.arguments))
        elif isinstance(mine, Container):
            assert len(mine.children) == len(theirs.children), (mine, theirs)
            pairs.extend(zip(mine.children, theirs.children))
        elif isinstance(mine, Comment):
            assert mine.style == theirs.style
        elif isinstance(mine, ErrorNode):
            assert (mine.message, mine.reason) == (theirs.message, theirs.reason)


def _borrowed_end(document: Any, older: LineIndex) -> int:
    ends = [end for end, index in document.borrowed if index is older]
    assert ends, "a node reads an index the document does not list"
    return max(ends)


def _inputs() -> list[Any]:
    files = [*corpus_files(), *sendmail_cf_files(), *example_files()]
    return [pytest.param(text, id=f"hand-{n}") for n, text in enumerate(HAND_MADE)] + [
        pytest.param(path.read_bytes().decode("utf-8", "surrogateescape"), id=input_id(path)) for path in files
    ]


@pytest.mark.parametrize("text", _inputs())
def test_a_chain_of_edits_reparses_as_a_fresh_parse(text: str) -> None:
    generator = random.Random(len(text))
    previous = parse(text)
    reused = 0
    for version in _edits(text, generator, 12):
        reused += incremental._window(previous, version) is not None
        made = reparse(previous, version)
        assert_same(made, parse(version))
        previous = made
    if not parse(text).diagnostics:
        assert reused, "no edit took the incremental path"


def test_most_edits_of_clean_files_take_the_incremental_path() -> None:
    """Not a fallback to parse() in disguise: on files without syntax problems
    most single edits reuse the previous tree."""
    taken = tried = 0
    for text in [*HAND_MADE[:1], *(path.read_text("utf-8", "surrogateescape") for path in example_files())]:
        previous = parse(text)
        for version in _edits(text, random.Random(3), 20):
            if previous.diagnostics:
                break
            tried += 1
            taken += incremental._window(previous, version) is not None
            previous = reparse(previous, version)
    assert tried and taken / tried > 0.5


def test_the_editor_case_one_line_inserted_in_a_large_file() -> None:
    lines = [CF, "OSTYPE(`linux')dnl\n"] + [f"define(`confX{n}', `{n}')dnl # note `{n}'\n" for n in range(3000)]
    text = "".join(lines)
    previous = parse(text)
    middle = sum(len(line) for line in lines[:1500])
    for number in range(3):
        text = text[:middle] + f"dnl edit {number}\n" + text[middle:]
        assert incremental._window(previous, text) is not None
        made = reparse(previous, text)
        assert_same(made, parse(text))
        previous = made


def test_bytes_with_problems_or_a_bom_are_parsed_whole() -> None:
    broken = parse("FEATURE(`x'\nOSTYPE(`linux')\n")
    assert broken.diagnostics
    assert incremental._window(broken, "FEATURE(`x')\nOSTYPE(`linux')\n") is None
    assert_same(reparse(broken, "FEATURE(`x')\nOSTYPE(`linux')\n"), parse("FEATURE(`x')\nOSTYPE(`linux')\n"))
    with_bom = parse(b"\xef\xbb\xbfdnl x\n")
    assert incremental._window(with_bom, "dnl y\n") is None


def test_deeply_nested_calls_after_the_edit_are_moved_without_recursion() -> None:
    text = "dnl x\n" + "f(" * 20000 + ")" * 20000 + "\nFEATURE(`a')\n"
    previous = parse(text)
    edited = "dnl longer line\n" + text[6:]
    assert incremental._window(previous, edited) is not None
    assert_same(reparse(previous, edited), parse(edited))


def test_the_nodes_before_the_edit_are_taken_over_not_copied() -> None:
    lines = [CF, "OSTYPE(`linux')dnl\n"] + [f"define(`confX{n}', `{n}')dnl\n" for n in range(2000)]
    text = "".join(lines)
    previous = parse(text)
    middle = sum(len(line) for line in lines[:1000])
    text = text[:middle] + "dnl edit\n" + text[middle:]
    made = reparse(previous, text)
    assert_same(made, parse(text))
    assert made.syntax.children[0] is previous.syntax.children[0]
    assert made.syntax.children[-1] is not previous.syntax.children[-1]  # after the edit: moved copies


def test_edits_walking_down_the_file_keep_few_older_texts_alive() -> None:
    # Each edit's window becomes part of the next edit's taken-over prefix:
    # without a bound, every version's text would stay referenced.
    lines = [f"define(`confX{n}', `{n}')dnl\n" for n in range(400)]
    text = "".join(lines)
    previous = parse(text)
    for step in range(30):
        at = text.index(f"`confX{step * 10}'")
        at = text.rfind("\n", 0, at) + 1
        text = text[:at] + f"dnl edit {step}\n" + text[at:]
        made = reparse(previous, text)
        assert_same(made, parse(text))
        indexes = {id(node.index) for node in made.syntax.children}
        assert len(indexes) <= incremental.MAX_BORROWED + 1
        assert len(made.syntax.borrowed) <= incremental.MAX_BORROWED
        previous = made
