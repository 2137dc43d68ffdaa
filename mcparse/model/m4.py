"""A small m4 evaluator: the part of GNU m4 that sendmail.mc files use.

It reads the same text the grammar describes, but it has to work the way m4
does rather than over the finished tree: m4 rescans what a macro expands to,
so commas and parentheses that come out of an expansion split and close the
arguments of a call written in the file (``define(`D', `a, b')F(D)`` gives F
two arguments). The evaluator therefore keeps an input stack of text frames,
as m4 does, and remembers for every frame which source span it stands for, so
each effect can point at the text that caused it.

It never runs anything: ``syscmd``/``esyscmd`` are recorded, and an include it
cannot read is recorded as unknown. Expansion depth and output size are
bounded, as m4's own recursion would not be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Callable, Optional

Span = tuple[int, int]

MAX_EXPANSIONS = 100_000
MAX_FRAME_DEPTH = 1_000
MAX_TEXT = 4_000_000
# Argument collection recurses (a call inside an argument is expanded while
# the outer call collects), so nesting is bounded well inside Python's stack.
MAX_CALL_NESTING = 100
# Only the outermost user macros are named in a provenance chain: a macro
# that expands to itself would otherwise copy an ever longer tuple each time.
MAX_VIA = 16
# translit ranges such as \0-\U0010ffff would build a million-entry table.
MAX_RANGE = 65_536
# regexp runs Python's backtracking engine: a bounded subject and pattern,
# and no nested or stacked repetition, keep it from taking exponential time.
MAX_REGEXP_TEXT = 4_096
MAX_REGEXP_QUANTIFIERS = 3
MAX_REGEXP_GROUPS = 20
# Tokens read beyond the file's own length: a few bytes of m4 (a shift()
# recursion over many arguments) can otherwise make millions of tokens.
# Real .mc files read far fewer (tests/hardening measures the corpus).
MAX_EXTRA_TOKENS = 500_000

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPACE = " \t\n\r\f\v"
_DOLLAR = re.compile(r"\$(\d+|#|\*|@)")
_PUNCTUATION = {"(": "open", ")": "close", ",": "comma"}
_TOO_MANY_TOKENS = "expansion reads too much text (a macro multiplies its input); stopped"


class BudgetExceeded(Exception):
    """Raised when expansion would not terminate (m4 itself would loop forever)."""

    def __init__(self, reason: str = "expansion does not terminate (a macro expands to itself); stopped") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class Frame:
    text: str
    pos: int
    base: Optional[int]  # offset of text[0] in the source, for source text
    site: Span  # the source span an expansion stands for
    via: tuple[str, ...] = ()


# One token: (kind, text, start, end, via), kind one of name, quoted,
# comment, open, close, comma, text. A plain tuple: one is made per token, and
# a class instance cost a tenth of resolve time.
Token = tuple[str, str, int, int, tuple[str, ...]]


@dataclass(slots=True)
class Macro:
    name: str
    body: str = ""
    # A function of the evaluator and the call, not a bound method: a macro
    # table then holds no reference back to its evaluator, so one table serves
    # every evaluator, and an evaluator is freed by reference counting as soon
    # as it is dropped instead of waiting for the garbage collector.
    builtin: Optional[Callable[["Evaluator", "Call"], str]] = None
    # Builtins that are only recognised with arguments (define, ifdef, ...).
    needs_args: bool = False
    site: Optional[Span] = None


@dataclass(slots=True)
class Call:
    """One macro call as m4 sees it: its arguments after collection."""

    name: str
    args: list[str]
    start: int
    end: int
    via: tuple[str, ...]
    had_parens: bool
    # For each argument: the (start, end) source span it came from.
    arg_spans: list[Span] = field(default_factory=list)


class Evaluator:
    """Evaluates m4 text. Subclasses add sendmail's macros as builtins."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.frames: list[Frame] = [Frame(source, 0, 0, (0, len(source)))]
        # The current definition of each name; pushdef keeps the ones it hides.
        self.macros: dict[str, Macro] = {}
        self.hidden: dict[str, list[Macro]] = {}
        self.lquote = "`"
        self.rquote = "'"
        self.comment: Optional[str] = "#"
        self.comment_end = "\n"
        # The longest quote or comment delimiter so far: how far past a position
        # the reading before it may have looked (see SendmailEvaluator.mark).
        self.longest_delimiter = 1
        self.diversion = 0
        self.expansions = 0
        self.tokens_read = 0
        self.max_tokens = len(source) + MAX_EXTRA_TOKENS
        self.output_size = 0
        self.stopped = False
        self._scanners: dict[tuple[str, Optional[str]], re.Pattern[str]] = {}
        # Text produced while collecting arguments goes into the argument, not the output.
        self._collecting: list[list[str]] = []
        # m4wrap's texts, read again when the input ends (see finish).
        self.wrapped: list[tuple[str, Span, tuple[str, ...]]] = []
        self.macros.update(_builtin_table(type(self)))

    # ------------------------------------------------------------------ hooks

    def emit(self, text: str, start: int, end: int) -> None:
        """Text m4 writes to the current diversion."""

    def undivert(self, number: Optional[int]) -> None:
        """Hook: undivert diversion ``number`` (every diversion when None)
        into the current one."""

    def note_unknown(self, kind: str, reason: str, start: int, end: int) -> None:
        """Something that cannot be decided statically."""

    # ------------------------------------------------------------------ macros

    def define_text(self, name: str, body: str, site: Optional[Span] = None) -> None:
        self.macros[name] = Macro(name, body, site=site)

    def define_builtin(
        self, name: str, function: Callable[["Evaluator", Call], str], needs_args: bool = False
    ) -> None:
        self.macros[name] = Macro(name, builtin=function, needs_args=needs_args)

    def lookup(self, name: str) -> Optional[Macro]:
        return self.macros.get(name)

    def is_defined(self, name: str) -> bool:
        return name in self.macros

    def forget(self, name: str) -> None:
        """undefine: the name and every definition pushdef hid."""
        self.macros.pop(name, None)
        self.hidden.pop(name, None)

    # ------------------------------------------------------------------ input

    def push(self, text: str, site: Span, via: tuple[str, ...]) -> None:
        if not text:
            return
        self.expansions += 1
        if self.expansions > MAX_EXPANSIONS or len(self.frames) > MAX_FRAME_DEPTH or len(text) > MAX_TEXT:
            raise BudgetExceeded
        self.frames.append(Frame(text, 0, None, site, via))

    def _top(self) -> Optional[Frame]:
        frames = self.frames
        while frames:
            frame = frames[-1]
            if frame.pos < len(frame.text):
                return frame
            frames.pop()
        return None

    def _position(self, frame: Frame, start: int, end: int) -> Span:
        if frame.base is not None:
            return frame.base + start, frame.base + end
        return frame.site

    # next_token, _copy_plain_text, expand and _collect run once per token or
    # per call: they find the frame, count the token and place it inline, as
    # the helpers above cost more in calls than in work (a third of resolve).

    def next_token(self) -> Optional[Token]:
        frame = self._top()
        if frame is None:
            return None
        text, pos = frame.text, frame.pos
        char = text[pos]
        lquote = self.lquote
        if char == lquote[0] and text.startswith(lquote, pos):
            return self._quoted(frame)
        comment = self.comment
        if comment and char == comment[0] and text.startswith(comment, pos):
            close = text.find(self.comment_end, pos + len(comment))
            kind = "comment"
            end = len(text) if close == -1 else close + len(self.comment_end)
        elif char in _PUNCTUATION:
            kind = _PUNCTUATION[char]
            end = pos + 1
        else:
            match = self._scanner().match(text, pos)
            if match is None:  # a lone character the pattern does not cover
                kind, end = "text", pos + 1
            else:
                kind, end = match.lastgroup or "text", match.end()
        self.tokens_read += 1
        if self.tokens_read > self.max_tokens:
            raise BudgetExceeded(_TOO_MANY_TOKENS)
        frame.pos = end
        base = frame.base
        if base is None:
            return kind, text[pos:end], frame.site[0], frame.site[1], frame.via
        return kind, text[pos:end], base + pos, base + end, frame.via

    def _scanner(self) -> "re.Pattern[str]":
        key = (self.lquote, self.comment)
        cached = self._scanners.get(key)
        if cached is None:
            stops = "(),`#" + re.escape(self.lquote[0]) + (re.escape(self.comment[0]) if self.comment else "")
            cached = re.compile(rf"(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<text>[^A-Za-z_{stops}]+)")
            self._scanners[key] = cached
        return cached

    def _count_token(self) -> None:
        self.tokens_read += 1
        if self.tokens_read > self.max_tokens:
            raise BudgetExceeded(_TOO_MANY_TOKENS)

    def _quoted(self, frame: Frame) -> Optional[Token]:
        """A quoted string; the token's text is its content (one level stripped)."""
        text, start = frame.text, frame.pos
        lquote, rquote = self.lquote, self.rquote
        # Inside the opening quote already: where the two quotes are the same
        # string (changequote(`"', `"')), the next one closes, as in GNU m4,
        # which tests for the closing quote first.
        depth = 1
        pos = start + len(lquote)
        # Each search result is kept until the scan passes it: searching again
        # from every quote would rescan the text up to a far closing quote
        # once per opening quote (quadratic on "````...'"). str.find stays,
        # as it is far faster than a regex over long quoted text.
        next_l = text.find(lquote, pos)
        next_r = text.find(rquote, pos)
        while next_r != -1:
            if next_l != -1 and next_l < next_r:
                depth += 1
                pos = next_l + len(lquote)
                next_l = text.find(lquote, pos)
                if next_r < pos:
                    next_r = text.find(rquote, pos)
                continue
            depth -= 1
            pos = next_r + len(rquote)
            if depth == 0:
                self._count_token()
                frame.pos = pos
                span = self._position(frame, start, pos)
                return "quoted", text[start + len(lquote) : pos - len(rquote)], span[0], span[1], frame.via
            next_r = text.find(rquote, pos)
            if next_l != -1 and next_l < pos:
                next_l = text.find(lquote, pos)
        # Unterminated: m4 stops with "end of file in string".
        span = self._position(frame, start, start + 1)
        self.note_unknown("m4-error", "unterminated quote: m4 stops here with 'end of file in string'", *span)
        self.stopped = True
        self.frames.clear()
        return None

    def skip_line(self) -> None:
        """dnl: discard input through the next newline."""
        while True:
            frame = self._top()
            if frame is None:
                return
            newline = frame.text.find("\n", frame.pos)
            if newline != -1:
                frame.pos = newline + 1
                return
            frame.pos = len(frame.text)

    def peek_char(self) -> Optional[str]:
        frame = self._top()
        return None if frame is None else frame.text[frame.pos]

    # ------------------------------------------------------------------ main loop

    def first_mark(self) -> tuple[Optional[Frame], Optional[int]]:
        """Hook: the frame whose reading a subclass records states of, and the
        offset in it of the first (None: none are recorded)."""
        return None, None

    def mark(self, offset: int) -> Optional[int]:
        """Hook: record the state at ``offset`` of the first_mark frame, where
        nothing is pending; return the offset of the next (None: no more)."""
        return None

    def run(self) -> None:
        copy_plain_text, next_token, macros = self._copy_plain_text, self.next_token, self.macros
        source, next_mark = self.first_mark()
        try:
            while not self.stopped:
                if next_mark is not None:
                    # Between two tokens of the file itself, with no expansion
                    # pending, the state depends only on the text read so far.
                    frames = self.frames
                    if frames and frames[-1] is source and source.pos >= next_mark:  # type: ignore[union-attr]
                        next_mark = self.mark(source.pos)  # type: ignore[union-attr]
                token = copy_plain_text() or next_token()
                if token is None:
                    break
                if token[0] == "name":
                    macro = macros.get(token[1])
                    if macro is not None:
                        self.expand(macro, token)
                        continue
                self.emit_token(token)
        except BudgetExceeded as budget:
            self.note_unknown("other", budget.reason, 0, 0)
            self.stopped = True

    def _copy_plain_text(self) -> Optional[Token]:
        """Copy the run of text before the next thing m4 would act on in one piece.

        Outside a call's arguments, only a quote, a comment or the name of a
        defined macro changes anything; words and punctuation in between are
        copied as they are. Doing that per run rather than per token is most of
        the evaluator's speed on real files. A defined name the run stops at is
        returned as the next token, as next_token would read it.
        """
        macros = self.macros
        lquote, comment = self.lquote, self.comment
        dnl = macros.get("dnl")
        stops = _stops_pattern(
            lquote[0], comment[0] if comment else "", dnl is not None and dnl.builtin is Evaluator._dnl
        )
        skipper = _undefined_names_skipper(lquote[0], comment[0] if comment else "")
        while True:
            frame = self._top()
            if frame is None:
                return None
            text, start = frame.text, frame.pos
            stop = len(text)
            name = None
            scan, undefined, exhausted = start, 0, False
            while True:
                jumped = False
                for found in stops.finditer(text, scan):
                    group = found.lastgroup
                    if group == "name":
                        if found.group() in macros:
                            stop = found.start()
                            name = found.group()
                            break
                        undefined += 1
                        if undefined == _UNDEFINED_BEFORE_SKIPPING and skipper is not None:
                            # A long run of words no macro has (rewrite rules, raw
                            # cf lines): look ahead in C for the next that matters.
                            ahead = skipper(text, found.end(), macros)
                            if ahead > found.end():
                                scan, undefined, jumped = ahead, 0, True
                                break
                    elif group == "dnl":
                        # The builtin dnl, its line ending in this frame: skipped
                        # here, as expand() and skip_line() would.
                        if found.start() > start:
                            self._copy_run(frame, start, found.start())
                        self.tokens_read += 1
                        if self.tokens_read > self.max_tokens:
                            raise BudgetExceeded(_TOO_MANY_TOKENS)
                        start = frame.pos = found.end()
                    else:
                        stop = found.start()
                        break
                else:
                    exhausted = True
                if not jumped:
                    break
            if exhausted and start == stop:  # a dnl ended the frame: go on in the one below
                continue
            self._copy_run(frame, start, stop)
            if name is None:
                return None
            # A quote or comment that starts with a letter is read by next_token.
            first = name[0]
            if first == lquote[0] or (comment and first == comment[0]):
                return None
            self.tokens_read += 1
            if self.tokens_read > self.max_tokens:
                raise BudgetExceeded(_TOO_MANY_TOKENS)
            end = stop + len(name)
            frame.pos = end
            base = frame.base
            if base is None:
                return "name", name, frame.site[0], frame.site[1], frame.via
            return "name", name, base + stop, base + end, frame.via

    def _copy_run(self, frame: Frame, start: int, stop: int) -> None:
        """Emit frame.text[start:stop] as it is, and move past it."""
        if stop <= start:
            return
        frame.pos = stop
        self.output_size += stop - start
        if self.output_size > MAX_TEXT:
            raise BudgetExceeded
        base = frame.base
        if base is None:
            self.emit(frame.text[start:stop], frame.site[0], frame.site[1])
        else:
            self.emit(frame.text[start:stop], base + start, base + stop)

    def emit_token(self, token: Token) -> None:
        _, text, start, end, _ = token
        self.output_size += len(text)
        if self.output_size > MAX_TEXT:
            raise BudgetExceeded
        self.emit(text, start, end)

    def expand(self, macro: Macro, name_token: Token) -> None:
        frame = self._top()
        had_parens = frame is not None and frame.text[frame.pos] == "("
        if macro.needs_args and not had_parens:
            self.emit_or_collect(name_token)
            return
        _, _, start, end, via = name_token
        call = Call(macro.name, [], start, end, via, had_parens)
        if had_parens:
            if self.lquote[0] == "(" or (self.comment and self.comment[0] == "("):
                self.next_token()  # the "(", unless it starts a quote or comment
            else:
                self._count_token()
                frame.pos += 1  # type: ignore[union-attr]
            if not self._collect(call):
                return
        if macro.builtin is not None:
            result = macro.builtin(self, call)
        else:
            result = substitute(macro.body, call)
            if len(via) < MAX_VIA:
                via = via + (macro.name,)
        if result:
            self.push(result, (call.start, call.end), via)

    def emit_or_collect(self, token: Token) -> None:
        if self._collecting:
            self._collecting[-1].append(token[1])
        else:
            self.emit_token(token)

    def _collect(self, call: Call) -> bool:
        """Collect arguments up to the matching ")"; False at end of input."""
        collecting = self._collecting
        if len(collecting) >= MAX_CALL_NESTING:
            raise BudgetExceeded(f"macro calls nested more than {MAX_CALL_NESTING} deep; stopped")
        if self._collect_quoted(call):
            return True
        current: list[str] = []
        collecting.append(current)
        next_token, macros = self.next_token, self.macros
        args, arg_spans = call.args, call.arg_spans
        depth = 0
        at_start = True
        arg_start = call.end
        arg_end = call.end
        try:
            while True:
                token = next_token()
                if token is None:
                    if not self.stopped:
                        self.note_unknown(
                            "m4-error", f"call to {call.name} is never closed: m4 stops with "
                            "'end of file in argument list'", call.start, call.end,
                        )
                        self.stopped = True
                    return False
                kind, piece, token_start, token_end, _ = token
                if at_start:
                    if kind == "text":
                        piece = piece.lstrip(_SPACE)
                        if not piece:
                            continue
                    at_start = False
                    arg_start = token_start
                if kind == "open":
                    depth += 1
                elif kind == "close":
                    if depth == 0:
                        args.append("".join(current))
                        arg_spans.append((arg_start, max(arg_end, arg_start)))
                        call.end = max(call.end, token_end)
                        return True
                    depth -= 1
                elif kind == "comma" and depth == 0:
                    args.append("".join(current))
                    arg_spans.append((arg_start, max(arg_end, arg_start)))
                    current.clear()
                    at_start = True
                    arg_start = arg_end = token_end
                    continue
                elif kind == "name":
                    macro = macros.get(piece)
                    if macro is not None:
                        self.expand(macro, token)
                        continue
                if token_end > arg_end:
                    arg_end = token_end
                current.append(piece)
        finally:
            collecting.pop()

    def _collect_quoted(self, call: Call) -> bool:
        """Collect the arguments at once when each is one quoted string with no
        quote inside, after blanks, right before its "," or ")" (most calls
        of a .mc: ``define(`confX', `value')``); False, having read nothing,
        for any other shape, which _collect then reads token by token.

        The result is the token-by-token reading's exactly: the same
        arguments, spans, call end and position, and the same tokens counted.
        """
        frame = self._top()
        lquote, rquote, comment = self.lquote, self.rquote, self.comment
        if frame is None or (comment and comment[0] in _NOT_QUOTE):
            return False
        argument = _quoted_argument_pattern(lquote, rquote)
        if argument is None:
            return False
        text, pos = frame.text, frame.pos
        values: list[str] = []
        spans: list[tuple[int, int]] = []
        tokens = 0
        while True:
            found = argument.match(text, pos)
            if found is None:
                return False
            quote_start = found.start(1) - 1
            # A run of blanks, the quoted string, then the "," or ")".
            tokens += 3 if quote_start > pos else 2
            values.append(found.group(1))
            spans.append((quote_start, found.end(1) + 1))
            pos = found.end()
            if found.group(2) == ")":
                break
        if self.tokens_read + tokens > self.max_tokens:
            return False  # read token by token, to stop exactly where that stops
        self.tokens_read += tokens
        frame.pos = pos
        base = frame.base
        if base is None:  # text a macro produced: every token is placed at its call
            call.arg_spans.extend([frame.site] * len(values))
            end = frame.site[1]
        else:
            call.arg_spans.extend([(base + start, base + stop) for start, stop in spans])
            end = base + pos
        call.args.extend(values)
        call.end = max(call.end, end)
        return True

    # ------------------------------------------------------------------ builtins

    def _divnum(self, call: Call) -> str:
        return str(self.diversion)

    def _nothing(self, call: Call) -> str:
        return ""

    def _len(self, call: Call) -> str:
        return str(len(arg(call, 0)))

    def _incr(self, call: Call) -> str:
        return self._arith(call, 1)

    def _decr(self, call: Call) -> str:
        return self._arith(call, -1)

    def _shift(self, call: Call) -> str:
        return ",".join(self.quote(a) for a in call.args[1:])

    def _sysval(self, call: Call) -> str:
        return "0"

    def quote(self, text: str) -> str:
        return f"{self.lquote}{text}{self.rquote}"

    def _define(self, call: Call) -> str:
        name = arg(call, 0)
        self.on_define(name, arg(call, 1), call)
        self.define_text(name, arg(call, 1), (call.start, call.end))
        return ""

    def _pushdef(self, call: Call) -> str:
        name = arg(call, 0)
        self.on_define(name, arg(call, 1), call)
        current = self.macros.get(name)
        if current is not None:
            self.hidden.setdefault(name, []).append(current)
        self.macros[name] = Macro(name, arg(call, 1), site=(call.start, call.end))
        return ""

    def _popdef(self, call: Call) -> str:
        for name in call.args:
            hidden = self.hidden.get(name)
            if hidden:
                self.macros[name] = hidden.pop()
            else:
                self.macros.pop(name, None)
        return ""

    def _undefine(self, call: Call) -> str:
        for name in call.args:
            self.on_undefine(name, call)
            self.forget(name)
        return ""

    def on_define(self, name: str, value: str, call: Call) -> None:
        """Hook: a define/pushdef of ``name``."""

    def on_undefine(self, name: str, call: Call) -> None:
        """Hook: an undefine of ``name``."""

    def _defn(self, call: Call) -> str:
        parts = []
        for name in call.args:
            macro = self.lookup(name)
            if macro is None:
                continue
            if macro.builtin is not None:
                self.note_unknown("other", f"defn of builtin {name} is not modelled", call.start, call.end)
                continue
            parts.append(self.quote(macro.body))
        return "".join(parts)

    def _ifdef(self, call: Call) -> str:
        name = arg(call, 0)
        self.check_ifdef(name, call)
        return arg(call, 1) if self.is_defined(name) else arg(call, 2)

    def check_ifdef(self, name: str, call: Call) -> None:
        """Hook: note an ifdef whose answer depends on files we do not read."""

    def _ifelse(self, call: Call) -> str:
        # GNU m4: compare pairs; with 4 or 5 arguments left the 4th is the
        # default (a 5th is ignored with a warning); with 3 left, nothing.
        args = call.args
        if len(args) < 3:
            return ""
        while True:
            if args[0] == args[1]:
                return args[2]
            if len(args) == 3:
                return ""
            if len(args) in (4, 5):
                return args[3]
            args = args[3:]

    def _dnl(self, call: Call) -> str:
        self.skip_line()
        return ""

    def _divert(self, call: Call) -> str:
        value = arg(call, 0).strip()
        try:
            self.diversion = int(value) if value else 0
        except ValueError:
            self.diversion = 0
        return ""

    def _changecom(self, call: Call) -> str:
        if not call.args or call.args == [""]:
            self.comment = None
        else:
            self.comment = call.args[0] or None
            self.comment_end = arg(call, 1) or "\n"
            self.longest_delimiter = max(self.longest_delimiter, len(self.comment or ""), len(self.comment_end))
        return ""

    def _changequote(self, call: Call) -> str:
        if not call.args or call.args == [""]:
            self.lquote, self.rquote = "`", "'"
            return ""
        left, right = arg(call, 0), arg(call, 1) or "'"
        self.note_unknown(
            "changequote", f"changequote({left},{right}) changes how everything after it reads",
            call.start, call.end,
        )
        if left:
            self.lquote, self.rquote = left, right
            self.longest_delimiter = max(self.longest_delimiter, len(left), len(right))
        return ""

    def _include(self, call: Call) -> str:
        return self.include(arg(call, 0), call)

    def include(self, path: str, call: Call) -> str:
        """Hook: the text an include yields (pushed back for rescanning)."""
        self.note_unknown("include", f"include({path}) is not read", call.start, call.end)
        return ""

    def _shell(self, call: Call) -> str:
        self.on_shell(call)
        return ""

    def on_shell(self, call: Call) -> None:
        """Hook: syscmd/esyscmd (never executed)."""

    def _m4exit(self, call: Call) -> str:
        # m4 exits at once: text saved by m4wrap is never read.
        self.stopped = True
        self.frames.clear()
        self.wrapped.clear()
        return ""

    def _m4wrap(self, call: Call) -> str:
        # GNU m4 joins several arguments with a space.
        self.wrapped.append((" ".join(call.args), (call.start, call.end), call.via))
        return ""

    def finish(self) -> None:
        """Read what m4wrap saved, as m4 does when the input ends.

        GNU m4 1.4 rereads the saved texts last-saved first (cf.m4's own
        m4wrap, which reads proto.m4, is the first saved and so runs after
        the file's); a text saved while they run is read after them."""
        while self.wrapped and not self.stopped:
            batch, self.wrapped = self.wrapped, []
            try:
                for text, site, via in batch:  # the last pushed is read first
                    self.push(text, site, via)
            except BudgetExceeded as budget:
                self.note_unknown("other", budget.reason, 0, 0)
                self.stopped = True
                return
            self.run()

    def _undivert(self, call: Call) -> str:
        if not call.had_parens:
            self.undivert(None)
            return ""
        for value in call.args:
            if not value:
                continue  # GNU m4 undiverts nothing for an empty argument
            if value.isdigit():
                self.undivert(int(value))
            else:
                # Not a number: GNU m4 copies the file of that name, unread by m4.
                self.note_unknown(
                    "include", f"undivert(`{value}') copies the file `{value}' into the output; "
                    "mcparse does not read it", call.start, call.end,
                )
        return ""

    def _builtin(self, call: Call) -> str:
        """builtin(`name', args...): m4's own builtin, even where the name was redefined."""
        name = arg(call, 0)
        if name not in BUILTINS:
            # m4 reports an undefined builtin, or it is one of GNU m4's that
            # expand to nothing (__gnu__, __unix__): nothing either way.
            return ""
        if BUILTINS[name][1] and len(call.args) < 2:
            return ""  # m4 warns that the builtin has too few arguments
        macro = _builtin_table(type(self))[name]
        assert macro.builtin is not None
        return macro.builtin(self, _shifted(call, name))

    def _indir(self, call: Call) -> str:
        """indir(`name', args...): the macro of that name called with args."""
        name = arg(call, 0)
        macro = self.macros.get(name)
        if macro is None:
            return ""  # m4 reports an undefined macro and expands to nothing
        inner = _shifted(call, name)
        if macro.builtin is not None:
            return macro.builtin(self, inner)
        return substitute(macro.body, inner)

    def _unmodelled(self, call: Call) -> str:
        self.note_unknown(
            "other", f"{call.name} is a GNU m4 builtin mcparse does not model; what it expands to is unknown",
            call.start, call.end,
        )
        return ""

    def _index(self, call: Call) -> str:
        return str(arg(call, 0).find(arg(call, 1)))

    def _substr(self, call: Call) -> str:
        text = arg(call, 0)
        try:
            start = int(arg(call, 1) or "0")
            if len(call.args) > 2 and arg(call, 2).strip():
                return text[start : start + int(arg(call, 2))] if start >= 0 else ""
            return text[start:] if start >= 0 else ""
        except ValueError:
            self.note_unknown("other", "substr with a non-numeric argument", call.start, call.end)
            return ""

    def _translit(self, call: Call) -> str:
        try:
            source, target = expand_ranges(arg(call, 1)), expand_ranges(arg(call, 2))
        except ValueError:
            self.note_unknown("other", "translit with a character range too large to model", call.start, call.end)
            return ""
        table = {}
        for position, char in enumerate(source):
            if char not in table:
                table[char] = target[position] if position < len(target) else None
        return "".join(table.get(char, char) or "" for char in arg(call, 0))

    def _regexp(self, call: Call) -> str:
        subject, written = arg(call, 0), arg(call, 1)
        try:
            pattern, uncertain = translate_regexp(written)
        except re.error as error:
            self.note_unknown("other", f"regexp pattern {written!r}: {error}", call.start, call.end)
            return ""
        if len(subject) > MAX_REGEXP_TEXT or len(pattern) > MAX_REGEXP_TEXT or not _backtracks_safely(pattern):
            self.note_unknown(
                "other", "regexp too large or too repetitive to evaluate safely; its result is unknown",
                call.start, call.end,
            )
            return ""
        if uncertain is None and not (subject + written).isascii():
            uncertain = "runs on non-ASCII text, which m4 matches byte by byte"
        if uncertain is not None:
            self.note_unknown("other", f"regexp pattern {written!r} {uncertain}; its result is unknown",
                              call.start, call.end)
            return ""
        try:
            found = re.search(pattern, subject, re.MULTILINE)
        except re.error:
            self.note_unknown("other", f"regexp pattern {written!r} is not understood", call.start, call.end)
            return ""
        if len(call.args) < 3:
            return str(found.start()) if found else "-1"
        if not found:
            return ""
        return regexp_replacement(arg(call, 2), found)

    def _arith(self, call: Call, delta: int) -> str:
        try:
            return str(int(arg(call, 0).strip()) + delta)
        except ValueError:
            self.note_unknown("other", "incr/decr of a non-number", call.start, call.end)
            return ""

    def _eval(self, call: Call) -> str:
        try:
            return str(evaluate_expression(arg(call, 0)))
        except (ValueError, ZeroDivisionError, IndexError, OverflowError):
            self.note_unknown("other", f"eval({arg(call, 0)}) cannot be decided", call.start, call.end)
            return ""


# Each builtin: the Evaluator method that implements it, and whether it is
# only recognised with arguments.
BUILTINS: dict[str, tuple[str, bool]] = {
    "define": ("_define", True),
    "pushdef": ("_pushdef", True),
    "popdef": ("_popdef", True),
    "undefine": ("_undefine", True),
    "defn": ("_defn", True),
    "ifdef": ("_ifdef", True),
    "ifelse": ("_ifelse", True),
    "dnl": ("_dnl", False),
    "divert": ("_divert", False),
    "divnum": ("_divnum", False),
    "undivert": ("_undivert", False),
    "changecom": ("_changecom", False),
    "changequote": ("_changequote", False),
    "include": ("_include", True),
    "sinclude": ("_include", True),
    "eval": ("_eval", True),
    "index": ("_index", True),
    "len": ("_len", True),
    "substr": ("_substr", True),
    "regexp": ("_regexp", True),
    "translit": ("_translit", True),
    "incr": ("_incr", True),
    "decr": ("_decr", True),
    "shift": ("_shift", True),
    "errprint": ("_nothing", True),
    "m4exit": ("_m4exit", False),
    "m4wrap": ("_m4wrap", True),
    "builtin": ("_builtin", True),
    "indir": ("_indir", True),
    # GNU m4 builtins the evaluator does not follow: a call is noted as unknown.
    "patsubst": ("_unmodelled", True),
    "format": ("_unmodelled", True),
    "__line__": ("_unmodelled", False),
    "__file__": ("_unmodelled", False),
    "__program__": ("_unmodelled", False),
    "maketemp": ("_unmodelled", True),
    "mkstemp": ("_unmodelled", True),
    "syscmd": ("_shell", True),
    "esyscmd": ("_shell", True),
    "sysval": ("_sysval", False),
    "traceon": ("_nothing", False),
    "traceoff": ("_nothing", False),
    # They write to stderr or change tracing only: nothing reaches the output.
    "dumpdef": ("_nothing", False),
    "debugmode": ("_nothing", False),
    "debugfile": ("_nothing", False),
}


@cache
def _builtin_table(cls: type[Evaluator]) -> dict[str, Macro]:
    """The builtin macros of an evaluator class, built once per class (its
    own overrides of the methods included). Macros are never changed in
    place, so evaluators share them."""
    return {
        name: Macro(name, builtin=getattr(cls, method), needs_args=needs_args)
        for name, (method, needs_args) in BUILTINS.items()
    }


# Characters a quote or comment must not start with for _collect_quoted:
# they end an argument or separate arguments.
_NOT_QUOTE = frozenset("(),") | frozenset(_SPACE)


@cache
def _quoted_argument_pattern(lquote: str, rquote: str) -> "Optional[re.Pattern[str]]":
    """One argument for Evaluator._collect_quoted: blanks, a quoted string
    holding neither quote (group 1), and the "," or ")" right after it (group
    2). None for quotes longer than a character or that could end an argument."""
    if len(lquote) != 1 or len(rquote) != 1 or lquote in _NOT_QUOTE or rquote in _NOT_QUOTE:
        return None
    left, right = re.escape(lquote), re.escape(rquote)
    return re.compile(rf"[{re.escape(_SPACE)}]*{left}([^{left}{right}]*){right}([,)])")


@cache
def _stops_pattern(lquote: str, comment: str, dnl: bool) -> "re.Pattern[str]":
    """What ends a run of plain text: a name, or the first character of a
    quote or comment. With ``dnl`` (the builtin), a dnl whose line ends in the
    text is matched with its line, unless a quote or comment starts with "d"."""
    specials = re.escape(lquote) + re.escape(comment)
    skip = r"(?P<dnl>dnl(?![A-Za-z0-9_(])[^\n]*\n)|" if dnl and "d" not in (lquote, comment) else ""
    return re.compile(rf"{skip}(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<special>[{specials}])")


# Undefined names read one by one before the rest of a run is searched in bulk.
_UNDEFINED_BEFORE_SKIPPING = 16
_NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


@cache
def _undefined_names_skipper(lquote: str, comment: str) -> "Optional[Callable[[str, int, dict[str, Macro]], int]]":
    """For a run of plain text, a function giving the offset from ``position``
    on where reading one name at a time must resume: the start of the first
    stretch holding a defined name (dnl included), else the next quote or
    comment character. The names of each stretch are collected and looked up
    in C. None when a quote or comment starts with a name character (names
    and those characters would then overlap)."""
    if lquote in _NAME_CHARACTERS or comment in _NAME_CHARACTERS:
        return None
    special = re.compile("[" + re.escape(lquote + comment) + "]")
    name_rest = re.compile(r"[A-Za-z0-9_]*")

    def skip(text: str, position: int, macros: "dict[str, Macro]") -> int:
        found = special.search(text, position)
        limit = found.start() if found else len(text)
        width = 256
        while position < limit:
            # Not past the next quote or comment; a name cut by the width is finished.
            end = name_rest.match(text, min(limit, position + width)).end()  # type: ignore[union-attr]
            if not macros.keys().isdisjoint(_NAME.findall(text, position, end)):
                return position
            position = end
            width *= 2
        return position

    return skip


def _shifted(call: Call, name: str) -> Call:
    """The call ``builtin``/``indir`` make: ``name`` with the remaining arguments."""
    return Call(name, call.args[1:], call.start, call.end, call.via, True, call.arg_spans[1:])


def arg(call: Call, index: int) -> str:
    return call.args[index] if index < len(call.args) else ""


def substitute(body: str, call: Call) -> str:
    """Replace $0..$9, $#, $*, $@ in a user macro's body."""
    if "$" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        token = match.group(1)
        if token == "#":
            return str(len(call.args))
        if token == "*":
            return ",".join(call.args)
        if token == "@":
            return ",".join(f"`{value}'" for value in call.args)
        number = int(token)
        if number == 0:
            return call.name
        return call.args[number - 1] if number - 1 < len(call.args) else ""

    return _DOLLAR.sub(replace, body)


def expand_ranges(text: str) -> str:
    """translit's ``a-z`` ranges spelled out; ValueError past MAX_RANGE characters."""
    out: list[str] = []
    index = 0
    while index < len(text):
        if index + 2 < len(text) and text[index + 1] == "-":
            low, high = ord(text[index]), ord(text[index + 2])
            step = 1 if high >= low else -1
            if len(out) + abs(high - low) + 1 > MAX_RANGE:
                raise ValueError("range too large")
            out.extend(chr(code) for code in range(low, high + step, step))
            index += 3
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


_GNU_ONLY = "<>`'"
# Escapes GNU regex gives a meaning of its own (word classes and boundaries,
# back-references, Emacs syntax classes); any other escaped character is itself.
_GNU_ESCAPES = frozenset("wWbBsScC=_0123456789")


def gnu_regex_to_python(pattern: str) -> str:
    """The Python pattern for an m4 ``regexp`` pattern (see translate_regexp)."""
    return translate_regexp(pattern)[0]


def translate_regexp(pattern: str) -> tuple[str, Optional[str]]:
    """An m4 ``regexp`` pattern as a Python pattern, and why Python's answer
    may differ from m4's (None when it cannot).

    GNU m4 reads patterns in GNU Emacs syntax: ``\\( \\) \\|`` are operators,
    ``* + ?`` repeat (and are plain characters where nothing precedes them),
    bare ``( ) { } |`` are literals and ``\\{`` is a literal brace; ``^`` and
    ``$`` anchor only at the ends of the pattern or of a group. Its matcher
    takes the longest match where Python's takes the first alternative or
    the greediest repetition: with ``\\|`` or more than one repetition the
    two can disagree. Raises re.error for what is not modelled at all."""
    out: list[str] = []
    repetitions = 0
    alternation = False
    at_start = True  # where * + ? are plain characters and ^ anchors
    repeated = False  # the previous item was a repetition operator
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if index + 1 >= len(pattern):
                raise re.error("the pattern ends in a backslash")
            following = pattern[index + 1]
            index += 2
            repeated = False
            if following == "(":
                out.append("(")
                at_start = True
            elif following == ")":
                out.append(")")
                at_start = False
            elif following == "|":
                out.append("|")
                alternation = True
                at_start = True
            elif following in _GNU_ONLY or following in _GNU_ESCAPES:
                # Word and buffer boundaries, word classes, back-references:
                # Python reads several of them differently, so a result would be a guess.
                raise re.error(f"the GNU operator \\{following} is not modelled; its result is unknown")
            else:
                out.append(re.escape(following))
                at_start = False
            continue
        index += 1
        if char in "*+?":
            if at_start:
                out.append(re.escape(char))
                at_start = False
                continue
            if repeated:
                raise re.error("stacked repetition operators are not modelled")
            out.append(char)
            repetitions += 1
            repeated = True
            continue
        repeated = False
        if char == "^" and at_start:
            out.append("^")
            continue
        at_start = False
        if char == "$":
            rest = pattern[index:]
            out.append("$" if not rest or rest.startswith(("\\)", "\\|")) else "\\$")
        elif char == "[":
            close = _bracket_end(pattern, index)
            out.append(_bracket(pattern[index:close]))
            index = close + 1
        elif char == ".":
            out.append(".")
        else:
            out.append(re.escape(char))
    uncertain = None
    if alternation:
        uncertain = "uses \\|, where m4 takes the longest alternative and Python the first"
    elif repetitions > 1:
        uncertain = "repeats more than once, where m4 takes the longest match and Python the greediest"
    return "".join(out), uncertain


def _bracket_end(pattern: str, start: int) -> int:
    """The index of the ``]`` closing the bracket expression whose content starts at ``start``."""
    position = start
    if pattern[position : position + 1] == "^":
        position += 1
    if pattern[position : position + 1] == "]":
        position += 1  # a "]" first in the list is a member
    close = pattern.find("]", position)
    if close == -1:
        raise re.error("unterminated character set")
    return close


def _bracket(content: str) -> str:
    """A bracket expression's content (backslashes are members, not escapes) as a Python set."""
    if any(marker in content for marker in ("[:", "[.", "[=")) or "--" in content:
        raise re.error(f"the character set [{content}] is not modelled; its result is unknown")
    negated = content.startswith("^")
    members = content[1:] if negated else content
    escaped = "".join("\\" + char if char in "\\[]&~|^" else char for char in members)
    return "[" + ("^" if negated else "") + escaped + "]"


def regexp_replacement(replacement: str, found: "re.Match[str]") -> str:
    """regexp's third argument with ``\\&``/``\\0`` (the match) and ``\\1``..``\\9``
    (its groups; empty when absent) filled in; a backslash before any other
    character stands for that character, a trailing one is dropped."""
    out: list[str] = []
    index = 0
    while index < len(replacement):
        char = replacement[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        if index + 1 >= len(replacement):
            break
        following = replacement[index + 1]
        index += 2
        if following in "&0":
            out.append(found.group(0))
        elif following.isdigit():
            group = int(following)
            out.append((found.group(group) or "") if group <= (found.re.groups or 0) else "")
        else:
            out.append(following)
    return "".join(out)


_QUANTIFIER = re.compile(r"(?<!\\)(?:[*+?]|\{\d*,?\d*\})")


def _backtracks_safely(pattern: str) -> bool:
    """False for patterns that can make a backtracking engine take exponential
    (or high polynomial) time: a repeated group holding a repetition or an
    alternative, or more than a few repetitions in all."""
    if len(_QUANTIFIER.findall(pattern)) > MAX_REGEXP_QUANTIFIERS:
        return False
    # Each open group records whether it holds a repetition or "|".
    stack: list[bool] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            if len(stack) >= MAX_REGEXP_GROUPS:
                return False
            stack.append(False)
        elif char == ")" and stack:
            risky = stack.pop()
            following = pattern[index + 1 : index + 2]
            if risky and following and following in "*+?{":
                return False
            if stack:
                stack[-1] = stack[-1] or risky
        elif char in "*+?{|" and stack:
            stack[-1] = True
        index += 1
    return True


_EXPR_TOKEN = re.compile(r"\s*(0x[0-9a-fA-F]+|0b[01]+|\d+|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%()<>!~&|^])")


def evaluate_expression(text: str) -> int:
    """m4's eval: integer arithmetic with C operators; raises ValueError if malformed."""
    tokens: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _EXPR_TOKEN.match(text, pos)
        if not match:
            if text[pos:].strip() == "":
                break
            raise ValueError(text)
        tokens.append(match.group(1))
        pos = match.end()
    if len(tokens) > 500:
        raise ValueError("expression too long")
    parser = _ExpressionParser(tokens)
    value = parser.parse(0)
    if parser.index != len(tokens):
        raise ValueError(text)
    return value


_BINARY = [
    ("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="), ("<", "<=", ">", ">="), ("<<", ">>"), ("+", "-"),
    ("*", "/", "%"), ("**",),
]


# The expression parser recurses per parenthesis and unary operator.
MAX_EXPRESSION_DEPTH = 24
# m4 computes in fixed-width integers; Python's are unbounded, so a tower of
# powers could need gigabytes. Beyond this many bits the value is undecided.
MAX_EXPRESSION_BITS = 4_096


class _ExpressionParser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def peek(self) -> Optional[str]:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def parse(self, level: int) -> int:
        if level == len(_BINARY):
            return self.unary()
        left = self.parse(level + 1)
        while self.peek() in _BINARY[level]:
            operator = self.tokens[self.index]
            self.index += 1
            right = self.parse(level + 1)
            left = _apply(operator, left, right)
        return left

    def unary(self) -> int:
        self.depth += 1
        try:
            if self.depth > MAX_EXPRESSION_DEPTH:
                raise ValueError("expression nested too deeply")
            return self._operand()
        finally:
            self.depth -= 1

    def _operand(self) -> int:
        token = self.peek()
        if token is None:
            raise ValueError("missing operand")
        self.index += 1
        if token == "-":
            return -self.unary()
        if token == "+":
            return self.unary()
        if token == "!":
            return int(not self.unary())
        if token == "~":
            return ~self.unary()
        if token == "(":
            value = self.parse(0)
            if self.peek() != ")":
                raise ValueError("unbalanced parenthesis")
            self.index += 1
            return value
        return int(token, 0) if token.startswith(("0x", "0b")) else int(token)


def _apply(operator: str, left: int, right: int) -> int:
    if operator == "/":
        return int(left / right)
    if operator == "%":
        return left - int(left / right) * right
    if operator == "**":
        if right > 64 or (abs(left) > 1 and left.bit_length() * max(right, 0) > MAX_EXPRESSION_BITS):
            raise OverflowError
        return left**right
    operations: dict[str, Callable[[int, int], int]] = {
        "||": lambda a, b: int(bool(a) or bool(b)), "&&": lambda a, b: int(bool(a) and bool(b)),
        "|": lambda a, b: a | b, "^": lambda a, b: a ^ b, "&": lambda a, b: a & b,
        "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b), "<": lambda a, b: int(a < b),
        "<=": lambda a, b: int(a <= b), ">": lambda a, b: int(a > b), ">=": lambda a, b: int(a >= b),
        "<<": lambda a, b: a << min(b, 64), ">>": lambda a, b: a >> min(b, 64), "+": lambda a, b: a + b,
        "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    }
    result = operations[operator](left, right)
    if result.bit_length() > MAX_EXPRESSION_BITS:
        raise OverflowError
    return result
