"""Go to definition, find references and rename for macros the file defines itself
(``define(`MY_RELAY', ...)`` and every use of ``MY_RELAY``)."""

from __future__ import annotations

import re
from typing import Optional

from mcparse.syntax.tree import Document, MacroCall, Name, Quoted, walk
from mcparse.vocabulary import load_vocabulary

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
Range = tuple[int, int]


def definitions(document: Document) -> dict[str, list[Range]]:
    """Every name given to define()/pushdef(), with the span of the name in each definition."""
    found: dict[str, list[Range]] = {}
    for node in walk(document):
        if not isinstance(node, MacroCall) or node.name not in ("define", "pushdef") or not node.arguments:
            continue
        content = node.arguments[0].content
        if len(content) != 1:
            continue
        child = content[0]
        if isinstance(child, Quoted) and _NAME.match(child.value):
            found.setdefault(child.value, []).append((child.span.start + 1, child.span.end - 1))
        elif isinstance(child, Name):
            found.setdefault(child.text, []).append((child.span.start, child.span.end))
    return found


def references(document: Document, name: str, include_definitions: bool = True) -> list[Range]:
    """Where ``name`` appears as an m4 word outside comments: calls, bare names, inside quotes."""
    defined = set(definitions(document).get(name, ()))
    ranges: list[Range] = []
    for node in walk(document):
        if isinstance(node, MacroCall) and node.name == name:
            ranges.append((node.name_span.start, node.name_span.end))
        elif isinstance(node, Name) and node.text == name:
            ranges.append((node.span.start, node.span.end))
        elif isinstance(node, Quoted) and name in node.text:
            for match in _WORD.finditer(node.text):
                if match.group() == name:
                    start = node.span.start + match.start()
                    ranges.append((start, start + len(name)))
    if not include_definitions:
        ranges = [item for item in ranges if item not in defined]
    else:
        ranges = sorted(set(ranges) | defined)
    return sorted(ranges)


def name_at(document: Document, text: str, offset: int) -> Optional[tuple[str, Range]]:
    """The self-defined macro name under ``offset``, with its span."""
    offset = max(0, min(offset, len(text)))
    start = max(0, offset - 200)
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    for match in _WORD.finditer(text, start, min(len(text), offset + 200)):
        if match.start() <= offset <= match.end():
            word = match.group()
            if word in definitions(document):
                return word, (match.start(), match.end())
            return None
    return None


def highlights(document: Document, text: str, offset: int) -> list[tuple[int, int, str]]:
    """Every occurrence of the self-defined macro under ``offset``: (start, end,
    "write") for its definitions, "read" for its uses; empty elsewhere."""
    found = name_at(document, text, offset)
    if found is None:
        return []
    defined = set(definitions(document).get(found[0], ()))
    return [(start, end, "write" if (start, end) in defined else "read")
            for start, end in references(document, found[0], True)]


def is_renamable(name: str) -> bool:
    """Names cf.m4 or m4 give a meaning cannot be renamed without changing what sendmail does."""
    vocabulary = load_vocabulary()
    return name not in vocabulary.conf_variables and name not in vocabulary.macros


def rename_refusal(document: Document, text: str, offset: int) -> Optional[str]:
    """Why the word at ``offset`` cannot be renamed (None when it can): only
    macros this file defines itself may be; the names cf.m4, m4 and sendmail-cf
    give a meaning are read by those names, so renaming them changes sendmail.cf."""
    from ..context import cursor_context
    from ..knowledge import INCLUDE_KINDS

    context = cursor_context(text, offset)
    word = context.word
    if not word or not _NAME.match(word):
        return "There is no macro name here to rename."
    vocabulary = load_vocabulary()
    frame = context.call
    if frame is not None and frame.name in INCLUDE_KINDS and frame.argument == 0 and context.quote_depth:
        folder = INCLUDE_KINDS[frame.name]
        return (f"`{word}' names sendmail-cf's {folder}/{word}.m4, which {frame.name}() loads by this name: "
                "it cannot be renamed.")
    if word in vocabulary.conf_variables:
        return f"{word} is a cf.m4 variable: sendmail-cf reads it by this name, so renaming it would change sendmail.cf."
    if word in vocabulary.macros:
        return f"{word} is a name cf.m4 or m4 gives a meaning: renaming it would change sendmail.cf."
    if name_at(document, text, offset) is None:
        return f"{word} is not defined in this file: only macros this file define()s can be renamed."
    return None


def rename_edits(document: Document, text: str, offset: int, new_name: str) -> Optional[list[tuple[Range, str]]]:
    """Edits renaming the macro at ``offset``; None when it cannot or must not be renamed."""
    found = name_at(document, text, offset)
    if found is None or not is_renamable(found[0]) or not _NAME.match(new_name):
        return None
    return [(span, new_name) for span in references(document, found[0])]
