"""The lossless syntax tree of a sendmail.mc file.

Every node is a frozen pydantic model with a ``kind`` and a ``span``.
Leaves keep their exact text; :func:`mcparse.unparse` joins them back into
the original input byte for byte, whatever the input was.

Quotes are leaves: their nesting is kept inside ``Quoted.text`` rather than
as nested nodes, so that a file of 100,000 nested quotes is still a flat tree.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from .source import Span
from .syntax.tree import ArgumentParts


class Node(BaseModel):
    # Nodes are built without validation (mcparse.source.build); deferring
    # the schema keeps pydantic from compiling one per class at import time.
    model_config = ConfigDict(frozen=True, defer_build=True)

    span: Span


class Text(Node):
    """Characters m4 copies through: digits, punctuation, parentheses and
    commas outside calls, template markers, raw sendmail.cf text, and a ``#``
    once comments are off."""

    kind: Literal["text"] = "text"
    text: str


class Whitespace(Node):
    """Spaces and tabs (not line breaks)."""

    kind: Literal["whitespace"] = "whitespace"
    text: str


class Newline(Node):
    kind: Literal["newline"] = "newline"
    text: str


class Name(Node):
    """A word not followed by ``(``: a macro used without arguments
    (``LOCAL_CONFIG``), or plain text if no macro has that name."""

    kind: Literal["name"] = "name"
    text: str


class Quoted(Node):
    """A quoted string, outer quotes included; nested quotes stay inside."""

    kind: Literal["quoted"] = "quoted"
    text: str

    @property
    def value(self) -> str:
        """The text m4 yields when it strips one level of quotes."""
        return self.text[1:-1]


class Comment(Node):
    """``dnl`` through the end of its line (newline included), or an m4 ``#``
    comment up to the end of its line (while ``#`` still starts comments)."""

    kind: Literal["comment"] = "comment"
    style: Literal["dnl", "hash"]
    text: str


class ErrorNode(Node):
    """Text that could not be parsed, kept verbatim: an unterminated quote
    (up to the end of its line) or the ``name(`` of a call never closed."""

    kind: Literal["error"] = "error"
    text: str
    message: str
    reason: Literal["unterminated-quote", "unclosed-call"]


class Argument(Node, ArgumentParts):
    """One argument of a call. ``children`` start with the whitespace m4
    drops; :attr:`content` is what m4 keeps (:attr:`leading` the rest)."""

    kind: Literal["argument"] = "argument"
    children: tuple["Child", ...] = ()


class Group(Node):
    """Parentheses inside an unquoted argument: ``(`` children ``)``."""

    kind: Literal["group"] = "group"
    children: tuple["Child", ...] = ()


class MacroCall(Node):
    """``name(arg, arg, ...)``; the separators are always ``(``, ``,``, ``)``."""

    kind: Literal["call"] = "call"
    name: str
    name_span: Span
    arguments: tuple[Argument, ...]


Child = Annotated[
    Union[Text, Whitespace, Newline, Name, Quoted, Comment, ErrorNode, MacroCall, Group],
    Field(discriminator="kind"),
]


class Document(Node):
    """A whole file. ``comments_end`` is the offset from which ``#`` no longer
    starts a comment (after the cf.m4 include or a ``changecom``), if any."""

    kind: Literal["document"] = "document"
    children: tuple[Child, ...] = ()
    comments_end: Optional[int] = None

    def hash_is_comment(self, offset: int) -> bool:
        """Whether a ``#`` at ``offset`` starts an m4 comment."""
        return self.comments_end is None or offset < self.comments_end


Argument.model_rebuild()
Group.model_rebuild()
MacroCall.model_rebuild()
Document.model_rebuild()

AnyNode = Union[Document, Argument, Text, Whitespace, Newline, Name, Quoted, Comment, ErrorNode, MacroCall, Group]


# One walk serves both trees: it reads nodes by kind (see mcparse.syntax.tree).
from .syntax.tree import calls, iter_children, walk  # noqa: E402

__all__ = [
    "AnyNode", "Argument", "Child", "Comment", "Document", "ErrorNode", "Group", "MacroCall", "Name", "Newline",
    "Node", "Quoted", "Text", "Whitespace", "calls", "iter_children", "walk",
]
