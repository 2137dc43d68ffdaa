"""The parser's own tree: small slotted nodes, read by the rules, the model and the editor.

The public tree (:mod:`mcparse.ast`) is pydantic, and a pydantic node costs
about three times the memory and time of one of these: on a 10,000-line
file that was most of a check's memory. So the parser builds this tree, and
:func:`to_ast` makes the pydantic one only when a caller asks for
``ParseResult.tree``. Both have the same shape and attribute names (``kind``,
``span``, ``text``, ``children``, ``arguments``, ...), so code that reads
nodes by ``kind`` works on either; code that tests classes uses these.

A node keeps its offsets and the file's :class:`LineIndex`; its ``span``
(with lines and columns) is computed when read, since most never are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Iterator, Optional, Union

from ..source import LineIndex, Span

if TYPE_CHECKING:  # pragma: no cover
    from .. import ast


class Node:
    __slots__ = ("start", "end", "index")
    kind: ClassVar[str] = ""

    def __init__(self, start: int, end: int, index: LineIndex) -> None:
        self.start = start
        self.end = end
        self.index = index

    @property
    def span(self) -> Span:
        return self.index.span(self.start, self.end)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.start}, {self.end})"


class Leaf(Node):
    # The text is sliced from the file when read, not kept: a copy per token
    # was a fifth of a large file's tree.
    __slots__ = ()

    @property
    def text(self) -> str:
        return self.index.text[self.start : self.end]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r} at {self.start})"


class Text(Leaf):
    __slots__ = ()
    kind: ClassVar[str] = "text"


class Whitespace(Leaf):
    __slots__ = ()
    kind: ClassVar[str] = "whitespace"


class Newline(Leaf):
    __slots__ = ()
    kind: ClassVar[str] = "newline"


class Name(Leaf):
    __slots__ = ()
    kind: ClassVar[str] = "name"


class Quoted(Leaf):
    __slots__ = ()
    kind: ClassVar[str] = "quoted"

    @property
    def value(self) -> str:
        """The text m4 yields when it strips one level of quotes."""
        return self.text[1:-1]


class Comment(Leaf):
    __slots__ = ("style",)
    kind: ClassVar[str] = "comment"

    def __init__(self, start: int, end: int, index: LineIndex, style: str) -> None:
        self.start = start
        self.end = end
        self.index = index
        self.style = style


class ErrorNode(Leaf):
    __slots__ = ("message", "reason")
    kind: ClassVar[str] = "error"

    def __init__(self, start: int, end: int, index: LineIndex, message: str, reason: str) -> None:
        self.start = start
        self.end = end
        self.index = index
        self.message = message
        self.reason = reason


Child = Union[Text, Whitespace, Newline, Name, Quoted, Comment, ErrorNode, "MacroCall", "Group"]


class Container(Node):
    __slots__ = ("children",)

    def __init__(self, start: int, end: int, index: LineIndex, children: tuple[Child, ...]) -> None:
        self.start = start
        self.end = end
        self.index = index
        self.children = children


class ArgumentParts:
    """``leading`` and ``content`` of an argument, shared by both trees (it
    reads only ``children``): the blanks m4 drops, and what it keeps."""

    __slots__ = ()

    @property
    def leading(self) -> tuple[Any, ...]:
        return self.children[: self._content_start()]  # type: ignore[attr-defined, no-any-return]

    @property
    def content(self) -> tuple[Any, ...]:
        return self.children[self._content_start() :]  # type: ignore[attr-defined, no-any-return]

    def _content_start(self) -> int:
        index = 0
        for child in self.children:  # type: ignore[attr-defined]
            if child.kind not in ("whitespace", "newline"):
                break
            index += 1
        return index


class Argument(Container, ArgumentParts):
    """One argument of a call: ``children`` start with the blanks m4 drops."""

    __slots__ = ()
    kind: ClassVar[str] = "argument"


class Group(Container):
    __slots__ = ()
    kind: ClassVar[str] = "group"


class MacroCall(Node):
    __slots__ = ("name", "arguments")
    kind: ClassVar[str] = "call"

    def __init__(self, start: int, end: int, index: LineIndex, name: str, arguments: tuple[Argument, ...]) -> None:
        self.start = start
        self.end = end
        self.index = index
        self.name = name
        self.arguments = arguments

    @property
    def name_span(self) -> Span:
        return self.index.span(self.start, self.start + len(self.name))

    def __repr__(self) -> str:
        return f"MacroCall({self.name!r} at {self.start})"


class Document(Container):
    """A whole file; ``comments_end`` as in :class:`mcparse.ast.Document`."""

    __slots__ = ("comments_end", "borrowed")
    kind: ClassVar[str] = "document"

    def __init__(
        self, start: int, end: int, index: LineIndex, children: tuple[Child, ...], comments_end: Optional[int],
        borrowed: tuple[tuple[int, LineIndex], ...] = (),
    ) -> None:
        self.start = start
        self.end = end
        self.index = index
        self.children = children
        self.comments_end = comments_end
        # The leading nodes an incremental parse took over unchanged from
        # earlier versions (mcparse.syntax.incremental): (end, index) per run
        # of them, in order; each reads its text and lines from the earlier
        # version's index, which agrees with this one's before ``end``. The
        # nodes from the last end on use ``index``.
        self.borrowed = borrowed

    @property
    def text(self) -> str:
        """The whole text the document was parsed from."""
        return self.index.text

    def hash_is_comment(self, offset: int) -> bool:
        """Whether a ``#`` at ``offset`` starts an m4 comment."""
        return self.comments_end is None or offset < self.comments_end


_CONTAINERS = frozenset({"document", "argument", "group"})


def iter_children(node: Any) -> tuple[Any, ...]:
    """The direct children of ``node`` (of either tree) in source order."""
    kind = node.kind
    if kind == "call":
        return node.arguments  # type: ignore[no-any-return]
    if kind in _CONTAINERS:
        return node.children  # type: ignore[no-any-return]
    return ()


def walk(node: Any) -> Iterator[Any]:
    """Every node under ``node`` (itself included) in source order, without
    recursion, so deeply nested input cannot exhaust the stack."""
    stack: list[Any] = [node]
    while stack:
        current = stack.pop()
        yield current
        children = iter_children(current)
        if children:
            stack.extend(reversed(children))


def calls(node: Any) -> Iterator[Any]:
    """Every macro call under ``node`` in source order."""
    for current in walk(node):
        if current.kind == "call":
            yield current


# -- between the two trees


def to_ast(document: Document) -> "ast.Document":
    """The pydantic tree of ``document`` (post-order, without recursion)."""
    from .. import ast
    from ..source import build

    def convert(node: Any, children: list[Any]) -> Any:
        span = node.span
        kind = node.kind
        if kind == "call":
            return build(
                ast.MacroCall, kind="call", span=span, name=node.name, name_span=node.name_span,
                arguments=tuple(children),
            )
        if kind == "argument":
            return build(ast.Argument, kind="argument", span=span, children=tuple(children))
        if kind == "group":
            return build(ast.Group, kind="group", span=span, children=tuple(children))
        if kind == "document":
            return build(
                ast.Document, kind="document", span=span, children=tuple(children),
                comments_end=node.comments_end,
            )
        if kind == "comment":
            return build(ast.Comment, kind="comment", span=span, style=node.style, text=node.text)
        if kind == "error":
            return build(
                ast.ErrorNode, kind="error", span=span, text=node.text, message=node.message, reason=node.reason
            )
        # Text, Whitespace, Newline, Name, Quoted: the two trees name them alike.
        return build(getattr(ast, type(node).__name__), kind=kind, span=span, text=node.text)

    return _post_order(document, convert)  # type: ignore[no-any-return]


def from_ast(document: "ast.Document", index: Optional[LineIndex] = None) -> Document:
    """This tree for a pydantic ``document`` (one a library caller built or
    changed); ``index`` is the line index of its text, rebuilt if not given."""
    if index is None:
        from .parser import unparse

        index = LineIndex(unparse(document))
    line_index = index

    def convert(node: Any, children: list[Any]) -> Any:
        span = node.span
        kind = node.kind
        if kind == "call":
            return MacroCall(span.start, span.end, line_index, node.name, tuple(children))
        if kind == "argument":
            return Argument(span.start, span.end, line_index, tuple(children))
        if kind == "group":
            return Group(span.start, span.end, line_index, tuple(children))
        if kind == "document":
            return Document(span.start, span.end, line_index, tuple(children), node.comments_end)
        if kind == "comment":
            return Comment(span.start, span.end, line_index, node.style)
        if kind == "error":
            return ErrorNode(span.start, span.end, line_index, node.message, node.reason)
        return _LEAVES[kind](span.start, span.end, line_index)

    return _post_order(document, convert)  # type: ignore[no-any-return]


_LEAVES: dict[str, Any] = {"text": Text, "whitespace": Whitespace, "newline": Newline, "name": Name, "quoted": Quoted}
_PLAIN_LEAF_CLASSES = frozenset(_LEAVES.values())


def moved(nodes: "tuple[Child, ...] | list[Child]", delta: int, index: LineIndex) -> list[Child]:
    """Copies of ``nodes`` (and all they hold) ``delta`` characters further on,
    reading their text from ``index``: what an edit before them makes of them.

    Copies, never the nodes themselves with their offsets changed: the tree
    they come from may still be read (an analysis of the older version that
    is still running, a request about it).
    """
    return _moved(nodes, delta, index, 0)


# Calls nested deeper than this are copied without recursion (a hostile file
# nests 20,000 of them); the usual two or three levels take the direct path.
_MAX_COPY_DEPTH = 50


def _moved(nodes: Any, delta: int, index: LineIndex, depth: int) -> list[Any]:
    out: list[Any] = []
    append = out.append
    plain = _PLAIN_LEAF_CLASSES
    new = object.__new__
    for node in nodes:
        cls = node.__class__
        if cls in plain:
            # Most nodes. Their three slots set here, not by calling the class:
            # Node.__init__'s frame was a third of moving a file's 60,000 leaves.
            made = new(cls)
            made.start = node.start + delta
            made.end = node.end + delta
            made.index = index
            append(made)
        elif depth >= _MAX_COPY_DEPTH:
            append(_post_order(node, lambda old, children: _moved_one(old, children, delta, index)))
        else:
            children = iter_children(node)
            moved_children = _moved(children, delta, index, depth + 1) if children else []
            append(_moved_one(node, moved_children, delta, index))
    return out


def _moved_one(node: Any, children: list[Any], delta: int, index: LineIndex) -> Any:
    start, end = node.start + delta, node.end + delta
    cls = node.__class__
    if cls is MacroCall:
        return MacroCall(start, end, index, node.name, tuple(children))
    if cls is Argument or cls is Group:
        return cls(start, end, index, tuple(children))
    if cls is Comment:
        return Comment(start, end, index, node.style)
    if cls is ErrorNode:
        return ErrorNode(start, end, index, node.message, node.reason)
    return cls(start, end, index)


def _post_order(root: Any, convert: Any) -> Any:
    """``convert(node, converted_children)`` bottom-up with an explicit stack
    (20,000 nested calls must not exhaust Python's)."""
    done: list[Any] = []
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        children = iter_children(node)
        if not expanded and children:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children))
            continue
        count = len(children)
        if count:
            converted = done[-count:]
            del done[-count:]
        else:
            converted = []
        done.append(convert(node, converted))
    return done[0]


__all__ = [
    "Argument", "ArgumentParts", "Child", "Comment", "Document", "ErrorNode", "Group", "MacroCall", "Name",
    "Newline", "Node", "Quoted", "Text", "Whitespace", "calls", "from_ast", "iter_children", "moved", "to_ast", "walk",
]
