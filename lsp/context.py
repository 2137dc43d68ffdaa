"""Where the cursor is, read straight from the text: which call, which argument, inside quotes or not.

Hover, completion and signature help need this while the user types, when the
text is often broken (``FEATURE(`acc`` has an open quote and an open call)
and before the tree of the current version exists. A small m4 tokenizer run
over a window of lines before the cursor answers in well under a millisecond
whatever the size of the file, so these requests never wait for a parse.

The window starts at the nearest earlier line that begins a top-level
statement (``NAME(`` or ``dnl`` in column one). A window that starts inside a
long multi-line quoted string can misjudge the quoting; that only costs a
less useful hover, never a wrong edit to the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

_TOKEN = re.compile(r"[`'#(),\n]|[A-Za-z_][A-Za-z0-9_]*")
_STATEMENT_START = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_]*\(|dnl\b)", re.MULTILINE)
_WORD = re.compile(r"[A-Za-z0-9_]")
FULL_SCAN_LIMIT = 32_000
WINDOW_LINES = 400


@dataclass
class CallFrame:
    """An open ``name(`` at the cursor."""

    name: str
    name_start: int
    argument: int = 0  # 0-based index of the argument holding the cursor
    argument_start: int = 0  # offset just after the '(' or ',' that began it
    parens: int = 0  # unquoted '(' nesting inside the current argument


@dataclass
class CursorContext:
    """What surrounds one offset of a text."""

    offset: int
    quote_depth: int  # > 0: inside a quoted string
    in_comment: bool
    calls: list[CallFrame] = field(default_factory=list)  # outermost first
    word: str = ""  # the identifier touching the cursor, if any
    word_start: int = 0
    word_end: int = 0

    @property
    def call(self) -> Optional[CallFrame]:
        """The innermost call the cursor is inside of."""
        return self.calls[-1] if self.calls else None

    @property
    def prefix(self) -> str:
        """The part of :attr:`word` before the cursor (what completion filters on)."""
        return self.word[: self.offset - self.word_start]


def window_start(text: str, offset: int) -> int:
    """Where scanning for ``offset`` may safely begin."""
    if offset <= FULL_SCAN_LIMIT:
        return 0
    floor = offset
    for _ in range(WINDOW_LINES):
        previous = text.rfind("\n", 0, floor - 1) if floor > 0 else -1
        floor = previous + 1
        if floor <= 0:
            return 0
    best = floor
    for match in _STATEMENT_START.finditer(text, floor, offset):
        best = match.start()
    return best


def _word_at(text: str, offset: int) -> tuple[str, int, int]:
    start = offset
    while start > 0 and _WORD.match(text[start - 1]):
        start -= 1
    end = offset
    while end < len(text) and _WORD.match(text[end]):
        end += 1
    word = text[start:end]
    if not word or word[0].isdigit():
        # Digits alone are not names but still matter (ports): keep them as the word.
        return (word, start, end) if word.isdigit() else ("", offset, offset)
    return word, start, end


def cursor_context(text: str, offset: int) -> CursorContext:
    """The context of ``offset`` in ``text`` (clamped into range; never raises)."""
    offset = max(0, min(offset, len(text)))
    depth = 0
    calls: list[CallFrame] = []
    in_comment = False
    position = window_start(text, offset)
    while position < offset:
        match = _TOKEN.search(text, position, offset)
        if match is None:
            break
        token = match.group()
        position = match.end()
        if depth:
            if token == "`":
                depth += 1
            elif token == "'":
                depth -= 1
            continue
        if token == "`":
            depth = 1
        elif token == "#" or token == "dnl":
            newline = text.find("\n", position)
            if newline == -1 or newline >= offset:
                in_comment = True
                break
            position = newline + 1
        elif token == "(":
            if calls:
                calls[-1].parens += 1
        elif token == ")":
            if calls:
                if calls[-1].parens:
                    calls[-1].parens -= 1
                else:
                    calls.pop()
        elif token == ",":
            if calls and not calls[-1].parens:
                calls[-1].argument += 1
                calls[-1].argument_start = position
        elif token[0].isalpha() or token[0] == "_":
            if position < len(text) and text[position] == "(" and position < offset:
                calls.append(CallFrame(token, match.start(), 0, position + 1))
                position += 1
    word, start, end = _word_at(text, offset)
    return CursorContext(offset, depth, in_comment, calls, word, start, end)


def argument_end(text: str, frame: CallFrame, limit: int = 20_000) -> int:
    """Offset of the ``,`` or ``)`` that ends the cursor's argument (or where scanning gave up)."""
    depth = 0
    parens = 0
    position = frame.argument_start
    stop = min(len(text), position + limit)
    while position < stop:
        match = _TOKEN.search(text, position, stop)
        if match is None:
            return stop
        token = match.group()
        position = match.end()
        if depth:
            depth += 1 if token == "`" else -1 if token == "'" else 0
            continue
        if token == "`":
            depth = 1
        elif token == "(":
            parens += 1
        elif token == ")":
            if not parens:
                return match.start()
            parens -= 1
        elif token == "," and not parens:
            return match.start()
        elif token == "#" or token == "dnl":
            newline = text.find("\n", position)
            position = stop if newline == -1 else newline + 1
    return stop


def strip_quotes(raw: str) -> tuple[str, int]:
    """The argument text m4 keeps after dropping leading blanks and one level of quotes,
    and how many characters were dropped from the front."""
    stripped = raw.lstrip(" \t\r\n")
    dropped = len(raw) - len(stripped)
    if stripped.startswith("`"):
        stripped = stripped[1:]
        dropped += 1
        if stripped.endswith("'"):
            stripped = stripped[:-1]
    return stripped.rstrip(" \t\r\n"), dropped


@dataclass(frozen=True)
class OptionField:
    """One ``Key=value`` field of a DAEMON_OPTIONS value, with offsets into the document."""

    key: str
    key_start: int
    value: str
    value_start: int
    start: int
    end: int


def option_fields(value: str, base: int) -> list[OptionField]:
    """Split a DAEMON_OPTIONS/CLIENT_OPTIONS value at commas; ``base`` is its document offset."""
    fields: list[OptionField] = []
    start = 0
    for piece in value.split(","):
        end = start + len(piece)
        key_part, equals, value_part = piece.partition("=")
        lead = len(key_part) - len(key_part.lstrip(" \t\r\n"))
        key = key_part.strip(" \t\r\n")
        value_lead = len(value_part) - len(value_part.lstrip(" \t")) if equals else 0
        value_start = start + len(key_part) + 1 + value_lead if equals else end
        fields.append(
            OptionField(
                key=key,
                key_start=base + start + lead,
                value=value_part.strip(" \t\r\n") if equals else "",
                value_start=base + value_start,
                start=base + start,
                end=base + end,
            )
        )
        start = end + 1
    return fields
