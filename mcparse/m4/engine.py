"""A GNU m4 1.4 interpreter in pure Python, with provenance.

The reader is m4's: a stack of input frames (files, pushed-back expansion
text, builtin tokens), read one token at a time, where a token may run from
one frame into the next (an expansion ``fo`` followed by ``o`` in the file is
the word ``foo``). Macro calls collect their arguments by expanding what they
read, their result is pushed back and read again. Plain text is copied in
runs rather than a character at a time; whenever a token reaches the end of a
frame the reader falls back to m4's character-by-character path.

Provenance: every frame knows which offset of the main (.mc) file each piece
of its text stands for (an *origin map*), so every write to a diversion can
say which .mc offset caused it, and which file and position it was read at.

Nothing is ever executed: ``syscmd``/``esyscmd`` are recorded for the caller
(see :class:`Host`), files are read only through the host, and runaway
expansion is stopped by a budget instead of running forever.
"""

from __future__ import annotations

import gc
import sys
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Callable, Optional, Union

import re

from .memo import UNRECORDABLE, Memo, Record, Recording, key_of, replay
from .output import Output

FILE, STRING, MACRO = 1, 0, 2
WORD_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789")
_WORD_REST = re.compile(r"[A-Za-z0-9_]*")
_SPACE = frozenset(" \t\n\r\f\v")
_SPACES = re.compile(r"[ \t\n\r\f\v]*")
# m4's default: expand_macro nests at most 1024 deep (-L).
NESTING_LIMIT = 1024

# Token kinds.
EOF, WORD, QUOTED, COMMENT, SIMPLE, OPEN, CLOSE, COMMA, MACDEF = range(9)

# An origin map: parallel lists of start offsets and origins (a main-file
# offset or None), or None when the whole text has no origin.
OriginMap = Optional[tuple[list[int], list[Optional[int]]]]


class Fatal(Exception):
    """m4 stops at once (end of file in a string, recursion limit, budget)."""


class Exit(Exception):
    """m4exit: stop, flush diversions, exit with ``status``."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Builtin:
    """A builtin macro: its handler and how m4 calls it."""

    __slots__ = ("name", "func", "blind", "groks_macros")

    def __init__(self, name: str, func: Callable[..., "Result"], blind: bool, groks_macros: bool) -> None:
        self.name = name
        self.func = func
        self.blind = blind
        self.groks_macros = groks_macros


class Macro:
    """One definition; ``previous`` is what pushdef hid."""

    __slots__ = ("name", "text", "omap", "builtin", "previous", "sig")

    def __init__(
        self,
        name: str,
        text: str = "",
        omap: OriginMap = None,
        builtin: Optional[Builtin] = None,
        previous: Optional["Macro"] = None,
    ) -> None:
        self.name = name
        self.text = text
        self.omap = omap
        self.builtin = builtin
        self.previous = previous
        self.sig: object = None  # memo.signature, computed once


class Value:
    """One collected argument: text with its origin map, or a builtin token."""

    __slots__ = ("text", "omap", "func")

    def __init__(self, text: str, omap: OriginMap = None, func: Optional[Builtin] = None) -> None:
        self.text = text
        self.omap = omap
        self.func = func


# What a builtin returns: nothing, text (origin: the call), text with a map,
# or a builtin token to push back.
Result = Union[None, str, Value, Builtin]


class Frame:
    __slots__ = (
        "kind", "text", "pos", "fileidx", "offs", "origins", "mc", "main", "builtin", "name", "loc_frame", "loc_pos",
    )

    def __init__(self, kind: int, text: str = "") -> None:
        self.kind = kind
        self.text = text
        self.pos = 0
        self.fileidx = -1
        self.offs: Optional[list[int]] = None
        self.origins: Optional[list[Optional[int]]] = None
        self.mc: Optional[int] = None
        self.main = False
        self.builtin: Optional[Builtin] = None
        self.name = ""
        # For pushed text: the file position of the macro call that made it,
        # which m4 reports as the location of anything read from it.
        self.loc_frame: Optional[Frame] = None
        self.loc_pos = 0


class Builder:
    """Concatenates text while keeping its origin map."""

    __slots__ = ("parts", "length", "offs", "origins", "last", "any")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.offs: list[int] = []
        self.origins: list[Optional[int]] = []
        self.last: object = ()
        self.any = False

    def add(self, text: str, origin: Optional[int]) -> None:
        if not text:
            return
        if origin != self.last:
            self.offs.append(self.length)
            self.origins.append(origin)
            self.last = origin
            if origin is not None:
                self.any = True
        self.parts.append(text)
        self.length += len(text)

    def add_mapped(self, text: str, omap: OriginMap, default: Optional[int] = None) -> None:
        """Add ``text`` whose origins are ``omap``; unknown parts get ``default``."""
        if not text:
            return
        if omap is None:
            self.add(text, default)
            return
        offs, origins = omap
        base = self.length
        size = len(text)
        if offs[-1] >= size:
            # The map runs past the text (it was made for more): cut it there.
            cut = bisect_left(offs, size)
            offs, origins = offs[:cut], origins[:cut]
        if default is not None and None in origins:
            origins = [default if origin is None else origin for origin in origins]
            # The filled-in parts may now repeat their neighbours' origin.
            keep = [0] + [k for k in range(1, len(origins)) if origins[k] != origins[k - 1]]
            if len(keep) < len(origins):
                offs, origins = [offs[k] for k in keep], [origins[k] for k in keep]
        # Maps are kept without repeats, so only the first entry can continue
        # what is already here. Whole lists at once: a macro that grows by
        # appending (DAEMON_OPTIONS, class lists) carries thousands of entries.
        start = 1 if origins[0] == self.last else 0
        if start < len(origins):
            self.offs.extend([off + base for off in offs[start:]] if base else offs[start:])
            self.origins.extend(origins[start:])
            self.last = origins[-1]
            if not self.any and origins.count(None) < len(origins):
                self.any = True
        self.parts.append(text)
        self.length += size

    def value(self) -> Value:
        text = "".join(self.parts) if len(self.parts) != 1 else self.parts[0]
        return Value(text, (self.offs, self.origins) if self.any else None)


def _value(text: str, omap: OriginMap, default: Optional[int]) -> Value:
    """The Value a Builder would make of ``text`` alone (see Builder.add_mapped)."""
    if omap is None:
        return Value(text, None if default is None or not text else ([0], [default]))
    offs, origins = omap
    if default is not None:
        origins = [default if o is None else o for o in origins]
    elif all(o is None for o in origins):
        return Value(text)
    return Value(text, (offs, origins))


def slice_map(omap: OriginMap, start: int, end: int) -> OriginMap:
    """The part of ``omap`` for text[start:end], rebased to 0."""
    if omap is None:
        return None
    offs, origins = omap
    i = bisect_right(offs, start) - 1
    # Slices and a comprehension, not a loop per segment: a quoted list that
    # grows with each call (cf.m4's daemon list) is sliced whole every time.
    stop = bisect_left(offs, end, i + 1)
    new_offs = [0]
    new_offs += [off - start for off in offs[i + 1 : stop]] if start else offs[i + 1 : stop]
    new_origins = [origins[i] if i >= 0 else None]
    new_origins += origins[i + 1 : stop]
    if new_origins.count(None) == len(new_origins):
        return None
    return new_offs, new_origins


@dataclass
class Message:
    """One thing m4 printed on standard error."""

    text: str
    kind: str  # "errprint", "warning", "error"
    fileidx: int
    filepos: int
    mc: Optional[int]
    # The macro that printed it was called in the main file's own text (not
    # from inside sendmail-cf's macros).
    direct: bool = False


@dataclass
class ShellCommand:
    """A syscmd/esyscmd that m4 would have run (mcparse never does)."""

    command: str
    builtin: str
    mc: Optional[int]
    # Answered by the host without a shell (cf.m4's makeinfo.sh).
    emulated: bool = False


class Host:
    """What the interpreter may touch outside itself; subclass to widen."""

    def read_file(self, name: str) -> Optional[tuple[str, str]]:
        """Return (name m4 reports, text as Latin-1) or None when unreadable."""
        return None

    def shell(self, engine: "Engine", command: str, builtin: str) -> tuple[str, int]:
        """What a shell command outputs and its status; nothing runs by default."""
        return "", 0

    def refused(self, name: str) -> bool:
        """Was ``name`` left unread on purpose (outside what the host may read)?"""
        return False

    def prelude_key(self, name: str) -> Optional[object]:
        """A key under which the state after including ``name`` may be reused (see prelude.py)."""
        return None

    def refresh_header(self, header: str) -> str:
        """The 'built by' header lines of this run, replacing a reused prelude's."""
        return header

    def traced_to_caller(self, name: str) -> bool:
        """Is what an included file writes caused by the include call?

        True for OSTYPE/FEATURE files; a compiler says False for cf.m4, whose
        output would otherwise all point at the one include line.
        """
        return True


@dataclass
class SourceFile:
    name: str
    text: str
    main: bool = False
    _newlines: Optional[list[int]] = field(default=None, repr=False)

    def line_of(self, pos: int) -> int:
        """1-based line holding offset ``pos``."""
        if self._newlines is None:
            text = self.text
            lines = []
            i = text.find("\n")
            while i >= 0:
                lines.append(i)
                i = text.find("\n", i + 1)
            self._newlines = lines
        return bisect_right(self._newlines, pos - 1) + 1


# A bound, not a proof that the expansion never ends: a macro that keeps
# expanding reaches it, and so would a file far larger than any real one.
_TOO_MANY_EXPANSIONS = (
    "expansion does not terminate within {:,} macro calls (a macro keeps expanding; no real "
    "sendmail.mc needs a tenth of that); stopped"
)


# Engine.stopped when Budget.stop asked for it.
STOPPED_BY_CALLER = "stopped: the text changed and this run's result is no longer wanted"


class Budget:
    """Bounds on work m4 would do without end."""

    def __init__(
        self, expansions: int = 100_000, text: int = 200_000_000, seconds: float = 10.0,
        stop: Optional[Callable[[], bool]] = None,
    ) -> None:
        # A real sendmail.mc takes a few thousand expansions (the corpus at
        # most 3,415) and well under a second; these only stop what m4 itself
        # would run forever, in about a second.
        self.expansions = expansions
        self.text = text
        self.seconds = seconds
        # Asked as often as the clock: true once the caller no longer wants
        # the result (the editor's text changed while it compiled).
        self.stop = stop


class Engine:
    """One m4 run."""

    def __init__(self, host: Optional[Host] = None, budget: Optional[Budget] = None) -> None:
        from .builtins import BUILTINS, PREDEFINED

        self.host = host or Host()
        self.budget = budget or Budget()
        self.table: dict[str, Macro] = {}
        for builtin in BUILTINS.values():
            self.table[builtin.name] = Macro(builtin.name, builtin=builtin)
        for name, text in PREDEFINED.items():
            self.table[name] = Macro(name, text)
        self.initial_table = dict(self.table)
        self.dnl = BUILTINS["dnl"]
        # (frame, key): record the prelude when this included file ends.
        self.capture_at: Optional[tuple[Frame, object]] = None
        self.lquote = "`"
        self.rquote = "'"
        self.bcomm = "#"
        self.ecomm = "\n"
        self.stack: list[Frame] = []
        self.files: list[SourceFile] = []
        self.file_frame: Optional[Frame] = None
        self.out = Output()
        self.wrapped: list[tuple[Value, tuple[Optional[Frame], int]]] = []
        self.messages: list[Message] = []
        self.stderr: list[str] = []
        self.shell_commands: list[ShellCommand] = []
        # Files m4 would have tried to read that the host refused: (name, origin).
        self.unread: list[tuple[str, Optional[int]]] = []
        self.exit_status = 0
        # Why the run stopped before the end of its input (m4 gave up), if it did.
        self.stopped: Optional[str] = None
        self.level = 0
        self.expansions = 0
        self.deadline = float("inf")
        self.pushed_text = 0
        self.sysval = 0
        # Where the macro being expanded was called: (file frame, position), origin.
        self.call_file: Optional[Frame] = None
        self.call_pos = 0
        self.call_origin: Optional[int] = None
        self.call_direct = False
        # The frame the last token came from (for the location of a call).
        self.token_frame: Optional[Frame] = None
        # traceon/debugmode: names traced, everything traced, and the flags.
        self.traced: set[str] = set()
        self.trace_all = False
        self.debug_flags = ""
        # Without provenance nothing is traced to the .mc (a plain compile to
        # text); only then may top-level calls be replayed from a memo.
        self.provenance = True
        self.memo: Optional["Memo"] = None
        self.recording: Optional["Recording"] = None
        self.file_ids: dict[Optional[int], int] = {}  # memo.file_index's cache
        self._configure()

    # -- configuration -------------------------------------------------------

    def _configure(self) -> None:
        specials = set("()," + "".join(WORD_START))
        interesting = set(WORD_START)
        if self.bcomm:
            specials.add(self.bcomm[0])
            interesting.add(self.bcomm[0])
        if self.lquote:
            specials.add(self.lquote[0])
            interesting.add(self.lquote[0])
        self._simple = re.compile("[^" + "".join(re.escape(c) for c in sorted(specials)) + "]+")
        # Words, or a character that may start a quote or comment: what the
        # fast paths stop at (outside arguments, and inside them where
        # parentheses and commas matter too).
        starts = "".join(re.escape(c) for c in sorted(interesting - WORD_START))
        self._scan_top = re.compile(r"[A-Za-z_][A-Za-z0-9_]*" + (f"|[{starts}]" if starts else ""))
        self._scan_arg = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[(),"+ starts + "]")
        # First characters of the quote and comment delimiters.
        self._delimiter_starts = frozenset(c[0] for c in (self.lquote, self.bcomm) if c)

    def set_quotes(self, left: str, right: str) -> None:
        self.lquote, self.rquote = left, right
        self._configure()

    def set_comment(self, begin: str, end: str) -> None:
        self.bcomm, self.ecomm = begin, end
        self._configure()

    # -- input stack ---------------------------------------------------------

    def push_file(self, name: str, text: str, *, main: bool = False, origin: Optional[int] = None) -> None:
        frame = Frame(FILE, text)
        frame.fileidx = len(self.files)
        self.files.append(SourceFile(name, text, main))
        frame.main = main and self.provenance
        frame.mc = origin
        frame.name = name
        self.stack.append(frame)
        self.file_frame = frame

    def push_text(
        self, text: str, omap: OriginMap, default: Optional[int], loc: Optional[tuple[Optional[Frame], int]] = None
    ) -> None:
        """Push expansion text; parts of it without an origin get ``default``."""
        if not text:
            return
        self.pushed_text += len(text)
        if self.pushed_text > self.budget.text:
            raise Fatal("expansion reads too much text (a macro multiplies its input); stopped")
        stack = self.stack
        # Read-out text under the new frame can give nothing more: drop it,
        # or a macro that expands to itself would pile up frames to walk.
        while stack and stack[-1].kind == STRING and stack[-1].pos >= len(stack[-1].text):
            stack.pop()
        frame = Frame(STRING, text)
        if loc is None:
            frame.loc_frame, frame.loc_pos = self.call_file, self.call_pos
        else:
            frame.loc_frame, frame.loc_pos = loc
        if omap is None:
            frame.mc = default
        else:
            offs, origins = omap
            if default is not None:
                origins = [default if o is None else o for o in origins]
            if offs[0] != 0:
                offs = [0] + offs
                origins = [default] + origins
            frame.offs, frame.origins = offs, origins
        self.stack.append(frame)

    def push_builtin(self, builtin: Builtin) -> None:
        frame = Frame(MACRO)
        frame.builtin = builtin
        self.stack.append(frame)

    def _pop(self) -> None:
        frame = self.stack.pop()
        if self.capture_at is not None and frame is self.capture_at[0]:
            from .prelude import capture

            capture(self, self.capture_at[1])
            self.capture_at = None
        if frame.kind == FILE:
            self.file_frame = None
            for lower in reversed(self.stack):
                if lower.kind == FILE:
                    self.file_frame = lower
                    break

    @staticmethod
    def origin_at(frame: Frame, pos: int) -> Optional[int]:
        if frame.main:
            return pos
        offs = frame.offs
        if offs is None:
            return frame.mc
        return frame.origins[bisect_right(offs, pos) - 1]  # type: ignore[index]

    def _frame_map(self, frame: Frame, start: int, end: int) -> OriginMap:
        """Origins of frame.text[start:end], rebased to 0."""
        if frame.main:
            offs = [0]
            origins: list[Optional[int]] = [start]
            text = frame.text
            i = text.find("\n", start, end - 1)
            while i >= 0:
                offs.append(i + 1 - start)
                origins.append(i + 1)
                i = text.find("\n", i + 1, end - 1)
            return offs, origins
        if frame.offs is None:
            return None if frame.mc is None else ([0], [frame.mc])
        return slice_map((frame.offs, frame.origins), start, end)  # type: ignore[arg-type]

    def _peek_char(self) -> Optional[str]:
        """The next character without consuming it; "" for a builtin token."""
        for frame in reversed(self.stack):
            if frame.kind == MACRO:
                return ""
            if frame.pos < len(frame.text):
                return frame.text[frame.pos]
        return None

    def _next_char(self) -> Optional[str]:
        stack = self.stack
        while stack:
            frame = stack[-1]
            if frame.kind != MACRO and frame.pos < len(frame.text):
                ch = frame.text[frame.pos]
                frame.pos += 1
                return ch
            self._pop()
            if frame.kind == MACRO:
                return ""
        return None

    def _peek_text(self, count: int) -> str:
        """Up to ``count`` characters ahead, across frames, without consuming
        them (a builtin token ends what can be seen)."""
        pieces: list[str] = []
        have = 0
        for frame in reversed(self.stack):
            if frame.kind == MACRO:
                break
            piece = frame.text[frame.pos : frame.pos + count - have]
            pieces.append(piece)
            have += len(piece)
            if have >= count:
                break
        return "".join(pieces)

    def _match_rest(self, rest: str) -> bool:
        """Consume ``rest`` if the input continues with it (across frames)."""
        if not rest:
            return True
        if self._peek_text(len(rest)) != rest:
            return False
        for _ in rest:
            self._next_char()
        return True

    def _peek_open(self) -> bool:
        stack = self.stack
        if stack:
            frame = stack[-1]
            if frame.pos < len(frame.text):
                return frame.text[frame.pos] == "("
        return self._peek_char() == "("

    # -- tokens --------------------------------------------------------------

    def next_token(self) -> tuple[int, object, Optional[int], OriginMap]:
        """Read one token: (kind, text or builtin, origin, map for strings)."""
        stack = self.stack
        while True:
            if not stack:
                return EOF, "", None, None
            frame = stack[-1]
            if frame.kind == MACRO:
                stack.pop()
                return MACDEF, frame.builtin, None, None
            if frame.pos < len(frame.text):
                break
            self._pop()
        self.token_frame = frame
        text = frame.text
        pos = frame.pos
        ch = text[pos]
        bcomm = self.bcomm
        if bcomm and ch == bcomm[0] and self._starts(frame, bcomm):
            return self._comment(frame, pos)
        if ch in WORD_START:
            end = _WORD_REST.match(text, pos + 1).end()  # type: ignore[union-attr]
            frame.pos = end
            word = text[pos:end]
            origin = self.origin_at(frame, pos)
            if end == len(text):
                word += self._word_rest()
            return WORD, word, origin, None
        lquote = self.lquote
        if lquote and ch == lquote[0] and self._starts(frame, lquote):
            return self._quoted(frame, pos)
        if ch == "(":
            frame.pos = pos + 1
            return OPEN, "(", self.origin_at(frame, pos), None
        if ch == ",":
            frame.pos = pos + 1
            return COMMA, ",", self.origin_at(frame, pos), None
        if ch == ")":
            frame.pos = pos + 1
            return CLOSE, ")", self.origin_at(frame, pos), None
        match = self._simple.match(text, pos)
        end = match.end() if match else pos + 1
        frame.pos = end
        return SIMPLE, text[pos:end], self.origin_at(frame, pos), None

    def _starts(self, frame: Frame, delimiter: str) -> bool:
        """Does the input at ``frame`` (the top frame) start with ``delimiter``?
        A multi-character delimiter may run on into the frames below."""
        return frame.text.startswith(delimiter, frame.pos) or self._peek_text(len(delimiter)) == delimiter

    def _consume(self, frame: Frame, delimiter: str) -> None:
        """Consume ``delimiter`` starting at frame.pos (it is known to be there)."""
        if frame.text.startswith(delimiter, frame.pos):
            frame.pos += len(delimiter)
            return
        for _ in delimiter:
            self._next_char()

    def _word_rest(self) -> str:
        """Word characters that continue a word past the end of its frame."""
        chars: list[str] = []
        while True:
            ch = self._peek_char()
            if not ch or ch not in WORD_CHARS:
                return "".join(chars)
            # Take the whole run in that frame at once.
            while self.stack and self.stack[-1].kind != MACRO and self.stack[-1].pos >= len(self.stack[-1].text):
                self._pop()
            frame = self.stack[-1]
            end = _WORD_REST.match(frame.text, frame.pos).end()  # type: ignore[union-attr]
            chars.append(frame.text[frame.pos : end])
            frame.pos = end
            if end < len(frame.text):
                return "".join(chars)

    def _quoted(self, frame: Frame, pos: int) -> tuple[int, object, Optional[int], OriginMap]:
        lquote, rquote = self.lquote, self.rquote
        text = frame.text
        origin = self.origin_at(frame, pos)
        if not text.startswith(lquote, pos):
            opening = self._opening(frame, pos)
            self._consume(frame, lquote)
            return QUOTED, self._slow_quoted(opening), origin, None
        start = i = pos + len(lquote)
        depth = 1
        while True:
            r = text.find(rquote, i)
            if r < 0:
                break
            # Only an opening quote that starts before this closing one matters.
            left = text.find(lquote, i, r + len(lquote) - 1) if lquote else -1
            if 0 <= left < r:
                depth += 1
                i = left + len(lquote)
                continue
            depth -= 1
            if depth == 0:
                frame.pos = r + len(rquote)
                return QUOTED, text[start:r], origin, self._frame_map(frame, start, r)
            i = r + len(rquote)
        # The closing quote is not in this frame: read on character by character.
        opening = self._opening(frame, pos)
        frame.pos = start
        return QUOTED, self._slow_quoted(opening), origin, None

    def _opening(self, frame: Frame, pos: int) -> tuple[Optional[Frame], int]:
        """Where a token that starts at ``frame``/``pos`` opened, for m4's messages."""
        if frame.kind == FILE:
            return frame, pos + 1
        return frame.loc_frame, frame.loc_pos

    def _unterminated(self, what: str, opening: tuple[Optional[Frame], int]) -> None:
        self.call_file, self.call_pos = opening
        self.fatal(f"ERROR: end of file in {what}")

    def _slow_quoted(self, opening: tuple[Optional[Frame], int]) -> str:
        lquote, rquote = self.lquote, self.rquote
        chars: list[str] = []
        depth = 1
        while True:
            ch = self._next_char()
            if ch is None:
                self._unterminated("string", opening)
            if ch == "":
                continue
            if ch == rquote[0] and self._match_rest(rquote[1:]):
                depth -= 1
                if depth == 0:
                    return "".join(chars)
                chars.append(rquote)
            elif ch == lquote[0] and self._match_rest(lquote[1:]):
                depth += 1
                chars.append(lquote)
            else:
                chars.append(ch)

    def _comment(self, frame: Frame, pos: int) -> tuple[int, object, Optional[int], OriginMap]:
        bcomm, ecomm = self.bcomm, self.ecomm
        text = frame.text
        origin = self.origin_at(frame, pos)
        if text.startswith(bcomm, pos):
            end = text.find(ecomm, pos + len(bcomm)) if ecomm else -1
            if end >= 0:
                end += len(ecomm)
                frame.pos = end
                return COMMENT, text[pos:end], origin, self._frame_map(frame, pos, end)
        opening = self._opening(frame, pos)
        self._consume(frame, bcomm)
        chars = [bcomm]
        while True:
            ch = self._next_char()
            if ch is None:
                self._unterminated("comment", opening)
            if ch == "":
                continue
            if ecomm and ch == ecomm[0] and self._match_rest(ecomm[1:]):
                chars.append(ecomm)
                return COMMENT, "".join(chars), origin, None
            chars.append(ch)

    def skip_line(self) -> bool:
        """dnl: discard through the next newline; False when input ended first."""
        stack = self.stack
        while stack:
            frame = stack[-1]
            if frame.kind != MACRO:
                i = frame.text.find("\n", frame.pos)
                if i >= 0:
                    frame.pos = i + 1
                    return True
                frame.pos = len(frame.text)
            self._pop()
        return False

    def skip_spaces(self) -> None:
        """Leading unquoted white space of an argument is dropped."""
        stack = self.stack
        while stack:
            frame = stack[-1]
            if frame.kind == MACRO:
                return
            text = frame.text
            pos = frame.pos
            if pos < len(text):
                ch = text[pos]
                if ch not in _SPACE:
                    return
                if (self.bcomm and ch == self.bcomm[0]) or (self.lquote and ch == self.lquote[0]):
                    return
                frame.pos = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
                if frame.pos < len(text):
                    return
            self._pop()

    # -- expansion -------------------------------------------------------------

    def _emit(self, text: str, frame: Frame, pos: int, origin: Optional[int]) -> None:
        diversion = self.out.current
        if diversion is None or not text:
            return
        if frame.kind == FILE:
            diversion.write(text, None if frame.main else origin, frame.fileidx, pos, True)
            return
        loc_frame = frame.loc_frame
        fileidx, filepos = (loc_frame.fileidx, frame.loc_pos) if loc_frame else (-1, 0)
        if frame.offs is not None and len(frame.offs) > 1 and len(text) > 1:
            # The run may cross origin segments: write each with its own.
            offs, origins = frame.offs, frame.origins
            i = bisect_right(offs, pos) - 1
            end = pos + len(text)
            start = pos
            while start < end:
                stop = offs[i + 1] if i + 1 < len(offs) else end
                stop = min(stop, end)
                diversion.write(text[start - pos : stop - pos], origins[i], fileidx, filepos, False)  # type: ignore[index]
                start = stop
                i += 1
            return
        diversion.write(text, origin, fileidx, filepos, False)

    def emit_value(self, text: str, origin: Optional[int]) -> None:
        """Write text produced outside any frame (a quoted string at top level)."""
        diversion = self.out.current
        if diversion is None or not text:
            return
        file_frame = self.file_frame
        fileidx, filepos = (file_frame.fileidx, file_frame.pos) if file_frame else (-1, 0)
        diversion.write(text, origin, fileidx, filepos, False)

    def expand_input(self) -> None:
        """Read and expand until the input stack is empty (m4's expand_input)."""
        stack = self.stack
        table = self.table
        dnl = self.dnl
        memo = self.memo
        while stack:
            if self.recording is not None and len(stack) <= self.recording.depth:
                self._finish_step()
                table = self.table
            frame = stack[-1]
            if frame.kind == MACRO:
                stack.pop()
                continue
            text = frame.text
            pos = frame.pos
            if pos >= len(text):
                self._pop()
                continue
            stop = self._plain_run(text, pos, self._scan_top)
            if stop > pos:
                frame.pos = stop
                if self.out.current is not None:
                    self._emit(text[pos:stop], frame, pos, self.origin_at(frame, pos))
                continue
            kind, token, origin, omap = self.next_token()
            if kind == WORD:
                macro = table.get(token)  # type: ignore[arg-type]
                if macro is not None and macro.builtin is dnl and not (self.trace_all or self.traced):
                    # A third of all calls: dnl without arguments, its newline in
                    # the same frame. Skipped here without the call machinery.
                    after = frame.pos
                    newline = text.find("\n", after)
                    if stack[-1] is frame and after < len(text) and text[after] != "(" and newline >= 0:
                        frame.pos = newline + 1
                        self.expansions += 1
                        continue
                if macro is not None and (
                    macro.builtin is None or not macro.builtin.blind or self._peek_open()
                ):
                    if (
                        memo is not None and self.recording is None and frame.kind == FILE
                        and stack[-1] is frame and not self.files[frame.fileidx].main
                    ):
                        key = key_of(self, frame, pos)
                        record = memo.find(key, self)
                        if record is not None:
                            self._replay(frame, record)
                            continue
                        self.recording = Recording(self, key, frame)
                        self.recording.recorder.reads[token] = macro  # type: ignore[index]
                        self.table = table = self.recording.recorder  # type: ignore[assignment]
                    self.expand_macro(macro, token, origin)  # type: ignore[arg-type]
                elif self.out.current is not None:
                    self._emit_token(token, frame, pos, origin)  # type: ignore[arg-type]
            elif kind == QUOTED or kind == COMMENT:
                if self.out.current is not None and token:
                    if omap is not None and len(omap[0]) > 1:
                        offs, origins = omap
                        for k, off in enumerate(offs):
                            end = offs[k + 1] if k + 1 < len(offs) else len(token)  # type: ignore[arg-type]
                            self.emit_value(token[off:end], origins[k])  # type: ignore[index]
                    else:
                        self.emit_value(token, origin)  # type: ignore[arg-type]
            elif kind != MACDEF and kind != EOF:
                if self.out.current is not None:
                    self._emit_token(token, frame, pos, origin)  # type: ignore[arg-type]

        if self.recording is not None:
            self._finish_step()

    def _finish_step(self) -> None:
        """A recorded step is over: keep its record (see memo.py)."""
        recording = self.recording
        assert recording is not None and self.memo is not None
        self.recording = None
        self.table = recording.table
        record = recording.finish(self)
        if record is not None:
            self.memo.add(recording.key, record)

    def calls_builtin(self, builtin: Builtin) -> None:
        """A step that calls a builtin reading state a record does not carry is not recorded."""
        if self.recording is not None and builtin.name in UNRECORDABLE:
            self.recording.aborted = True

    def _replay(self, frame: Frame, record: Record) -> None:
        replay(self, frame, record)
        if self.expansions > self.budget.expansions:
            raise Fatal(_TOO_MANY_EXPANSIONS.format(self.budget.expansions))

    def _plain_run(self, text: str, pos: int, scan: "re.Pattern[str]") -> int:
        """Where the text from ``pos`` stops being plain: the next macro call,
        quote, comment (or, in arguments, parenthesis or comma). Words that are
        not macros are plain; a word that reaches the end of the frame is left
        to the token reader, since m4 may continue it in the next frame."""
        table = self.table
        size = len(text)
        search = scan.search
        i = pos
        while True:
            match = search(text, i)
            if match is None:
                return size
            start, end = match.span()
            if text[start] not in WORD_START:
                return start
            if end == size:
                return start
            macro = table.get(match.group())
            if macro is not None and (macro.builtin is None or not macro.builtin.blind or text[end] == "("):
                return start
            i = end

    def _emit_token(self, token: str, frame: Frame, pos: int, origin: Optional[int]) -> None:
        if frame.kind == FILE and frame.text.startswith(token, pos):
            self._emit(token, frame, pos, origin)
        else:
            self.emit_value(token, origin)

    def expand_macro(self, macro: Macro, name: str, origin: Optional[int]) -> None:
        self.expansions += 1
        if self.expansions > self.budget.expansions:
            raise Fatal(_TOO_MANY_EXPANSIONS.format(self.budget.expansions))
        # Often enough that a slow expansion cannot run far past the deadline:
        # one with a thousand arguments takes milliseconds (a 6 KB MAILER list
        # ran 36 s when the clock was read every 16,384).
        if not self.expansions & 0x3F:
            if time.monotonic() > self.deadline:
                raise Fatal(f"expansion took longer than {self.budget.seconds:g} s; stopped")
            if self.budget.stop is not None and self.budget.stop():
                raise Fatal(STOPPED_BY_CALLER)
        self.level += 1
        if self.level > NESTING_LIMIT:
            self.fatal(f"recursion limit of {NESTING_LIMIT} exceeded, use -L<N> to change it")
        token_frame = self.token_frame
        if token_frame is not None and token_frame.kind == FILE:
            call_file, call_pos = token_frame, token_frame.pos
        elif token_frame is not None:
            call_file, call_pos = token_frame.loc_frame, token_frame.loc_pos
        else:
            call_file, call_pos = self.file_frame, (self.file_frame.pos if self.file_frame else 0)
        args = [Value(name)]
        if self._peek_open():
            self._collect(args, call_file, call_pos)
        builtin = macro.builtin
        trace = self._trace_start(name, args) if (self.trace_all or self.traced) and (
            self.trace_all or name in self.traced
        ) else None
        saved = self.call_file, self.call_pos, self.call_origin, self.call_direct
        self.call_file, self.call_pos, self.call_origin = call_file, call_pos, origin
        self.call_direct = token_frame is not None and token_frame.main
        try:
            if builtin is not None:
                if self.recording is not None:
                    self.calls_builtin(builtin)
                if not builtin.groks_macros:
                    for value in args:
                        if value.func is not None:
                            value.func = None
                            value.text = ""
                result = builtin.func(self, args)
                if trace is not None:
                    self._trace_end(trace, result)
                if result is None:
                    pass
                elif isinstance(result, str):
                    self.push_text(result, None, origin)
                elif isinstance(result, Value):
                    self.push_text(result.text, result.omap, origin)
                else:
                    self.push_builtin(result)
            else:
                for value in args:
                    if value.func is not None:
                        value.func = None
                        value.text = ""
                self._expand_user(macro, args, origin, trace)
        finally:
            self.call_file, self.call_pos, self.call_origin, self.call_direct = saved
            self.level -= 1

    def _collect(self, args: list[Value], call_file: Optional[Frame], call_pos: int) -> None:
        # The "(" is known to be next.
        self.next_token()
        table = self.table
        stack = self.stack
        while True:
            # Where this argument starts (after its "(" or ","): m4 names that
            # line when the file ends inside the argument.
            arg_file, arg_pos = call_file, call_pos
            if stack:
                top = stack[-1]
                if top.kind == FILE:
                    arg_file, arg_pos = top, top.pos
                elif top.loc_frame is not None:
                    arg_file, arg_pos = top.loc_frame, top.loc_pos
                # Leading white space is rare: look before calling the skipper.
                if top.kind == MACRO or top.pos >= len(top.text) or top.text[top.pos] in _SPACE:
                    self.skip_spaces()
            builder = Builder()
            func: Optional[Builtin] = None
            ready: Optional[Value] = None
            depth = 0
            stack = self.stack
            delimiters = self._delimiter_starts
            scan = self._scan_arg
            lquote = self.lquote
            lquote0 = lquote[:1]
            bcomm0 = self.bcomm[:1]
            while True:
                frame = stack[-1] if stack else None
                if frame is not None and frame.kind != MACRO:
                    text, pos = frame.text, frame.pos
                    if pos < len(text):
                        # The commonest tokens inside arguments, read here
                        # without the general reader (same result).
                        ch = text[pos]
                        if ch == lquote0 and ch != bcomm0 and text.startswith(lquote, pos):
                            self.token_frame = frame
                            _, token, origin, omap = self._quoted(frame, pos)
                            after = frame.pos
                            if (
                                depth == 0 and builder.length == 0 and after < len(text)
                                and (text[after] == "," or text[after] == ")") and text[after] not in delimiters
                            ):
                                # The whole argument is one quoted string (the usual
                                # case): no builder needed.
                                frame.pos = after + 1
                                kind = COMMA if text[after] == "," else CLOSE
                                ready = _value(token, omap, origin)  # type: ignore[arg-type]
                                break
                            builder.add_mapped(token, omap, origin)  # type: ignore[arg-type]
                            continue
                        if ch in ",()" and ch not in delimiters:
                            frame.pos = pos + 1
                            if ch == ",":
                                if depth == 0:
                                    self.token_frame = frame
                                    kind = COMMA
                                    break
                            elif ch == "(":
                                depth += 1
                            else:
                                if depth == 0:
                                    self.token_frame = frame
                                    kind = CLOSE
                                    break
                                depth -= 1
                            builder.add(ch, self.origin_at(frame, pos))
                            continue
                        stop = self._plain_run(text, pos, scan)
                        if stop > pos:
                            frame.pos = stop
                            self._add_run(builder, frame, pos, stop)
                            continue
                kind, token, origin, omap = self.next_token()
                if kind == WORD:
                    macro = table.get(token)  # type: ignore[arg-type]
                    if macro is not None and (
                        macro.builtin is None or not macro.builtin.blind or self._peek_open()
                    ):
                        self.expand_macro(macro, token, origin)  # type: ignore[arg-type]
                        # The call may have changed the quotes or comments (changequote
                        # inside an argument): read the delimiters again.
                        delimiters, scan = self._delimiter_starts, self._scan_arg
                        lquote, bcomm0 = self.lquote, self.bcomm[:1]
                        lquote0 = lquote[:1]
                    else:
                        builder.add(token, origin)  # type: ignore[arg-type]
                elif kind == QUOTED or kind == COMMENT:
                    builder.add_mapped(token, omap, origin)  # type: ignore[arg-type]
                elif kind == SIMPLE:
                    builder.add(token, origin)  # type: ignore[arg-type]
                elif kind == COMMA:
                    if depth == 0:
                        break
                    builder.add(",", origin)
                elif kind == OPEN:
                    depth += 1
                    builder.add("(", origin)
                elif kind == CLOSE:
                    if depth == 0:
                        break
                    depth -= 1
                    builder.add(")", origin)
                elif kind == MACDEF:
                    if builder.length == 0:
                        func = token  # type: ignore[assignment]
                else:  # EOF
                    self.call_file, self.call_pos = arg_file, arg_pos
                    self.fatal("ERROR: end of file in argument list")
            value = ready if ready is not None else builder.value()
            if func is not None:
                value = Value("", None, func)
            args.append(value)
            if kind == CLOSE:
                return

    def _trace_start(self, name: str, args: list[Value]) -> Optional[str]:
        flags = self.debug_flags
        line = f"m4trace: -{self.level}- {name}"
        if "a" in flags and len(args) > 1:
            quote = (self.lquote, self.rquote) if "q" in flags else ("", "")
            line += "(" + ", ".join(quote[0] + a.text + quote[1] for a in args[1:]) + ")"
        if "e" not in flags:
            self.stderr.append(line + "\n")
            return None
        return line

    def _trace_end(self, line: str, result: object) -> None:
        text = result.text if isinstance(result, Value) else result if isinstance(result, str) else ""
        if "q" in self.debug_flags:
            text = self.lquote + text + self.rquote
        self.stderr.append(f"{line} -> {text}\n")

    def _add_run(self, builder: Builder, frame: Frame, start: int, stop: int) -> None:
        """Append frame.text[start:stop] to an argument, keeping its origins."""
        text = frame.text[start:stop]
        if frame.main:
            builder.add_mapped(text, self._frame_map(frame, start, stop))
        elif frame.offs is None:
            builder.add(text, frame.mc)
        else:
            builder.add_mapped(text, slice_map((frame.offs, frame.origins), start, stop))  # type: ignore[arg-type]

    def _expand_user(self, macro: Macro, args: list[Value], origin: Optional[int], trace: Optional[str] = None) -> None:
        body = macro.text
        if "$" not in body:
            if trace is not None:
                self._trace_end(trace, body)
            self.push_text(body, macro.omap, origin)
            return
        builder = Builder()
        omap = macro.omap
        argc = len(args)
        start = 0
        size = len(body)
        while True:
            dollar = body.find("$", start)
            if dollar < 0:
                break
            if dollar > start:
                builder.add_mapped(body[start:dollar], slice_map(omap, start, dollar), origin)
            nxt = body[dollar + 1] if dollar + 1 < size else ""
            if nxt.isdigit() and nxt.isascii():
                end = dollar + 1
                while end < size and body[end].isdigit() and body[end].isascii():
                    end += 1
                index = int(body[dollar + 1 : end])
                if index < argc:
                    arg = args[index]
                    builder.add_mapped(arg.text, arg.omap, origin)
                start = end
            elif nxt == "#":
                builder.add(str(argc - 1), origin)
                start = dollar + 2
            elif nxt == "*" or nxt == "@":
                self.dump_args(builder, args, 1, ",", nxt == "@", origin)
                start = dollar + 2
            else:
                builder.add("$", origin)
                start = dollar + 1
        if start < size:
            builder.add_mapped(body[start:], slice_map(omap, start, size), origin)
        value = builder.value()
        if trace is not None:
            self._trace_end(trace, value.text)
        self.push_text(value.text, value.omap, origin)

    def dump_args(
        self, builder: Builder, args: list[Value], first: int, separator: str, quoted: bool, origin: Optional[int]
    ) -> None:
        for i in range(first, len(args)):
            if i > first:
                builder.add(separator, origin)
            if quoted:
                builder.add(self.lquote, origin)
            builder.add_mapped(args[i].text, args[i].omap, origin)
            if quoted:
                builder.add(self.rquote, origin)

    # -- messages ------------------------------------------------------------

    def location(self) -> tuple[str, int]:
        """(file name, line) of the macro call being expanded, as m4 reports it."""
        frame = self.call_file
        if frame is None:
            return "", 0
        source = self.files[frame.fileidx]
        return source.name, source.line_of(max(self.call_pos - 1, 0))

    def _record(self, text: str, kind: str) -> None:
        frame = self.call_file
        self.messages.append(
            Message(text, kind, frame.fileidx if frame else -1, self.call_pos, self.call_origin, self.call_direct)
        )

    def warn(self, text: str) -> None:
        """A message with m4's location prefix (warnings and non-fatal errors)."""
        name, line = self.location()
        prefix = f"m4:{name}:{line}: " if name else "m4: "
        self.stderr.append(prefix + text + "\n")
        self._record(text, "warning" if text.startswith("Warning:") else "error")

    def error(self, text: str) -> None:
        """Like :meth:`warn`, and m4 will exit with status 1."""
        self.warn(text)
        self.exit_status = 1

    def fatal(self, text: str) -> None:
        self.error(text)
        raise Fatal(text)

    def errprint(self, text: str) -> None:
        self.stderr.append(text)
        self._record(text, "errprint")

    # -- running -------------------------------------------------------------

    def run(self) -> int:
        """Expand everything, then wrapped text, then undivert; the exit status."""
        self.deadline = time.monotonic() + self.budget.seconds
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20_000))
        # The run makes many small objects and no reference cycles: the
        # collector's passes over them would only cost time (superlinearly).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self.expand_input()
            while self.wrapped:
                wrapped, self.wrapped = self.wrapped, []
                self.file_frame = None
                for value, loc in wrapped:
                    self.push_text(value.text, value.omap, None, loc)
                self.expand_input()
        except Exit as stop:
            # m4exit leaves at once: diverted text is discarded. m4exit(0)
            # keeps the failure status an earlier error set.
            if stop.status != 0:
                self.exit_status = stop.status
            return self.exit_status
        except Fatal as error:
            self.exit_status = 1
            self.stopped = str(error)
            return self.exit_status
        except RecursionError:
            self.stderr.append("m4: nesting too deep; stopped\n")
            self.stopped = "nesting too deep"
            self.exit_status = 1
            return self.exit_status
        finally:
            if self.recording is not None:
                # Stopped inside a step: the table is the real one again, unrecorded.
                self.table = self.recording.table
                self.recording = None
            sys.setrecursionlimit(limit)
            if collecting:
                gc.enable()
        self.out.divert(0)
        self.out.undivert_all()
        return self.exit_status
