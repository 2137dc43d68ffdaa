"""Semantic tokens: macros, user definitions, conf variables, strings, comments, numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from mcparse.syntax.tree import Comment, Document, MacroCall, Name, Quoted, Text, walk
from mcparse.vocabulary import load_vocabulary

from .macros import definitions

TOKEN_TYPES = ("macro", "function", "variable", "string", "comment", "number")
TOKEN_MODIFIERS = ("declaration", "deprecated")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    type: str
    modifiers: tuple[str, ...] = ()


def semantic_tokens(document: Document, text: str, first: int = 0, last: Optional[int] = None) -> list[Token]:
    """Tokens in source order, none spanning a line break, none overlapping;
    with ``first``/``last`` (offsets), only those overlapping that range
    (top-level nodes outside it are not even walked)."""
    stop = len(text) if last is None else last
    vocabulary = load_vocabulary()
    macros = vocabulary.macros
    conf = vocabulary.conf_variables
    defined = set(definitions(document))  # from the whole file, whatever the range
    tokens: list[Token] = []

    def word_type(word: str) -> tuple[str, tuple[str, ...]] | None:
        if word in conf:
            deprecated = conf[word].deprecated or conf[word].obsolete
            return "variable", ("deprecated",) if deprecated else ()
        if word in defined:
            return "variable", ()
        return None

    def add(start: int, end: int, kind: str, modifiers: tuple[str, ...] = ()) -> None:
        # Split at line breaks: clients need not support multi-line tokens.
        position = start
        while position < end:
            newline = text.find("\n", position, end)
            stop = end if newline == -1 else newline
            piece_end = stop - 1 if stop > position and text[stop - 1] == "\r" else stop
            if piece_end > position:
                tokens.append(Token(position, piece_end, kind, modifiers))
            position = stop + 1

    declarations: set[int] = set()
    children = [child for child in document.children if child.span.end > first and child.span.start < stop]
    nodes = (node for child in children for node in walk(child))
    for node in nodes:
        if isinstance(node, MacroCall):
            add(node.name_span.start, node.name_span.end, "macro" if node.name in macros else "function")
            if node.name in ("define", "pushdef") and node.arguments:
                content = node.arguments[0].content
                if content and isinstance(content[0], Quoted):
                    declarations.add(content[0].span.start)
        elif isinstance(node, Name):
            found = word_type(node.text)
            if found is not None:
                add(node.span.start, node.span.end, *found)
            elif node.text in macros:
                add(node.span.start, node.span.end, "macro")
        elif isinstance(node, Comment):
            add(node.span.start, node.span.end, "comment")
        elif isinstance(node, Text):
            for match in _NUMBER.finditer(node.text):
                add(node.span.start + match.start(), node.span.start + match.end(), "number")
        elif isinstance(node, Quoted):
            declaration = node.span.start in declarations
            position = node.span.start
            for match in _WORD.finditer(node.text):
                found = word_type(match.group())
                if found is None:
                    continue
                start = node.span.start + match.start()
                add(position, start, "string")
                kind, modifiers = found
                add(start, start + len(match.group()), kind, modifiers + (("declaration",) if declaration else ()))
                position = start + len(match.group())
            add(position, node.span.end, "string")
    tokens.sort(key=lambda token: token.start)
    if first > 0 or last is not None:
        return [token for token in tokens if token.end > first and token.start < stop]
    return tokens

