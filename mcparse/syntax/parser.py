"""parse(), parse_file() and unparse(): text <-> lossless tree."""

from __future__ import annotations

import codecs
import os
import weakref
from functools import cached_property
from typing import TYPE_CHECKING, Any, Union

from lark import Token
from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from ..collector import collector_paused
from ..diagnostics import SYNTAX_CODES, Diagnostic
from ..source import LineIndex
from . import tree as syntax_tree
from .builder import Builder
from .grammar import load
from .lexer import Tokens

if TYPE_CHECKING:  # pragma: no cover
    from ..ast import Document, Node


class ParseResult(BaseModel):
    """A parsed file. ``syntax`` is the parser's compact tree (what mcparse
    itself reads); ``tree`` is the public pydantic tree, built from it on
    first access (issue #18: a check never pays for it)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True, defer_build=True)

    syntax: syntax_tree.Document = Field(exclude=True, repr=False)
    diagnostics: tuple[Diagnostic, ...]
    text: str
    # True when the input was bytes that needed a BOM stripped (kept for writing back).
    bom: bool = False

    # Typed Any for pydantic: naming ast.Document here would import the
    # pydantic tree with the parser; it still serialises as the model it is.
    @computed_field(return_type=Any)  # type: ignore[prop-decorator]
    @cached_property
    def tree(self) -> "Document":
        document = syntax_tree.to_ast(self.syntax)
        _remember_source(document, self.syntax.index)
        return document

    @property
    def index(self) -> LineIndex:
        return self.syntax.index

    @model_validator(mode="before")
    @classmethod
    def _from_public_tree(cls, data: Any) -> Any:
        """``ParseResult(tree=..., diagnostics=..., text=...)`` (or a model_dump()
        of one) still builds a result: its compact tree is made from the pydantic one."""
        if isinstance(data, dict) and "syntax" not in data and data.get("tree") is not None:
            from ..ast import Document as PublicDocument

            data = dict(data)
            tree = data.pop("tree")
            if not isinstance(tree, PublicDocument):
                tree = PublicDocument.model_validate(tree)
            text = data.get("text")
            data["syntax"] = syntax_tree.from_ast(tree, LineIndex(text) if isinstance(text, str) else None)
        return data


MAX_REPORTS_PER_KIND = 100


def _diagnostic(index: LineIndex, reason: str, start: int, end: int, message: str) -> Diagnostic:
    code, name, severity = SYNTAX_CODES[reason]
    return Diagnostic.model_construct(
        code=code, name=name, severity=severity, message=message, span=index.span(start, end),
        fix=None, url=None, suppressed_reason=None,
    )


def parse(source: Union[str, bytes], *, index: "LineIndex | None" = None) -> ParseResult:
    """Parse a sendmail.mc. Never raises for any str or bytes input.

    ``index``: a line index the caller already built for this very text (the
    editor has one per version); used only when its text is ``source``."""
    diagnostics: list[Diagnostic] = []
    bom = False
    if isinstance(source, (bytes, bytearray)):
        text, bom, bad_offset = decode(bytes(source))
    else:
        text, bad_offset = source, None
    if index is None or index.text is not text:
        index = LineIndex(text)
    if bad_offset is not None:
        diagnostics.append(
            _diagnostic(
                index, "invalid-utf8", bad_offset, min(bad_offset + 1, len(text)),
                "file is not valid UTF-8; undecodable bytes are kept as they are",
            )
        )
    lark, scanner = load()
    with collector_paused():
        lexed = scanner.lex(text)
        builder = Builder(index)
        document = builder.document(_parse_calls(lark, builder, lexed.tokens), lexed.comments_end)
    reported: dict[str, int] = {}
    for problem in lexed.problems:
        # A hostile file can hold 100,000 broken quotes; after a few the rest
        # only bury the first, so each kind is reported a bounded number of times.
        seen = reported[problem.reason] = reported.get(problem.reason, 0) + 1
        if seen > MAX_REPORTS_PER_KIND:
            continue
        if problem.reason == "unterminated-quote":
            message = "unterminated quote: m4 will swallow the rest of the file into this string"
        else:
            name = text[problem.start : problem.end]
            message = (
                f"call to {name} is never closed: m4 reads to the end of the file and reports "
                "'end of file in argument list', often naming an unrelated included file"
            )
        if seen == MAX_REPORTS_PER_KIND:
            more = sum(1 for other in lexed.problems if other.reason == problem.reason) - seen
            if more:
                message += f" (and {more} more like this, not reported)"
        diagnostics.append(_diagnostic(index, problem.reason, problem.start, problem.end, message))
    diagnostics.sort(key=lambda item: (item.span.start, item.code))
    return ParseResult.model_construct(syntax=document, diagnostics=tuple(diagnostics), text=text, bom=bom)


# Tokens handed to Lark at a time: calls are parsed in batches so that only
# one batch of Lark Tokens and trees is alive at once (bounded memory on a
# 10,000-line file; one parse per call would cost Lark's set-up per call).
BATCH_TOKENS = 4096


def _parse_calls(lark: Any, builder: Builder, tokens: Tokens) -> tuple[Any, ...]:
    """The document's children: the grammar's parser run only over the macro calls.

    Outside a call every token is an atom (the grammar's ``_atom``: the lexer
    has already turned a stray ``(``, ``,`` or ``)`` into TEXT), so the LALR
    parser has nothing to decide there; on ordinary files that is half the
    tokens, on hostile ones nearly all. Those become leaves directly; the
    calls go through Lark (``start: _item*``) in batches and are put back
    among the atoms in order.
    """
    types, starts, ends = tokens.types, tokens.starts, tokens.ends
    text = builder.text
    # Each entry: (first, last) token index of one top-level call. A call's
    # name is always followed by its "(" and closed (the lexer demotes
    # unclosed ones), so depth returns to 0 exactly at its ")".
    regions: list[tuple[int, int]] = []
    depth = 0
    first = 0
    for position, kind in enumerate(types):
        if not depth:
            if kind == "CALL_NAME":
                first = position
            elif kind == "LPAR":  # only ever the "(" right after a call's name
                depth = 1
        elif kind == "LPAR":
            depth += 1
        elif kind == "RPAR":
            depth -= 1
            if not depth:
                regions.append((first, position))
    items: list[Any] = []
    previous = 0
    batch_start = 0
    while batch_start < len(regions):
        batch_end = batch_start
        size = 0
        while batch_end < len(regions) and (size < BATCH_TOKENS or batch_end == batch_start):
            first, last = regions[batch_end]
            size += last - first + 1
            batch_end += 1
        batch = regions[batch_start:batch_end]
        call_tokens = [
            Token(types[i], text[starts[i] : ends[i]], start_pos=starts[i], end_pos=ends[i])
            for first, last in batch
            for i in range(first, last + 1)
        ]
        calls = builder.calls(lark.parse(call_tokens).children)
        del call_tokens
        for call, (first, last) in zip(calls, batch):
            builder.atoms(tokens, previous, first, items)
            items.append(call)
            previous = last + 1
        batch_start = batch_end
    builder.atoms(tokens, previous, len(types), items)
    return tuple(items)


def decode(data: bytes) -> tuple[str, bool, "int | None"]:
    """UTF-8 with or without BOM; invalid bytes survive as surrogate escapes.

    Returns the text, whether a BOM was stripped, and the offset of the first
    undecodable byte (None when the input was valid UTF-8).
    """
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), bom, None
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", errors="surrogateescape")
        # Offsets differ between bytes and str before the bad byte only by the
        # multi-byte characters, so decode the valid prefix to find it.
        prefix = data[: error.start].decode("utf-8", errors="surrogateescape")
        return text, bom, len(prefix)


def encode(text: str, bom: bool = False) -> bytes:
    """The inverse of :func:`decode`: the exact bytes a parsed file came from."""
    data = text.encode("utf-8", errors="surrogateescape")
    return codecs.BOM_UTF8 + data if bom else data


def parse_file(path: Union[str, "os.PathLike[str]"]) -> ParseResult:
    """Read and parse a file as bytes (no newline translation)."""
    with open(path, "rb") as handle:
        return parse(handle.read())


_CONTAINERS = ("document", "argument")
# The line index (and so the text) of each live Document parse() made, by id:
# resolve() and the rules ask for the whole text of a tree they were given,
# and rebuilding it from a node per token cost as much as a tenth of
# resolving. An entry leaves with its Document, so an id is never read after
# it could be reused.
_SOURCES: dict[int, LineIndex] = {}


def _remember_source(document: "Document", index: LineIndex) -> None:
    key = id(document)
    _SOURCES[key] = index
    weakref.finalize(document, _SOURCES.pop, key, None)


def source_text(document: "Document | syntax_tree.Document") -> str:
    """The text ``document`` was parsed from: remembered when parse() made
    it, else rebuilt with :func:`unparse` (the tree is lossless, so both agree;
    the tests check unparse, never this shortcut)."""
    return source_index(document).text


def source_index(document: "Document | syntax_tree.Document") -> LineIndex:
    """The line index of :func:`source_text` (the parser's own when it made
    ``document``: an index of a large file costs milliseconds to build)."""
    if isinstance(document, syntax_tree.Document):
        return document.index
    known = _SOURCES.get(id(document))
    return known if known is not None else LineIndex(unparse(document))


def syntax_of(source: "ParseResult | Document | syntax_tree.Document") -> syntax_tree.Document:
    """The parser's compact tree for any of the trees a caller may hold: a
    parse result, a pydantic Document (converted once per call), or the
    compact tree itself."""
    if isinstance(source, ParseResult):
        return source.syntax
    if isinstance(source, syntax_tree.Document):
        return source
    return syntax_tree.from_ast(source, source_index(source))


def unparse(node: "Node | syntax_tree.Node") -> str:
    """The exact source text of ``node``, rebuilt from the tree (for a
    Document: the whole input)."""
    out: list[str] = []
    stack: list[Union[Node, str]] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        kind = item.kind  # type: ignore[attr-defined]
        if kind == "call":
            pieces: list[Union[Node, str]] = [item.name, "("]  # type: ignore[attr-defined]
            for position, argument in enumerate(item.arguments):  # type: ignore[attr-defined]
                if position:
                    pieces.append(",")
                pieces.append(argument)
            pieces.append(")")
            stack.extend(reversed(pieces))
        elif kind == "group":
            stack.append(")")
            stack.extend(reversed(item.children))  # type: ignore[attr-defined]
            stack.append("(")
        elif kind in _CONTAINERS:
            stack.extend(reversed(item.children))  # type: ignore[attr-defined]
        else:
            out.append(item.text)  # type: ignore[attr-defined]
    return "".join(out)


__all__ = ["ParseResult", "parse", "parse_file", "unparse", "source_text", "syntax_of", "decode", "encode"]
