"""Turns Lark's parse tree into the parser's compact tree (mcparse.syntax.tree), without recursion."""

from __future__ import annotations

from typing import Any, Union

from lark import Token, Tree

from ..source import LineIndex
from .lexer import Tokens
from .tree import (
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

_MESSAGES = {
    "UNTERMINATED_QUOTE": "unterminated quote: m4 will swallow the rest of the file",
    "UNCLOSED_CALL": "macro call is never closed: m4 will read to the end of the file",
}
# The terminals whose leaf needs nothing but its offsets (a "," or a
# parenthesis among them is one outside any call, or inside a group).
_PLAIN_LEAVES: dict[str, Any] = {
    "QUOTED": Quoted, "NAME": Name, "WS": Whitespace, "NEWLINE": Newline,
    "TEXT": Text, "HASH": Text, "LPAR": Text, "RPAR": Text, "COMMA": Text,
}


class Builder:
    def __init__(self, index: LineIndex) -> None:
        self.index = index
        self.text = index.text

    def leaf(self, token: Token) -> Node:
        return self.atom(token.type, token.start_pos, token.end_pos)

    def atoms(self, tokens: Tokens, first: int, stop: int, into: list[Any]) -> None:
        """The leaves of tokens ``[first, stop)`` outside any call, appended to ``into``."""
        types, starts, ends = tokens.types, tokens.starts, tokens.ends
        plain = _PLAIN_LEAVES
        index = self.index
        append = into.append
        for i in range(first, stop):
            leaf = plain.get(types[i])
            # Most tokens are plain leaves: made here without the call to atom().
            append(leaf(starts[i], ends[i], index) if leaf is not None else self.atom(types[i], starts[i], ends[i]))

    def atom(self, kind: str, start: int, end: int) -> Node:
        """The leaf for one token of the lexer (by terminal name and offsets)."""
        leaf = _PLAIN_LEAVES.get(kind)
        if leaf is not None:
            return leaf(start, end, self.index)  # type: ignore[no-any-return]
        if kind == "DNL":
            return Comment(start, end, self.index, "dnl")
        if kind == "HASH_COMMENT":
            return Comment(start, end, self.index, "hash")
        if kind == "UNTERMINATED_QUOTE":
            return ErrorNode(start, end, self.index, _MESSAGES[kind], "unterminated-quote")
        if kind == "UNCLOSED_CALL":
            return ErrorNode(start, end, self.index, _MESSAGES[kind], "unclosed-call")
        return Text(start, end, self.index)

    def calls(self, calls: list[Tree]) -> tuple[MacroCall, ...]:
        """The nodes of Lark's trees of macro calls."""
        return self._convert(Tree("start", calls))  # type: ignore[no-any-return]

    def document(
        self, children: tuple[Node, ...], comments_end: int | None, borrowed: tuple[tuple[int, LineIndex], ...] = ()
    ) -> Document:
        return Document(0, len(self.text), self.index, children, comments_end, borrowed)  # type: ignore[arg-type]

    def _convert(self, tree: Tree) -> Any:
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
        return results[id(tree)]

    def _rule(self, name: str, children: list[Any]) -> Any:
        if name == "start":
            return tuple(self._node(child) for child in children)
        if name == "argument":
            return [self._node(child) for child in children]
        if name == "group":
            opening, closing = children[0], children[-1]
            return Group(
                opening.start_pos, closing.end_pos, self.index, tuple(self._node(child) for child in children[1:-1])
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
            arguments.append(Argument(start, end, self.index, tuple(part)))
        return MacroCall(name_token.start_pos, closing.end_pos, self.index, str(name_token), tuple(arguments))
