"""rules._top_level.TopLevel and the helpers built on it, against plain walks.

TopLevel finds the calls, comments and groups among the top-level nodes by
searching their classes instead of visiting each node, and the helpers that
used to scan the children per call now bisect. The references here do it the
obvious way; both must agree on every file we have and on hand-made ones.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import pytest

import mcparse
from mcparse.rules._daemons import top_level_line_start
from mcparse.rules._m4 import all_calls, call_alone_on_line, top_level_call_at
from mcparse.rules._top_level import TopLevel, top_level
from mcparse.rules.base import Context

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "syntax"))
from syntax_inputs import corpus_files, example_files, sendmail_cf_files  # noqa: E402

HAND_MADE = [
    "",
    "dnl only a comment\n",
    "FEATURE(`a')FEATURE(`b') # c\n(x, (y)) define(`d', `e')\n#f\nR$* $#esmtp\n",
    "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n# g\n(h)\nLOCAL_RULESETS\nR$+\t$#local $: $1\nMAILER(`smtp')",
    "define(`x', `1')\n  define(`y', `2') dnl\nundefine(`x')dnl trailing\n\nMAILER(`local')",
    # Calls inside calls and groups, and a "(" that holds none (quoted).
    "define(`a', f(g(`x', (h(1))), k(2)))f(`(', g())(j(`)'))a(b)(c(d))x((e))y((z(1)))\n",
]


def _inputs() -> list[Any]:
    files = [*corpus_files(), *sendmail_cf_files(), *example_files()]
    return [pytest.param(text, id=f"hand-{n}") for n, text in enumerate(HAND_MADE)] + [
        pytest.param(path.read_bytes().decode("utf-8", "surrogateescape"), id=path.name) for path in files
    ]


def _context(text: str) -> Context:
    parsed = mcparse.parse(text)
    config = mcparse.resolve(parsed, compile=False)
    return Context(parse=parsed, config=config, options=None, path=None, active_codes=frozenset(), shared={})


def _reference_line_start(context: Context, offset: int) -> Optional[int]:
    index = context.index
    line_start = index.line_starts[index.line_of(offset)]
    for node in context.tree.children:
        if node.start == line_start:
            return line_start
        if node.start > line_start:
            return None
    return line_start if line_start == len(context.text) else None


@pytest.mark.parametrize("text", _inputs())
def test_top_level_agrees_with_a_walk_of_the_children(text: str) -> None:
    context = _context(text)
    children = context.tree.children
    top = top_level(context)
    assert top is top_level(context)  # built once per file
    kinds = {kind: [n for n, node in enumerate(children) if node.kind == kind] for kind in ("call", "comment", "group")}
    assert top.call_positions == kinds["call"]
    assert top.comment_positions == kinds["comment"]
    assert top.group_positions == kinds["group"]
    assert top.calls == [children[n] for n in kinds["call"]]
    assert top.calls_and_comments == [node for node in children if node.kind in ("call", "comment")]
    assert top.calls_and_groups == [node for node in children if node.kind in ("call", "group")]
    assert top.starts == [node.start for node in children]
    for position, node in enumerate(children):
        assert top.position_at(node.start) == position or children[top.position_at(node.start)].start == node.start
        if node.kind == "call":
            assert top.call_at_start[node.start] is node
            assert top.call_position[id(node)] == position
            assert top_level_call_at(context, node.start) is node
    for line_start in context.index.line_starts + [len(text)]:
        assert top_level_line_start(context, line_start) == _reference_line_start(context, line_start)
    assert [id(call) for call in all_calls(context)] == [id(call) for call in _walk_calls(context.tree)]


def _walk_calls(node: Any) -> list[Any]:
    """Every call in the tree, each before the calls in its arguments: the
    plain walk of every node that all_calls must agree with."""
    found = [node] if node.kind == "call" else []
    for child in node.arguments if node.kind == "call" else getattr(node, "children", ()):
        found.extend(_walk_calls(child))
    return found


def test_offsets_before_the_first_node_and_between_nodes() -> None:
    context = _context("  FEATURE(`a')dnl\nMAILER(`smtp')\n")
    top = top_level(context)
    feature = top.calls[0]
    assert top.starts_at(feature.start) and not top.starts_at(feature.start + 1)
    assert top.position_at(feature.start + 3) == top.call_positions[0]
    assert TopLevel([]).position_at(0) is None and TopLevel([]).calls == []
    # A call nested in an argument is not a top-level call.
    nested = _context("FEATURE(`a', FEATURE(`b'))dnl\n")
    inner = nested.tree.children[0].arguments[1].content[0]
    assert inner.kind == "call"
    assert top_level_call_at(nested, inner.start) is None
    assert call_alone_on_line(nested, inner) is None
    assert call_alone_on_line(nested, nested.tree.children[0]) == (0, len(nested.text))
