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
(what follows it would be read too).

Provenance survives a replay: the record keeps the marks of what the step
wrote (which .mc offset, which file and position), with files named by
their text rather than by their index in this run's list of files. The
.mc offsets in them come from the definitions read (compared with their
origin maps) and the file's own origin (part of the key), so they are the
ones the step would write again.
"""

from __future__ import annotations

import threading
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
# Records kept per place, and in all: a bound on memory, not a tuning knob
# (a record is ~1.4 KB: the memo stays under ~15 MB in a long editor session).
PER_PLACE = 6
LIMIT = 10_000


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


# A piece of output with its mark: text, .mc offset, the file's text (None:
# no file), file position, verbatim (see output.Mark).
Segment = tuple[str, Optional[int], Optional[str], int, bool]


class Record:
    """What one step did, and what it depended on."""

    __slots__ = ("text", "reads", "end", "output", "written", "quotes", "number", "expansions", "pushed", "sources")

    def __init__(
        self,
        text: str,
        reads: "tuple[tuple[str, Optional[Macro], object], ...]",
        end: int,
        output: tuple[tuple[int, tuple[Segment, ...]], ...],
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
        # The files the marks name: replayable only where they have been read.
        self.sources = tuple({id(seg[2]): seg[2] for _, segs in output for seg in segs if seg[2] is not None}.values())

    def matches(self, engine: "Engine", table: "dict[str, Macro]") -> bool:
        for source in self.sources:
            if file_index(engine, source) is None:
                return False
        for name, macro, sig in self.reads:
            current = table.get(name)
            if current is not macro and signature(current) != sig:
                return False
        return True


class Memo:
    """Records of steps, kept across the compiles of one process."""

    def __init__(self) -> None:
        # The language server compiles in a worker thread while a check may run.
        self._lock = threading.Lock()
        self.records: dict[tuple, list[Record]] = {}
        self.size = 0
        self.hits = 0
        self.misses = 0

    def find(self, key: tuple, engine: "Engine") -> Optional[Record]:
        table = engine.table
        for record in self.records.get(key, ()):
            if record.matches(engine, table):
                self.hits += 1
                return record
        self.misses += 1
        return None

    def add(self, key: tuple, record: Record) -> None:
        with self._lock:
            if self.size >= LIMIT:
                self.records.clear()
                self.size = 0
            # A new list rather than one changed in place: a reader in another
            # thread keeps iterating the list it found.
            known = self.records.get(key, [])
            kept = [*known, record][-PER_PLACE:]
            self.records[key] = kept
            self.size += len(kept) - len(known)


# One per process: every compile without provenance shares it.
SHARED = Memo()


def key_of(engine: "Engine", frame: "Frame", pos: int) -> tuple:
    return (
        id(frame.text), frame.name, pos, frame.mc,
        engine.lquote, engine.rquote, engine.bcomm, engine.ecomm, engine.out.number,
    )


def file_index(engine: "Engine", text: str) -> Optional[int]:
    """The index in ``engine.files`` of a file read with exactly this text."""
    files = engine.files
    known = engine.file_ids
    if known.get(None) != len(files):
        known.clear()
        for index, source in enumerate(files):
            known.setdefault(id(source.text), index)
        known[None] = len(files)
    index = known.get(id(text))
    return index if index is not None and files[index].text is text else None


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
        self.sizes = {number: (len(d.parts), d.length, len(d.marks)) for number, d in _diversions(engine)}

    def finish(self, engine: "Engine") -> Optional[Record]:
        """The record of the finished step, or None when it cannot be replayed."""
        frame = self.frame
        if self.aborted or frame.pos >= len(frame.text) or _counts(engine) != self.counts:
            return None
        output: list[tuple[int, tuple[Segment, ...]]] = []
        for number, diversion in _diversions(engine):
            parts, length, marked = self.sizes.get(number, (0, 0, 0))
            if diversion.length == length:
                continue
            written = "".join(diversion.parts[parts:])
            if len(diversion.parts) < parts or len(written) != diversion.length - length or len(diversion.marks) < marked:
                return None  # moved or joined meanwhile: not a plain append
            segments = _segments(engine, diversion.marks, marked, length, written)
            if segments is None:
                return None
            output.append((number, segments))
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


def _segments(engine: "Engine", marks: list, marked: int, length: int, written: str) -> Optional[tuple[Segment, ...]]:
    """What the step wrote to one diversion, cut where its marks change."""
    new = marks[marked:]
    if not new or new[0][0] > length:
        # The first write continued the mark before the step: its origin, moved on.
        if not marked:
            return None
        offset, mc, fileidx, filepos, verbatim = marks[marked - 1]
        new = [(length, mc, fileidx, filepos + (length - offset) if verbatim else filepos, verbatim), *new]
    files = engine.files
    segments: list[Segment] = []
    for i, (offset, mc, fileidx, filepos, verbatim) in enumerate(new):
        end = new[i + 1][0] if i + 1 < len(new) else length + len(written)
        source = files[fileidx].text if 0 <= fileidx < len(files) else None
        segments.append((written[offset - length : end - length], mc, source, filepos, verbatim))
    return tuple(segments)


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
    for number, segments in record.output:
        out.divert(number)
        current = out.current
        for text, mc, source, filepos, verbatim in segments:
            fileidx = file_index(engine, source) if source is not None else -1
            current.write(text, mc, -1 if fileidx is None else fileidx, filepos, verbatim)  # type: ignore[union-attr]
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
