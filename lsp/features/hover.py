"""Hover: explain the sendmail name, option key, modifier letter or port under the cursor."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from mcparse.compiled import Compiled
from mcparse.vocabulary import daemon_key_for, load_vocabulary

from .. import knowledge
from ..context import CallFrame, CursorContext, argument_end, cursor_context, option_fields, strip_quotes
from . import preview_cf


@dataclass(frozen=True)
class HoverInfo:
    markdown: str
    start: int
    end: int


def hover(
    text: str, offset: int, model: Any = None, compiled: Optional[Compiled] = None, source: Optional[str] = None
) -> Optional[HoverInfo]:
    """What to show for ``offset``. ``model`` (a SendmailConfig of this very text) and
    ``compiled`` (its sendmail.cf) are optional; with ``compiled``, a line that wrote
    cf lines gets a "sendmail.cf" section listing them. ``source`` says where the
    model comes from (``DocumentState.model_source``), shown under what it explains."""
    context = cursor_context(text, offset)
    if context.in_comment:
        return suppression_hover(text, offset)
    found = _explain(text, offset, context, model, source)
    if compiled is None:
        return found
    section = preview_cf.cf_lines_markdown(compiled, text.count("\n", 0, offset) + 1)
    if section is None:
        return found
    if found is None:
        line_start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", offset)
        return HoverInfo(section, line_start, len(text) if line_end < 0 else line_end)
    return HoverInfo(f"{found.markdown}\n\n---\n{section}", found.start, found.end)


_DIRECTIVE = re.compile(r"dnl[ \t]*mc-check[ \t]*:", re.IGNORECASE)
_RULE_WORD = re.compile(r"[A-Za-z0-9-]+")


def suppression_hover(text: str, offset: int) -> Optional[HoverInfo]:
    """The rule named under ``offset`` in a ``dnl mc-check: disable=...`` comment:
    its documentation, as docs/rules.md has it."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    directive = _DIRECTIVE.search(line)
    if directive is None or line_start + directive.end() > offset:
        return None
    for match in _RULE_WORD.finditer(line, directive.end()):
        start, end = line_start + match.start(), line_start + match.end()
        if start <= offset <= end:
            rule = _rule(match.group())
            if rule is None:
                return None
            from mcparse.rules.docs import rule_markdown

            return HoverInfo(rule_markdown(rule).strip(), start, end)
    return None


def _rule(name: str) -> Any:
    if name.lower() in ("disable", "disable-file"):
        return None
    from mcparse.rules import find_rule

    return find_rule(name)


def _explain(text: str, offset: int, context: CursorContext, model: Any, source: Optional[str]) -> Optional[HoverInfo]:
    frame = context.call
    if frame is not None and frame.name in knowledge.INCLUDE_KINDS:
        found = _include_argument(text, offset, frame)
        if found is not None:
            return found
    if frame is not None and frame.name in knowledge.OPTION_CALLS and frame.argument == 0:
        found = _option_field(text, offset, frame, model, source)
        if found is not None:
            return found
    word, start, end = context.word, context.word_start, context.word_end
    if not word:
        return None
    for explain in (knowledge.conf_doc, knowledge.macro_doc):
        markdown = explain(word)
        if markdown is not None:
            if word in knowledge.OPTION_CALLS and model is not None:
                daemon = _daemon_at(model, start)
                if daemon is not None:
                    markdown += _daemon_section(daemon, source)
            return HoverInfo(markdown, start, end)
    if model is not None:
        for macro in getattr(model, "user_macros", ()):
            if macro.name == word:
                line = macro.site.span.line
                body = macro.body if macro.body is not None else "(undefined at the end of the file)"
                return HoverInfo(f"**{word}**: defined on line {line} as\n```\n{body}\n```", start, end)
    return None


def _include_argument(text: str, offset: int, frame: CallFrame) -> Optional[HoverInfo]:
    end = argument_end(text, frame)
    value, dropped = strip_quotes(text[frame.argument_start : end])
    start = frame.argument_start + dropped
    if not value or not start <= offset <= start + len(value):
        return None
    if frame.argument == 0:
        markdown = knowledge.include_doc(frame.name, value)
        if markdown is None:
            markdown = f"`{value}`: sendmail-cf has no {knowledge.INCLUDE_KINDS[frame.name]}/{value}.m4"
        return HoverInfo(markdown, start, start + len(value))
    if frame.name == "FEATURE":
        # Later arguments: explain the parameter of the named feature.
        first_end = argument_end(text, CallFrame(frame.name, frame.name_start, 0, frame.name_start + len(frame.name) + 1))
        name, _ = strip_quotes(text[frame.name_start + len(frame.name) + 1 : first_end])
        feature = load_vocabulary().features.get(name)
        if feature is not None and frame.argument - 1 < len(feature.args):
            arg = feature.args[frame.argument - 1]
            return HoverInfo(f"**{name}** argument `{arg.name}`: {arg.meaning}", start, start + len(value))
    return None


def _option_field(text: str, offset: int, frame: CallFrame, model: Any, source: Optional[str]) -> Optional[HoverInfo]:
    client = frame.name == "CLIENT_OPTIONS"
    end = argument_end(text, frame)
    value, dropped = strip_quotes(text[frame.argument_start : end])
    base = frame.argument_start + dropped
    for field in option_fields(value, base):
        if not field.start <= offset <= field.end:
            continue
        daemon = _daemon_at(model, frame.name_start) if model is not None and not client else None
        suffix = _daemon_section(daemon, source) if daemon is not None else ""
        if field.key_start <= offset <= field.key_start + len(field.key) and field.key:
            markdown = knowledge.daemon_key_doc(field.key, client)
            if markdown:
                return HoverInfo(markdown + suffix, field.key_start, field.key_start + len(field.key))
        key = daemon_key_for(field.key)
        if key is None or not field.value_start <= offset <= field.value_start + len(field.value):
            return None
        if key.name == "Modifier":
            index = offset - field.value_start
            if index >= len(field.value):
                index = len(field.value) - 1
            letter = field.value[index] if index >= 0 else ""
            if not letter.strip():
                return None
            return HoverInfo(knowledge.modifier_doc(letter, client) + suffix, field.value_start + index,
                             field.value_start + index + 1)
        if key.name == "Port":
            markdown = knowledge.port_doc(field.value)
            if markdown:
                return HoverInfo(markdown + suffix, field.value_start, field.value_start + len(field.value))
        return None
    return None


def _daemon_section(daemon: Any, source: Optional[str]) -> str:
    """The daemon as sendmail runs it, and which model says so: the compiled
    sendmail.cf, or the packaged model that may not know everything."""
    markdown = "\n\n---\n" + knowledge.daemon_doc(daemon)
    if source:
        markdown += f"\n\n_{source[0].upper()}{source[1:]}._"
    return markdown


def _daemon_at(model: Any, offset: int) -> Any:
    for daemon in getattr(model, "daemons", ()):
        site = getattr(daemon, "site", None)
        if site is not None and site.span.start <= offset < max(site.span.end, site.span.start + 1):
            return daemon
    return None
