"""`#` is an m4 comment only until cf.m4 is included (cfhead.m4 runs changecom()).

The claim is checked with the real m4 first, then against the tree.
"""

from __future__ import annotations

import pytest
from m4oracle import CF_M4, cf_option_lines, compile_mc, requires_m4

from mcparse.ast import Comment, calls
from mcparse.syntax import parse

HASH_LINE = "# define(`confLOG_LEVEL', `14')dnl\n"
INCLUDE = f"include(`{CF_M4}')dnl\n"
TAIL = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"

AFTER = "divert(-1)dnl\n" + INCLUDE + HASH_LINE + TAIL
BEFORE = "divert(-1)dnl\n" + HASH_LINE + INCLUDE + TAIL


@pytest.mark.m4
@requires_m4
def test_m4_runs_a_hash_line_after_the_include_only() -> None:
    after = compile_mc(AFTER)
    before = compile_mc(BEFORE)
    assert after.ok and before.ok, (after.errors, before.errors)
    assert cf_option_lines(after.stdout, ["LogLevel"])["LogLevel"] == ["14"]
    assert cf_option_lines(before.stdout, ["LogLevel"])["LogLevel"] != ["14"]


def test_tree_marks_a_hash_after_the_include_as_not_a_comment() -> None:
    tree = parse(AFTER).tree
    hash_offset = AFTER.index("# define")
    assert tree.comments_end is not None and tree.comments_end <= hash_offset
    assert not tree.hash_is_comment(hash_offset)
    assert "define" in [call.name for call in calls(tree)]
    assert not any(isinstance(child, Comment) and child.style == "hash" for child in tree.children)


def test_tree_marks_a_hash_before_the_include_as_a_comment() -> None:
    tree = parse(BEFORE).tree
    hash_offset = BEFORE.index("# define")
    assert tree.hash_is_comment(hash_offset)
    comment = next(child for child in tree.children if child.span.start == hash_offset)
    assert isinstance(comment, Comment) and comment.style == "hash"
    assert comment.text == HASH_LINE.rstrip("\n")
    assert "define" not in [call.name for call in calls(tree)]
