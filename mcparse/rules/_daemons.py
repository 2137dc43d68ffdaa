"""Helpers shared by the daemon rules: where to report a daemon, how to describe
it, and the text edits that change a DAEMON_OPTIONS line or add a new line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..syntax.tree import MacroCall, Quoted
from ._correctness import templated, written_port_options
from ._top_level import top_level

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Edit
    from ..model.config import Daemon
    from ..source import Span
    from .base import Context


def daemon_span(context: "Context", daemon: "Daemon") -> "Span":
    """Where to report a daemon: its DAEMON_OPTIONS call (or the macro use that
    produced it); cf.m4's implied daemons at OSTYPE, else at the cf.m4 include."""
    if daemon.site is not None:
        return daemon.site.span
    from ._scope import anchor

    return anchor(context)


def describe(daemon: "Daemon") -> str:
    """The daemon in an admin's words, for messages."""
    if daemon.implied:
        if daemon.is_submission:
            return "the default MSA daemon cf.m4 adds on port 587 (`Port=587, Name=MSA, M=E`)"
        return f"the default daemon cf.m4 adds on port 25 (`{daemon.option_value}`)"
    return f"the daemon `{daemon.option_value}`"


def sentence(text: str) -> str:
    """``text`` with its first letter capitalised (and nothing else touched)."""
    return text[:1].upper() + text[1:]


def address_unknown(daemon: "Daemon") -> bool:
    """The daemon's Addr is a template placeholder (`<%= @listen_ip %>`): it may
    render to loopback, which the AUTH rules exempt, so they cannot tell."""
    return daemon.addr is not None and templated(daemon.addr)


def has_explicit_submission(context: "Context") -> bool:
    return any(d.is_submission and not d.implied for d in context.config.daemons)


def _written_call(context: "Context", daemon: "Daemon") -> Optional[tuple[MacroCall, Quoted]]:
    # Only a DAEMON_OPTIONS written directly, with one quoted argument that m4
    # passes through unchanged, can be edited without guessing.
    found = written_port_options(context, daemon)
    if found is None or len(found[0].arguments) != 1:
        return None
    return found


def add_modifier_edit(context: "Context", daemon: "Daemon", letter: str) -> Optional["Edit"]:
    """The edit adding ``letter`` to an explicit daemon's modifiers (``M=``),
    or adding ``, M=<letter>`` when it has none; None when the source is not
    a plain ``DAEMON_OPTIONS(`...')``."""
    from ..diagnostics import Edit

    found = _written_call(context, daemon)
    if found is None:
        return None
    _, quoted = found
    value = quoted.value
    value_start = quoted.start + 1
    modifier_fields = [field for field in daemon.fields if field.key == "Modifier"]
    if modifier_fields:
        # sendmail keeps the last M= it reads; extend that one.
        offset = 0
        position = -1
        parts = value.split(",")
        for part in parts:
            if part.strip() == modifier_fields[-1].written.strip():
                position = offset + len(part.rstrip())
            offset += len(part) + 1
        if position < 0:
            return None
        return Edit(start=value_start + position, end=value_start + position, replacement=letter)
    kept = value.rstrip()
    separator = ", " if kept and not kept.endswith(",") else ("" if not kept else " ")
    return Edit(start=value_start + len(kept), end=value_start + len(kept), replacement=f"{separator}M={letter}")


def top_level_line_start(context: "Context", offset: int) -> Optional[int]:
    """The start of the line holding ``offset``, if m4 reads it at the top level
    (not inside a quote or a call that spans lines); else None."""
    index = context.index
    line_start = index.line_starts[index.line_of(offset)]
    if top_level(context).starts_at(line_start):
        return line_start
    return line_start if line_start == len(context.text) else None


def insertion_after_line(context: "Context", offset: int) -> Optional[tuple[int, str]]:
    """Where to insert a new line after the line holding ``offset``: the next
    line's start (with no prefix), or the end of the text (with a line break
    first) when it is the last line."""
    index = context.index
    line = index.line_of(offset)
    if line + 1 < len(index.line_starts):
        start = index.line_starts[line + 1]
        return (start, "") if top_level_line_start(context, start) == start else None
    return len(context.text), "\n"
