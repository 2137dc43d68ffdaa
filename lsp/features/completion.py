"""Completion: names inside FEATURE/MAILER/..., conf variables in define(`, option keys and
modifier letters in DAEMON_OPTIONS, and top-level macros as snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Optional

from mcparse.vocabulary import client_key_for, daemon_key_for, load_vocabulary

from .. import knowledge
from ..context import CallFrame, CursorContext, cursor_context, option_fields, strip_quotes

Kind = Literal["module", "variable", "property", "enum", "snippet", "keyword"]
_PLACEHOLDER = re.compile(r"`([^`']*)'")


@dataclass(frozen=True)
class CompletionEntry:
    label: str
    kind: Kind
    detail: str
    documentation: str
    insert_text: str
    replace_start: int  # the text [replace_start, replace_end) is replaced by insert_text
    replace_end: int
    snippet: bool = False
    sort_text: Optional[str] = None


def complete(text: str, offset: int) -> list[CompletionEntry]:
    """Completion candidates at ``offset`` (an empty list where nothing fits)."""
    context = cursor_context(text, offset)
    if context.in_comment:
        return []
    frame = context.call
    if frame is not None:
        if frame.name in knowledge.INCLUDE_KINDS and frame.argument == 0:
            return _names(context, frame)
        if frame.name in ("define", "undefine", "ifdef", "pushdef", "popdef", "defn") and frame.argument == 0:
            return _conf_variables(context)
        if frame.name in knowledge.OPTION_CALLS and frame.argument == 0 and context.quote_depth:
            return _option_parts(text, context, frame)
        return []
    if context.quote_depth == 0:
        return _top_level(text, context)
    return []


def _quoted(context: CursorContext, name: str) -> str:
    # Inside `...' the user has typed the opening quote already; outside, supply both.
    return name if context.quote_depth else f"`{name}'"


def _names(context: CursorContext, frame: CallFrame) -> list[CompletionEntry]:
    entries = []
    for name, summary in sorted(knowledge.names_for(frame.name).items()):
        entries.append(
            CompletionEntry(
                label=name,
                kind="module",
                detail=f"{frame.name}: {summary}",
                documentation=knowledge.include_doc(frame.name, name) or summary,
                insert_text=_quoted(context, name),
                replace_start=context.word_start,
                replace_end=context.word_end,
            )
        )
    return entries


def _conf_variables(context: CursorContext) -> list[CompletionEntry]:
    entries = []
    for name, variable in sorted(load_vocabulary().conf_variables.items()):
        entries.append(
            CompletionEntry(
                label=name,
                kind="variable",
                detail=variable.option or variable.sets,
                documentation=knowledge.conf_doc(name) or variable.summary,
                insert_text=_quoted(context, name),
                replace_start=context.word_start,
                replace_end=context.word_end,
                sort_text=("1" if variable.deprecated or variable.obsolete else "0") + name,
            )
        )
    return entries


def _option_parts(text: str, context: CursorContext, frame: CallFrame) -> list[CompletionEntry]:
    client = frame.name == "CLIENT_OPTIONS"
    vocabulary = load_vocabulary()
    written, dropped = strip_quotes(text[frame.argument_start : context.offset])
    base = frame.argument_start + dropped
    fields = option_fields(written, base)
    current = fields[-1] if fields else None
    offset = context.offset
    if current is not None and "=" in text[current.start : offset]:
        key = (client_key_for if client else daemon_key_for)(current.key)
        if key is None:
            return []
        if key.name == "Modifier":
            table = vocabulary.client_modifiers if client else vocabulary.daemon_modifiers
            present = set(current.value)
            return [
                CompletionEntry(
                    label=letter,
                    kind="enum",
                    detail=knowledge.modifier_label(letter, client),
                    documentation=knowledge.modifier_doc(letter, client),
                    insert_text=letter,
                    replace_start=offset,
                    replace_end=offset,
                )
                for letter, modifier in sorted(table.items())
                if letter not in present and (modifier.client if client else modifier.daemon)
            ]
        values: list[tuple[str, str]] = []
        if key.name == "Port":
            values = [(port.name, f"{port.number}: {port.summary}") for port in vocabulary.ports.values()]
        elif key.values:
            values = [(value, key.meaning) for value in key.values]
        return [
            CompletionEntry(value, "enum", doc.split(":")[0], doc, value, context.word_start, context.word_end)
            for value, doc in values
        ]
    keys = vocabulary.client_keys if client else vocabulary.daemon_keys
    used = {field.key[:1] for field in fields[:-1]}
    return [
        CompletionEntry(
            label=f"{name}=",
            kind="property",
            detail=key.meaning.split(".")[0],
            documentation=knowledge.daemon_key_doc(name, client) or key.meaning,
            insert_text=f"{name}=",
            replace_start=context.word_start,
            replace_end=context.word_end,
            sort_text=("1" if name[:1] in used or not key.compiled_by_default else "0") + name,
        )
        for name, key in keys.items()
    ]


def _snippet(signature: str, name: str, min_args: int, max_args: Optional[int]) -> str:
    """``FEATURE(`${1:name}')dnl`` from a signature such as ``FEATURE(`name' [, `arg' ...])``.

    Optional arguments are left out, except the value of define-like
    macros (``max_args == 2``), which is almost always given."""
    shown = signature if max_args == 2 else signature.split("[", 1)[0]
    wanted = _PLACEHOLDER.findall(shown) or ["value"] * max(min_args, 1)
    parts = [f"`${{{number}:{_escape(label)}}}'" for number, label in enumerate(wanted, start=1)]
    return f"{name}({', '.join(parts)})dnl$0"


_SNIPPET_PART = re.compile(r"\\(.)|\$\{\d+:((?:[^\\}]|\\.)*)\}|\$\d+")


def plain_text(snippet: str) -> str:
    """A snippet's text with each placeholder replaced by its label and tab stops
    dropped, for clients without snippet support: ``FEATURE(`${1:name}')dnl$0``
    becomes ``FEATURE(`name')dnl``."""

    def part(match: "re.Match[str]") -> str:
        if match.group(1) is not None:
            return match.group(1)
        if match.group(2) is not None:
            return re.sub(r"\\(.)", r"\1", match.group(2))
        return ""

    return _SNIPPET_PART.sub(part, snippet)


def _escape(label: str) -> str:
    return label.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


def _top_level(text: str, context: CursorContext) -> list[CompletionEntry]:
    # Only at the start of a statement: a word typed on an otherwise empty line.
    line_start = text.rfind("\n", 0, context.word_start) + 1
    if text[line_start : context.word_start].strip():
        return []
    entries = []
    for name, macro in sorted(load_vocabulary().macros.items()):
        if macro.kind in ("section",) or macro.max_args == 0:
            insert, snippet = (f"{name}\n$0" if macro.kind == "section" else name), macro.kind == "section"
        else:
            insert, snippet = _snippet(macro.signature, name, macro.min_args, macro.max_args), True
        entries.append(
            CompletionEntry(
                label=name,
                kind="snippet" if snippet else "keyword",
                detail=macro.signature,
                documentation=knowledge.macro_doc(name) or macro.summary,
                insert_text=insert,
                replace_start=context.word_start,
                replace_end=context.word_end,
                snippet=snippet,
                sort_text=("0" if macro.kind == "cf" else "1" if macro.kind == "section" else "2") + name,
            )
        )
    return entries
