"""The state after ``include(cf.m4)``, kept and reused.

Every sendmail.mc starts by including cf.m4, and in a fresh m4 that include
always does the same thing: it defines a few hundred macros, writes the
header and arranges for proto.m4 at the end. The first compile records the
interpreter's state right after the include; later compiles that reach the
same include in the same fresh state take that record instead of reading
cf.m4 and cfhead.m4 again. The 'built by' header it wrote is rewritten with
the current compile's own.

Safe because nothing in the record depends on the .mc: the include is only
replayed when no macro was defined, no quote or comment delimiter changed,
nothing was written, diverted, wrapped or reported before it, and the key
names the include path as written (``__file__`` decides where cf.m4 looks for
its files) and the sendmail-cf files' fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Hashable, Optional

from .output import Diversion

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Engine, Frame

HEADER = "##### built by "


@dataclass(frozen=True)
class Prelude:
    table: dict
    quotes: tuple[str, str, str, str]
    number: int
    stdout: tuple[list[str], int, list]
    diversions: dict[int, tuple[list[str], int, list]]
    wrapped: list
    files: list
    messages: list
    stderr: list
    shell_commands: list
    counters: tuple[int, int, int]


# Per process; a handful of cf directories at most.
PRELUDES: dict[Hashable, Prelude] = {}


def pristine(engine: "Engine") -> bool:
    """Is the engine exactly as a fresh m4 is, apart from the main file being read?"""
    out = engine.out
    return (
        engine.table == engine.initial_table
        and (engine.lquote, engine.rquote, engine.bcomm, engine.ecomm) == ("`", "'", "#", "\n")
        and not out.diversions
        and out.stdout.length == 0
        and not engine.wrapped
        and len(engine.files) == 1
        and not engine.messages
        and not engine.stderr
        and not engine.shell_commands
        and not engine.unread
        and not engine.traced
        and not engine.trace_all
        and engine.level == 1
    )


def _copy(diversion: Diversion) -> tuple[list[str], int, list]:
    return ([diversion.text()], diversion.length, list(diversion.marks))


def capture(engine: "Engine", key: Hashable) -> None:
    if engine.recording is not None:
        # cf.m4 ended inside a recorded step (an include argument that runs
        # to its end, `#' in the path): the table is the step's recording
        # view, not a state another compile can start from.
        return
    out = engine.out
    # Anything that names the main file (a message located there, output
    # traced to it) would carry one .mc's details into another's compile.
    main_name = engine.files[0].name
    if any(message.fileidx == 0 or message.mc is not None for message in engine.messages):
        return
    if any(main_name in line for line in engine.stderr):
        return
    for diversion in (out.stdout, *out.diversions.values()):
        if any(mark[2] == 0 or mark[1] is not None for mark in diversion.marks):
            return
    PRELUDES[key] = Prelude(
        table=dict(engine.table),
        quotes=(engine.lquote, engine.rquote, engine.bcomm, engine.ecomm),
        number=out.number,
        stdout=_copy(out.stdout),
        diversions={number: _copy(d) for number, d in out.diversions.items()},
        wrapped=list(engine.wrapped),
        files=list(engine.files[1:]),
        messages=list(engine.messages),
        stderr=list(engine.stderr),
        shell_commands=list(engine.shell_commands),
        counters=(engine.expansions, engine.pushed_text, engine.sysval),
    )


def _restore_diversion(target: Diversion, saved: tuple[list[str], int, list]) -> None:
    target.parts, target.length, target.marks = list(saved[0]), saved[1], list(saved[2])


def restore(engine: "Engine", prelude: Prelude, refresh: Optional[Callable[[str], str]]) -> None:
    """Put the engine in the recorded state; ``refresh`` rewrites the recorded 'built by' lines."""
    # In place: the running reader loops hold this very dict.
    engine.table.clear()
    engine.table.update(prelude.table)
    engine.lquote, engine.rquote, engine.bcomm, engine.ecomm = prelude.quotes
    engine._configure()
    out = engine.out
    _restore_diversion(out.stdout, prelude.stdout)
    for number, saved in prelude.diversions.items():
        diversion = Diversion()
        _restore_diversion(diversion, saved)
        out.diversions[number] = diversion
    out.divert(prelude.number)
    engine.wrapped = list(prelude.wrapped)
    engine.files.extend(prelude.files)
    engine.messages.extend(prelude.messages)
    engine.stderr.extend(prelude.stderr)
    engine.shell_commands.extend(prelude.shell_commands)
    engine.expansions, engine.pushed_text, engine.sysval = prelude.counters
    if refresh is not None:
        _replace_header(out.stdout, refresh)


def _replace_header(stdout: Diversion, refresh: Callable[[str], str]) -> None:
    text = stdout.text()
    start = text.find(HEADER)
    if start < 0:
        return
    # The three lines makeinfo.sh writes.
    end = start
    for _ in range(3):
        end = text.find("\n", end) + 1
        if end == 0:
            return
    header = refresh(text[start:end])
    delta = len(header) - (end - start)
    stdout.parts = [text[:start] + header + text[end:]]
    stdout.length += delta
    stdout.marks = [
        (offset + delta if offset >= end else offset, mc, fileidx, filepos, verbatim)
        for offset, mc, fileidx, filepos, verbatim in stdout.marks
    ]


def watch(engine: "Engine", frame: "Frame", key: Hashable) -> None:
    """Record the state when ``frame`` (the included cf.m4) has been read to its end."""
    engine.capture_at = (frame, key)
