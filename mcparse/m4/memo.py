"""Replaying top-level macro calls of sendmail-cf's own files.

Compiling many .mc files in one process runs proto.m4 (and the FEATURE,
OSTYPE and MAILER files) over and over, and almost every top-level call in
them, ``_OPTION(...)`` or ``ifdef(`confX', ...)``, does the same thing each
time: the few macros it looks at are defined the same way. A *step* is one
such call, from its name in the file to the moment the reader is back in
that file with nothing pushed above it. The first time a step runs it is
recorded: every macro name it looked up (with the definition it found), and
what it did: the text it wrote to each diversion, the definitions it left,
the quotes, the current diversion, how far it read into the file. Later, a
step at the same place of the same file text, with the same quotes and
diversion, whose every looked-up name still has the same definition, is
replayed from the record instead of being expanded.

That is sound because a step can only depend on what it reads: the file
text after the call (fixed), the macro table (every access goes through
:class:`RecordingTable` while a step is recorded), the quotes and the
current diversion (part of the key). Anything else a builtin could read or
do, including files, the m4wrap queue, messages, undivert, shell commands,
tracing, leaves the step unrecorded, as does reaching the end of the file
(what follows it would be read too). Only used without provenance: the
record keeps text, not which .mc line caused it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Engine, Frame, Macro

# Builtins whose effect or result depends on more than their arguments and
# the macro table (or that touch state a record does not carry).
UNRECORDABLE = frozenset(
    {
        "include", "sinclude", "undivert", "m4wrap", "m4exit", "errprint", "dumpdef",
        "syscmd", "esyscmd", "sysval", "maketemp", "mkstemp",
        "traceon", "traceoff", "debugmode", "debugfile", "__file__", "__line__",
    }
)
# Records kept per place, and in all: a bound on memory, not a tuning knob.
PER_PLACE = 6
LIMIT = 50_000


def signature(macro: "Optional[Macro]") -> object:
    """What a definition is, by content: a record made in another run matches it."""
    if macro is None:
        return None
    sig = macro.sig
    if sig is None:
        sig = macro.sig = (macro.text, macro.builtin, macro.omap, signature(macro.previous))
    return sig


class RecordingTable:
    """The macro table while a step is recorded: notes the names looked up."""

    __slots__ = ("table", "reads", "written", "recording")

    def __init__(self, table: "dict[str, Macro]", recording: "Recording") -> None:
        self.table = table
        self.reads: "dict[str, Optional[Macro]]" = {}
        self.written: set[str] = set()
        self.recording = recording

    def get(self, name: str, default: "Optional[Macro]" = None) -> "Optional[Macro]":
        macro = self.table.get(name)
        if name not in self.reads and name not in self.written:
            self.reads[name] = macro
        return macro if macro is not None else default

    def __getitem__(self, name: str) -> "Macro":
        macro = self.get(name)
        if macro is None:
            raise KeyError(name)
        return macro

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __setitem__(self, name: str, macro: "Macro") -> None:
        self.written.add(name)
        self.table[name] = macro

    def __delitem__(self, name: str) -> None:
        self.written.add(name)
        del self.table[name]

    def pop(self, name: str, default: "Optional[Macro]" = None) -> "Optional[Macro]":
        self.written.add(name)
        return self.table.pop(name, default)

    def __iter__(self) -> Iterator[str]:
        # The whole table is read: nothing to key a record on.
        self.recording.aborted = True
        return iter(self.table)

    def __len__(self) -> int:
        self.recording.aborted = True
        return len(self.table)


class Record:
    """What one step did, and what it depended on."""

    __slots__ = ("text", "reads", "end", "output", "written", "quotes", "number", "expansions", "pushed")

    def __init__(
        self,
        text: str,
        reads: "tuple[tuple[str, Optional[Macro], object], ...]",
        end: int,
        output: tuple[tuple[int, str], ...],
        written: "tuple[tuple[str, Optional[Macro]], ...]",
        quotes: tuple[str, str, str, str],
        number: int,
        expansions: int,
        pushed: int,
    ) -> None:
        self.text = text  # held so that id(text) in the key stays this text's
        self.reads = reads
        self.end = end
        self.output = output
        self.written = written
        self.quotes = quotes
        self.number = number
        self.expansions = expansions
        self.pushed = pushed

    def matches(self, table: "dict[str, Macro]") -> bool:
        for name, macro, sig in self.reads:
            current = table.get(name)
            if current is not macro and signature(current) != sig:
                return False
        return True


class Memo:
    """Records of steps, kept across the compiles of one process."""

    def __init__(self) -> None:
        self.records: dict[tuple, list[Record]] = {}
        self.size = 0
        self.hits = 0
        self.misses = 0

    def find(self, key: tuple, table: "dict[str, Macro]") -> Optional[Record]:
        for record in self.records.get(key, ()):
            if record.matches(table):
                self.hits += 1
                return record
        self.misses += 1
        return None

    def add(self, key: tuple, record: Record) -> None:
        if self.size >= LIMIT:
            self.records.clear()
            self.size = 0
        known = self.records.setdefault(key, [])
        if len(known) >= PER_PLACE:
            known.pop(0)
            self.size -= 1
        known.append(record)
        self.size += 1


# One per process: every compile without provenance shares it.
SHARED = Memo()


def key_of(engine: "Engine", frame: "Frame", pos: int) -> tuple:
    return (id(frame.text), frame.name, pos, engine.lquote, engine.rquote, engine.bcomm, engine.ecomm, engine.out.number)


class Recording:
    """A step being recorded: the state it started from."""

    __slots__ = (
        "key", "frame", "depth", "table", "recorder", "aborted", "counts", "expansions", "pushed", "sizes",
    )

    def __init__(self, engine: "Engine", key: tuple, frame: "Frame") -> None:
        self.key = key
        self.frame = frame
        self.depth = len(engine.stack)
        self.table = engine.table
        self.aborted = False
        self.recorder = RecordingTable(engine.table, self)
        self.counts = _counts(engine)
        self.expansions = engine.expansions
        self.pushed = engine.pushed_text
        out = engine.out
        self.sizes = {number: (len(d.parts), d.length) for number, d in _diversions(engine)}

    def finish(self, engine: "Engine") -> Optional[Record]:
        """The record of the finished step, or None when it cannot be replayed."""
        frame = self.frame
        if self.aborted or frame.pos >= len(frame.text) or _counts(engine) != self.counts:
            return None
        output: list[tuple[int, str]] = []
        for number, diversion in _diversions(engine):
            parts, length = self.sizes.get(number, (0, 0))
            if diversion.length == length:
                continue
            written = "".join(diversion.parts[parts:])
            if len(diversion.parts) < parts or len(written) != diversion.length - length:
                return None  # moved or joined meanwhile: not a plain append
            output.append((number, written))
        recorder = self.recorder
        reads = tuple((name, macro, signature(macro)) for name, macro in recorder.reads.items())
        table = self.table
        written_now = tuple((name, table.get(name)) for name in recorder.written)
        return Record(
            frame.text,
            reads,
            frame.pos,
            tuple(output),
            written_now,
            (engine.lquote, engine.rquote, engine.bcomm, engine.ecomm),
            engine.out.number,
            engine.expansions - self.expansions,
            engine.pushed_text - self.pushed,
        )


def _diversions(engine: "Engine") -> "Iterator[tuple[int, object]]":
    out = engine.out
    yield 0, out.stdout
    yield from out.diversions.items()


def _counts(engine: "Engine") -> tuple:
    """Lengths and values a recordable step leaves as they were."""
    return (
        len(engine.files), len(engine.wrapped), len(engine.messages), len(engine.stderr),
        len(engine.shell_commands), len(engine.unread), engine.sysval, engine.trace_all,
        len(engine.traced), engine.debug_flags, engine.exit_status,
    )


def replay(engine: "Engine", frame: "Frame", record: Record) -> None:
    """Do what the recorded step did."""
    frame.pos = record.end
    out = engine.out
    for number, text in record.output:
        out.divert(number)
        out.current.write(text, None, -1, 0, False)  # type: ignore[union-attr]
    table = engine.table
    for name, macro in record.written:
        if macro is None:
            table.pop(name, None)
        else:
            table[name] = macro
    if record.quotes != (engine.lquote, engine.rquote, engine.bcomm, engine.ecomm):
        engine.lquote, engine.rquote, engine.bcomm, engine.ecomm = record.quotes
        engine._configure()
    out.divert(record.number)
    engine.expansions += record.expansions
    engine.pushed_text += record.pushed
