"""Small readers over the syntax tree shared by the tree-based features."""

from __future__ import annotations

from typing import Iterator, Optional

from mcparse.syntax.tree import Argument, Document, MacroCall, Node, Quoted
from mcparse.syntax import unparse


def argument_value(argument: Argument) -> tuple[str, int]:
    """What m4 keeps of ``argument`` with one level of quotes stripped, and its start offset.

    A single quoted string (the usual ``FEATURE(`name')``) gives its inside;
    anything else gives the content as written.
    """
    content = argument.content
    if not content:
        return "", argument.span.end
    if len(content) == 1 and isinstance(content[0], Quoted):
        quoted = content[0]
        return quoted.value, quoted.span.start + 1
    text = "".join(unparse(child) for child in content)
    return text.rstrip(" \t\r\n"), content[0].span.start


def first_argument(call: MacroCall) -> Optional[tuple[str, int]]:
    if not call.arguments:
        return None
    return argument_value(call.arguments[0])


def nodes_in(document: Document, start: int, end: int) -> Iterator[Node]:
    """Nodes overlapping ``[start, end]``; subtrees entirely outside are skipped."""
    stack: list[Node] = [document]
    while stack:
        node = stack.pop()
        if node.span.end < start or node.span.start > end:
            continue
        yield node
        children = node.arguments if isinstance(node, MacroCall) else getattr(node, "children", ())
        stack.extend(reversed(children))


__all__ = ["argument_value", "first_argument", "nodes_in"]
