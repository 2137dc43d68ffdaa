"""Turns text into the token stream that grammar/mc.lark parses.

The scanner's patterns come from the grammar's Terminals section; this module
adds what a regular expression cannot express (nested quotes, and which
parentheses belong to calls) and decides where ``#`` stops being a comment.
Every step is linear in the input: no backtracking over the rest of the file,
no recursion.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from typing import Optional

# The order in which the scanner tries the grammar's terminals.
SCAN_ORDER = ("DNL", "HASH_COMMENT", "HASH", "CALL_NAME", "NAME", "LPAR", "RPAR", "COMMA", "NEWLINE", "WS", "TEXT")

# Unterminated quotes resynchronised at the end of their line; after this
# many the rest of the file is one string (MC001 reports each kind at most
# 100 times anyway).
MAX_RESYNCS = 100

# A line of plain text outside any call (no quote, comment, dnl, changecom or
# call in it) this long or longer becomes one TEXT token instead of one token
# per word and blank: a file crafted as megabytes of short words would
# otherwise cost a node per word. Real sendmail.mc lines are far shorter.
MIN_RUN = 4096
_PLAIN_RUN = re.compile(
    r"(?:[^A-Za-z_`#(),\r\n]"  # anything but a name, quote, comment, parenthesis, comma or line break
    r"|(?!(?:dnl|changecom)(?![A-Za-z0-9_]))(?=([A-Za-z_][A-Za-z0-9_]*))\1(?!\()"  # a whole name, not a call
    r"|(?<![A-Za-z0-9_])\("  # "(" after no name: plain text outside calls
    r"|[),])+"  # so are ")" and "," there
)
_NOT_IN_RUNS = frozenset("`#\r\n")

# A cf.m4 include (or an explicit changecom) turns "#" comments off from its
# closing parenthesis on: cfhead.m4 runs changecom().
_CF_INCLUDE = re.compile(r"s?include\(\s*`*[^`'()\n]*cf\.m4'*\s*\)")
_CHANGECOM = re.compile(r"changecom(?:\([^()]*\))?")


@dataclass(frozen=True)
class LexProblem:
    """A syntax problem found while lexing: what, and where (offsets)."""

    reason: str  # "unterminated-quote" | "unclosed-call"
    start: int
    end: int


class Tokens:
    """The token stream as three parallel columns: terminal name, start and
    end offset (the text is sliced from the input when a node needs it).

    Not one object per token: a file is tens of thousands of tokens, and an
    object each (Lark's Token) was the largest thing a parse allocated. Lark
    gets real Tokens only for the macro calls it parses, a batch at a time.
    """

    __slots__ = ("types", "starts", "ends")

    def __init__(self) -> None:
        self.types: list[str] = []
        self.starts = array("q")
        self.ends = array("q")

    def add(self, kind: str, start: int, end: int) -> None:
        self.types.append(kind)
        self.starts.append(start)
        self.ends.append(end)


@dataclass
class Lexed:
    tokens: Tokens
    problems: list[LexProblem]
    comments_end: Optional[int]


class Scanner:
    """Compiled patterns for one grammar."""

    def __init__(self, patterns: dict[str, str]) -> None:
        def master(names: tuple[str, ...]) -> re.Pattern[str]:
            return re.compile("|".join(f"(?P<{name}>{patterns[name]})" for name in names))

        self.with_comments = master(SCAN_ORDER)
        self.without_comments = master(tuple(name for name in SCAN_ORDER if name != "HASH_COMMENT"))

    def lex(self, text: str, start: int = 0, stop: Optional[int] = None, comments: bool = True) -> Lexed:
        """The tokens of ``text[start:stop]`` (offsets into ``text``), lexed as
        if the file began at ``start`` (:mod:`.incremental` relexes a few
        lines this way); ``comments=False`` starts with ``#`` comments already off."""
        stop = len(text) if stop is None else stop
        quote_ends = _match_quotes(text, start, stop)
        tokens = Tokens()
        add = tokens.add
        # The hot path appends to the columns directly (a method call per
        # token was a tenth of lexing a file of sendmail.cf rule lines).
        add_type, add_start, add_end = tokens.types.append, tokens.starts.append, tokens.ends.append
        problems: list[LexProblem] = []
        pattern = self.with_comments if comments else self.without_comments
        comments_end: Optional[int] = None
        watching = comments  # for the include or changecom that turns comments off
        pos = start
        length = stop
        # Call nesting as the tokens go by (a call's "(" opens, its ")" closes);
        # only at depth 0 can a long plain run be taken in one piece.
        depth = 0
        call_pending = False
        no_run_before = 0  # where the last attempt at a plain run ended
        unterminated = 0
        while pos < length:
            char = text[pos]
            if char == "`":
                end = quote_ends.get(pos)
                if end is not None:
                    add("QUOTED", pos, end)
                else:
                    # m4 would swallow the rest of the file; stop at the end of
                    # the line so the lines after it still give nodes. After
                    # MAX_RESYNCS of them the file is hostile or hopeless: the
                    # rest is one string, as m4 reads it.
                    unterminated += 1
                    end = _line_end(text, pos) if unterminated <= MAX_RESYNCS else length
                    add("UNTERMINATED_QUOTE", pos, end)
                    problems.append(LexProblem("unterminated-quote", pos, pos + 1))
                pos = end
                continue
            if not depth and pos >= no_run_before and char not in _NOT_IN_RUNS:
                # One C-level search decides most lines: a line break within
                # MIN_RUN characters leaves no room for a run on this line.
                newline = text.find("\n", pos, pos + MIN_RUN)
                if newline != -1:
                    no_run_before = newline
                else:
                    run = _PLAIN_RUN.match(text, pos)
                    if run is not None:
                        no_run_before = run.end()
                        if no_run_before - pos >= MIN_RUN:
                            add("TEXT", pos, no_run_before)
                            pos = no_run_before
                            continue
            match = pattern.match(text, pos)
            if match is None:  # pragma: no cover - TEXT and WS cover every other character
                raise AssertionError(f"scanner stuck at offset {pos}")
            kind = match.lastgroup
            end = match.end()
            add_type(kind)
            add_start(pos)
            add_end(end)
            if kind == "CALL_NAME":
                call_pending = True
            elif kind == "LPAR":
                if call_pending or depth:
                    depth += 1
                call_pending = False
            elif kind == "RPAR" and depth:
                depth -= 1
            if watching and kind in ("CALL_NAME", "NAME"):
                switch = _comments_switch(text, pos, match.group())
                if switch is not None:
                    comments_end = switch
                    watching = False
                    pattern = self.without_comments
            pos = end
        problems.extend(_assign_calls(tokens, text))
        return Lexed(tokens, problems, comments_end)


def _comments_switch(text: str, pos: int, name: str) -> Optional[int]:
    """Where comments end, if the name at ``pos`` is a cf.m4 include or a changecom."""
    if name in ("include", "sinclude"):
        found = _CF_INCLUDE.match(text, pos)
        return found.end() if found else None
    if name == "changecom":
        found = _CHANGECOM.match(text, pos)
        return found.end() if found else None
    return None


_LINE_END = re.compile(r"[\r\n]")


def _line_end(text: str, pos: int) -> int:
    found = _LINE_END.search(text, pos)
    return found.start() if found else len(text)


_QUOTE_CHARACTERS = re.compile(r"[`']")


def _match_quotes(text: str, start: int = 0, stop: Optional[int] = None) -> dict[int, int]:
    """For each backquote of ``text[start:stop]`` that m4 would close there,
    the offset just past its match.

    Bracket matching is context free: the apostrophe that closes a backquote
    does not depend on anything before it, so one stack pass over the whole
    text answers for every backquote where the scanner may meet it.
    """
    ends: dict[int, int] = {}
    stack: list[int] = []
    for found in _QUOTE_CHARACTERS.finditer(text, start, len(text) if stop is None else stop):
        if found.group() == "`":
            stack.append(found.start())
        elif stack:
            ends[stack.pop()] = found.end()
    return ends


def _assign_calls(tokens: Tokens, text: str) -> list[LexProblem]:
    """Retype parentheses and commas by context and demote unclosed calls.

    A call whose ``(`` never finds its ``)`` becomes one UNCLOSED_CALL token
    (its name and parenthesis); what followed it is then read again as if the
    call were not there, so later lines still parse.
    """
    unclosed = _unclosed_opens(tokens, text)
    problems: list[LexProblem] = []
    if unclosed:
        merged = Tokens()
        types, starts, ends = tokens.types, tokens.starts, tokens.ends
        skip_next = False
        for index, kind in enumerate(types):
            if skip_next:
                skip_next = False
                continue
            if index in unclosed:
                # The name and its "(" (the next token) become one.
                merged.add("UNCLOSED_CALL", starts[index], ends[index + 1])
                problems.append(LexProblem("unclosed-call", starts[index], ends[index]))
                skip_next = True
            else:
                merged.add(kind, starts[index], ends[index])
        tokens.types, tokens.starts, tokens.ends = merged.types, merged.starts, merged.ends
        # The demoted calls' "(" are text now: retype what followed them again.
        leftover = _unclosed_opens(tokens, text)
        assert not leftover, "a call demoted once cannot leave another unclosed"
    return problems


def _unclosed_opens(tokens: Tokens, text: str) -> set[int]:
    """One pass: retype "(", "," and ")" as TEXT outside calls; return the
    indexes of CALL_NAME tokens whose call is never closed."""
    # Each stack entry is the index of a CALL_NAME or of a group's "(".
    stack: list[int] = []
    types, starts, ends = tokens.types, tokens.starts, tokens.ends
    index = 0
    count = len(types)
    while index < count:
        kind = types[index]
        if kind == "CALL_NAME":
            stack.append(index)
            index += 2  # the "(" that follows belongs to the call
            continue
        if kind in ("LPAR", "RPAR", "COMMA") or (
            kind == "TEXT" and ends[index] - starts[index] == 1 and text[starts[index]] in "(),"
        ):
            original = text[starts[index]]
            if not stack:
                types[index] = "TEXT"
            elif original == "(":
                types[index] = "LPAR"
                stack.append(index)
            elif original == ")":
                types[index] = "RPAR"
                stack.pop()
            else:
                types[index] = "COMMA"
        index += 1
    return {entry for entry in stack if types[entry] == "CALL_NAME"}
