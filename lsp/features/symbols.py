"""Document symbols: the outline of a sendmail.mc (OSTYPE, DOMAIN, features, daemons, defines,
mailers, LOCAL_* sections)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from mcparse.syntax.tree import Document, MacroCall, Name, calls
from mcparse.vocabulary import load_vocabulary

from .tree import first_argument

SymbolKind = Literal["ostype", "domain", "feature", "hack", "daemon", "client", "define", "mailer", "section"]

_KINDS: dict[str, SymbolKind] = {
    "OSTYPE": "ostype",
    "DOMAIN": "domain",
    "FEATURE": "feature",
    "HACK": "hack",
    "DAEMON_OPTIONS": "daemon",
    "CLIENT_OPTIONS": "client",
    "define": "define",
    "MAILER": "mailer",
}


@dataclass(frozen=True)
class Symbol:
    name: str
    kind: SymbolKind
    detail: str
    start: int
    end: int
    selection_start: int
    selection_end: int
    children: tuple["Symbol", ...] = field(default=())


def section_names() -> frozenset[str]:
    return frozenset(name for name, macro in load_vocabulary().macros.items() if macro.kind == "section")


def sections(document: Document, text: str) -> list[tuple[str, int, int]]:
    """LOCAL_CONFIG and friends: (name, start, end); a section runs to the next one or the end."""
    names = section_names()
    starts: list[tuple[str, int, int]] = []
    for child in document.children:
        if isinstance(child, Name) and child.text in names:
            starts.append((child.text, child.span.start, child.span.end))
        elif isinstance(child, MacroCall) and child.name in names:
            starts.append((child.name, child.span.start, child.span.end))
    result = []
    for number, (name, start, _) in enumerate(starts):
        end = starts[number + 1][1] if number + 1 < len(starts) else len(text)
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        result.append((name, start, end))
    return result


def document_symbols(document: Document, text: str) -> list[Symbol]:
    """The outline, in source order."""
    symbols: list[Symbol] = []
    for call in calls(document):
        kind = _KINDS.get(call.name)
        if kind is None:
            continue
        argument = first_argument(call)
        value = argument[0].strip() if argument else ""
        if kind == "define" and not value:
            continue
        if kind in ("daemon", "client"):
            name = _daemon_name(value) if kind == "daemon" else "CLIENT_OPTIONS"
            detail = value
        else:
            name = value or call.name
            detail = call.name
        symbols.append(
            Symbol(name, kind, detail, call.span.start, call.span.end, call.name_span.start, call.name_span.end)
        )
    for name, start, end in sections(document, text):
        symbols.append(Symbol(name, "section", "section", start, end, start, start + len(name)))
    symbols.sort(key=lambda symbol: symbol.start)
    return symbols


def _daemon_name(value: str) -> str:
    for piece in value.split(","):
        key, _, setting = piece.partition("=")
        if key.strip()[:1] in ("N", "n") and setting.strip():
            return f"daemon {setting.strip()}"
    return "daemon"
