"""Structural invariants every parse must satisfy, whatever the input.

Checked without recursion so that deeply nested input cannot make the
checker itself fail.
"""

from __future__ import annotations

from mcparse.ast import Document, MacroCall, Node, iter_children
from mcparse.source import LineIndex, Span
from mcparse.syntax import ParseResult, unparse

_LEAF_KINDS = {"text", "whitespace", "newline", "name", "quoted", "comment", "error"}


def _check_position(index: LineIndex, span: Span, where: str) -> None:
    assert (span.line, span.column) == index.line_column(span.start), f"{where}: start line/column"
    assert (span.end_line, span.end_column) == index.line_column(span.end), f"{where}: end line/column"


def _inner_bounds(node: Node) -> tuple[int, int]:
    """Where a node's children must start and end: inside the brackets of a
    group, between the parentheses of a call."""
    span = node.span
    if node.kind == "group":
        return span.start + 1, span.end - 1
    if isinstance(node, MacroCall):
        return node.name_span.end + 1, span.end - 1
    return span.start, span.end


def check_tree(result: ParseResult, text: str) -> None:
    """Exact round trip; spans tile the text: each child inside its parent,
    siblings in order without gaps or overlap (a call's arguments are
    separated by exactly one comma); leaves hold exactly the text they span;
    lines and columns agree with :class:`LineIndex`."""
    tree = result.tree
    assert isinstance(tree, Document)
    assert unparse(tree) == text, "round trip"
    assert (tree.span.start, tree.span.end) == (0, len(text))
    index = LineIndex(text)
    stack: list[Node] = [tree]
    while stack:
        node = stack.pop()
        span = node.span
        where = f"{node.kind} at {span.start}..{span.end}"
        assert 0 <= span.start <= span.end <= len(text), where
        _check_position(index, span, where)
        if node.kind in _LEAF_KINDS:
            assert node.text == text[span.start : span.end], where  # type: ignore[attr-defined]
            assert span.end > span.start, f"{where}: empty leaf"
            continue
        children = iter_children(node)
        start, end = _inner_bounds(node)
        if isinstance(node, MacroCall):
            name = node.name_span
            assert name.start == span.start and text[name.start : name.end] == node.name, where
            assert text[name.end] == "(" and text[span.end - 1] == ")", where
            _check_position(index, name, where + " name")
            assert children, f"{where}: a call has at least one argument"
            for before, after in zip(children, children[1:]):
                assert after.span.start == before.span.end + 1 and text[before.span.end] == ",", where
            assert children[0].span.start == start and children[-1].span.end == end, where
        else:
            cursor = start
            for child in children:
                assert child.span.start == cursor, f"{where}: child {child.kind} starts at {child.span.start}, expected {cursor}"
                cursor = child.span.end
            assert cursor == end, f"{where}: children end at {cursor}, expected {end}"
        stack.extend(children)
    for diagnostic in result.diagnostics:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)
        _check_position(index, diagnostic.span, f"diagnostic {diagnostic.code}")
    check_compact_tree(result)


def check_compact_tree(result: ParseResult) -> None:
    """The parser's compact tree (what the rules, the model and the editor
    read) and the public pydantic tree built from it agree node for node:
    same kinds, spans, texts, names and fields, in the same order."""
    from mcparse.syntax import tree as compact

    assert isinstance(result.syntax, compact.Document)
    assert result.syntax.comments_end == result.tree.comments_end
    pairs: list[tuple[object, Node]] = [(result.syntax, result.tree)]
    while pairs:
        mine, public = pairs.pop()
        assert isinstance(mine, compact.Node)
        assert type(mine).__name__ == type(public).__name__ and mine.kind == public.kind
        assert mine.span == public.span, f"{public.kind} at {public.span.start}"
        for field in ("text", "name", "name_span", "style", "message", "reason"):
            if hasattr(public, field):
                assert getattr(mine, field) == getattr(public, field), f"{field} of {public.kind} at {public.span}"
        mine_children, public_children = compact.iter_children(mine), iter_children(public)
        assert len(mine_children) == len(public_children)
        pairs.extend(zip(mine_children, public_children))
    # Library callers may hand back a pydantic tree: it converts to the same compact tree.
    again = compact.from_ast(result.tree)
    assert unparse(again) == unparse(result.syntax)
    assert [node.span for node in compact.walk(again)] == [node.span for node in compact.walk(result.syntax)]
