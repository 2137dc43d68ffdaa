"""Turns Lark's parse tree into the pydantic AST (mcparse.ast), without recursion."""

from __future__ import annotations

from typing import Any, Union

from lark import Token, Tree

from ..ast import (
    Argument,
    Comment,
    Document,
    ErrorNode,
    Group,
    MacroCall,
    Name,
    Newline,
    Node,
    Quoted,
    Text,
    Whitespace,
)
from ..source import LineIndex, build

_MESSAGES = {
    "UNTERMINATED_QUOTE": "unterminated quote: m4 will swallow the rest of the file",
    "UNCLOSED_CALL": "macro call is never closed: m4 will read to the end of the file",
}


class Builder:
    def __init__(self, index: LineIndex) -> None:
        self.index = index

    def leaf(self, token: Token) -> Node:
        span = self.index.span(token.start_pos, token.end_pos)
        kind = token.type
        value = str(token)
        if kind == "QUOTED":
            return build(Quoted, kind="quoted", span=span, text=value)
        if kind in ("NAME",):
            return build(Name, kind="name", span=span, text=value)
        if kind == "WS":
            return build(Whitespace, kind="whitespace", span=span, text=value)
        if kind == "NEWLINE":
            return build(Newline, kind="newline", span=span, text=value)
        if kind == "DNL":
            return build(Comment, kind="comment", span=span, style="dnl", text=value)
        if kind == "HASH_COMMENT":
            return build(Comment, kind="comment", span=span, style="hash", text=value)
        if kind == "UNTERMINATED_QUOTE":
            return build(
                ErrorNode, kind="error", span=span, text=value, message=_MESSAGES[kind], reason="unterminated-quote"
            )
        if kind == "UNCLOSED_CALL":
            return build(ErrorNode, kind="error", span=span, text=value, message=_MESSAGES[kind], reason="unclosed-call")
        # TEXT, HASH, and "," inside a group.
        return build(Text, kind="text", span=span, text=value)

    def build(self, tree: Tree, comments_end: int | None) -> Document:
        """Post-order conversion with an explicit stack."""
        results: dict[int, Any] = {}
        stack: list[tuple[Tree, bool]] = [(tree, False)]
        while stack:
            current, expanded = stack.pop()
            if not expanded:
                stack.append((current, True))
                for child in current.children:
                    if isinstance(child, Tree):
                        stack.append((child, False))
                continue
            children = [results.pop(id(child)) if isinstance(child, Tree) else child for child in current.children]
            results[id(current)] = self._rule(current.data, children)
        document = results[id(tree)]
        return build(
            Document,
            kind="document",
            span=self.index.span(0, len(self.index.text)),
            children=document,
            comments_end=comments_end,
        )

    def _rule(self, name: str, children: list[Any]) -> Any:
        if name == "start":
            return tuple(self._node(child) for child in children)
        if name == "argument":
            return [self._node(child) for child in children]
        if name == "group":
            opening, closing = children[0], children[-1]
            return build(
                Group,
                kind="group",
                span=self.index.span(opening.start_pos, closing.end_pos),
                children=tuple(self._node(child) for child in children[1:-1]),
            )
        if name == "call":
            return self._call(children)
        raise AssertionError(f"unknown rule {name}")  # pragma: no cover

    def _node(self, child: Union[Token, Node]) -> Node:
        return self.leaf(child) if isinstance(child, Token) else child

    def _call(self, children: list[Any]) -> MacroCall:
        name_token, closing = children[0], children[-1]
        arguments: list[Argument] = []
        # children: CALL_NAME LPAR arg (COMMA arg)* RPAR; an argument's span
        # runs from the separator before it to the separator after it.
        separators = [child for child in children[1:] if isinstance(child, Token)]
        parts = [child for child in children[2:-1] if not isinstance(child, Token)]
        for position, part in enumerate(parts):
            start = separators[position].end_pos
            end = separators[position + 1].start_pos
            arguments.append(build(Argument, kind="argument", span=self.index.span(start, end), children=tuple(part)))
        return build(
            MacroCall,
            kind="call",
            span=self.index.span(name_token.start_pos, closing.end_pos),
            name=str(name_token),
            name_span=self.index.span(name_token.start_pos, name_token.end_pos),
            arguments=tuple(arguments),
        )
