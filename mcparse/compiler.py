"""Compile a .mc with the installed sendmail-cf, the way ``m4 FILE.mc`` would.

The sandboxed m4 (:mod:`mcparse.m4`) evaluates the real cf.m4 and the files
it includes. The sandbox reads files only inside the cf directory and the
.mc's own folder, and runs nothing: cf.m4's one shell command (makeinfo.sh,
which writes the ``##### built by`` header) is answered here, every other
``syscmd``/``esyscmd`` is recorded and expands to nothing.

Where the .mc includes cf.m4 by a path that does not exist on this machine
(Red Hat's ``/usr/share/sendmail-cf``, a source tree's ``../m4/cf.m4``), that
path is mapped onto the cf directory found here, so ``__file__`` still reads
as written and the output is what the admin's own m4 would write.
"""

from __future__ import annotations

import getpass
import os
import re
import socket
import stat
import time
from bisect import bisect_right
from pathlib import Path
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterator, Optional, Union

from .m4 import Engine, from_latin1, to_latin1
from .m4 import memo
from .m4.engine import Budget, Host, Message
from .m4.output import Diversion

if TYPE_CHECKING:  # pragma: no cover - pydantic is not needed to write a cf
    from .compiled import CfLine, Compiled, Origin

CF_DIR_CANDIDATES = (
    "/usr/share/sendmail/cf",
    "/usr/share/sendmail-cf",
    "/usr/lib/mail/cf",
    "/usr/lib/sendmail-cf",
    "/usr/share/sendmail/conf/cf",
)

_CF_INCLUDE = re.compile(r"""include\(\s*[`'"]?([^`'")\s]*m4/cf\.m4)""")
_MAKEINFO = re.compile(r"^sh (\S*)sh/makeinfo\.sh (\S*) > (\S+)$")


# No sendmail-cf file comes near this; a larger "include" is not one.
MAX_INCLUDE_BYTES = 10 * 1024 * 1024


class CompileError(Exception):
    """No sendmail-cf to compile with, or the input could not be read."""


def is_cf_dir(path: Union[str, "os.PathLike[str]"]) -> bool:
    return os.path.isfile(os.path.join(os.fspath(path), "m4", "cf.m4"))


def _cf_include_paths(text: str) -> Iterator[str]:
    """The paths of the file's includes of cf.m4, in order; one with a NUL is
    skipped: no file has that name, and the os calls on it would raise."""
    for match in _CF_INCLUDE.finditer(text):
        if "\x00" not in match.group(1):
            yield match.group(1)


def find_cf_dir(text: str = "", explicit: Optional[Union[str, "os.PathLike[str]"]] = None) -> Optional[str]:
    """The sendmail-cf directory to compile with.

    In order: ``explicit`` (``--cf-dir``/the ``cf-dir`` setting), the
    directory of the file's own ``include(.../m4/cf.m4)`` when it exists on
    this machine, then where distributions install it.
    """
    if explicit is not None:
        return os.path.abspath(os.fspath(explicit)) if is_cf_dir(explicit) else None
    for path in _cf_include_paths(text):
        if os.path.isabs(path):
            root = os.path.dirname(os.path.dirname(path))
            if is_cf_dir(root):
                return root
    for candidate in CF_DIR_CANDIDATES:
        if is_cf_dir(candidate):
            return candidate
    return None


_FINGERPRINTS: dict[str, tuple[float, str]] = {}
# A fingerprint or a file's text is trusted this long without a new stat():
# a batch or an editor compiles many times a second; an upgrade is seen soon.
_REVALIDATE_SECONDS = 1.0
_FILES: dict[str, tuple[float, tuple[int, int], str]] = {}


def cf_fingerprint(cf_dir: Optional[str]) -> str:
    """Changes when the sendmail-cf at ``cf_dir`` is upgraded (for caches of results)."""
    if cf_dir is None:
        return "no-sendmail-cf"
    now = time.monotonic()
    known = _FINGERPRINTS.get(cf_dir)
    if known is not None and now - known[0] < _REVALIDATE_SECONDS:
        return known[1]
    value = _fingerprint(cf_dir)
    _FINGERPRINTS[cf_dir] = (now, value)
    return value


def _fingerprint(cf_dir: str) -> str:
    parts = [cf_dir]
    for part in ("m4/cf.m4", "m4/cfhead.m4", "m4/proto.m4", "feature", "ostype", "mailer", "domain", "hack"):
        try:
            info = os.stat(os.path.join(cf_dir, part))
            parts.append(f"{info.st_mtime_ns}:{info.st_size}")
        except OSError:
            parts.append("-")
    return "|".join(parts)


class SandboxHost(Host):
    """Reads only inside the cf directory and the .mc's folder; runs nothing."""

    def __init__(self, cf_dir: str, cwd: str, mc_dir: Optional[str], mapped_prefix: Optional[str]) -> None:
        self.cf_dir = os.path.realpath(cf_dir)
        self.cwd = cwd
        self.roots = [self.cf_dir] + ([os.path.realpath(mc_dir)] if mc_dir else [])
        self.mapped_prefix = mapped_prefix
        self.virtual: dict[str, str] = {}

    def _allowed(self, path: str) -> bool:
        real = os.path.realpath(path)
        return any(real == root or real.startswith(root + os.sep) for root in self.roots)

    def _path(self, name: str) -> str:
        path = os.path.normpath(name if os.path.isabs(name) else os.path.join(self.cwd, name))
        if self.mapped_prefix and (path == self.mapped_prefix or path.startswith(self.mapped_prefix + os.sep)):
            path = os.path.join(self.cf_dir, os.path.relpath(path, self.mapped_prefix))
        return path

    def refused(self, name: str) -> bool:
        if name in self.virtual or not name or "\0" in name:
            return False
        return not self._allowed(self._path(name))

    def read_file(self, name: str) -> Optional[tuple[str, str]]:
        if name in self.virtual:
            return name, self.virtual[name]
        if not name or "\0" in name:
            return None
        path = self._path(name)
        if not self._allowed(path):
            return None
        text = _read_cached(path)
        return None if text is None else (name, text)

    def traced_to_caller(self, name: str) -> bool:
        return not name.endswith("m4/cf.m4")

    def prelude_key(self, name: str) -> Optional[object]:
        if not name.endswith("m4/cf.m4"):
            return None
        return (name, self.cwd, self.cf_dir, self.mapped_prefix, cf_fingerprint(self.cf_dir))

    def refresh_header(self, header: str) -> str:
        lines = header.split("\n")
        using = lines[2] if len(lines) > 2 else ""
        built, where = self._stamp()
        return f"{built}\n{where}\n{using}\n"

    def _stamp(self) -> tuple[str, str]:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "unknown"
        host = socket.gethostname()
        stamp = time.strftime("%a %b %e %H:%M:%S %Z %Y").replace("  ", " ")
        return f"##### built by {user}@{host} on {stamp}", f"##### in {self.cwd}"

    def shell(self, engine: Engine, command: str, builtin: str) -> tuple[str, int]:
        match = _MAKEINFO.match(command.strip())
        if match and builtin == "syscmd":
            # cf.m4's header: who built this, where, from which cf directory.
            # Answered here with the same three lines makeinfo.sh would write.
            built, where = self._stamp()
            self.virtual[match.group(3)] = (
                f"{built}\n{where}\n"
                f"##### using {match.group(2)} as configuration include directory\n"
                f"define(`__HOST__', {socket.gethostname()})dnl\n"
            )
            engine.shell_commands[-1].emulated = True
            return "", 0
        # ... and cf.m4 removes that file again.
        removal = re.fullmatch(r"rm -f (\S+)", command.strip())
        if builtin == "syscmd" and removal and removal.group(1) in self.virtual:
            engine.shell_commands[-1].emulated = True
        return "", 0


def _read_cached(path: str) -> Optional[str]:
    """A regular file's bytes as Latin-1 (at most 10 MB), cached while unchanged."""
    now = time.monotonic()
    known = _FILES.get(path)
    if known is not None and now - known[0] < _REVALIDATE_SECONDS:
        return known[2]
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_INCLUDE_BYTES:
        return None
    if known is not None and known[1] == (info.st_mtime_ns, info.st_size):
        _FILES[path] = (now, known[1], known[2])
        return known[2]
    try:
        with open(path, "rb") as handle:
            text = handle.read(MAX_INCLUDE_BYTES + 1).decode("latin-1")
    except OSError:
        return None
    if len(_FILES) > 512:
        _FILES.clear()
    _FILES[path] = (now, (info.st_mtime_ns, info.st_size), text)
    return text


def _cf_include_mapping(text: str, cf_dir: str, mc_dir: str) -> tuple[str, Optional[str]]:
    """(cwd for m4, path prefix to map onto cf_dir) for the file's cf.m4 include."""
    for path in _cf_include_paths(text):
        if os.path.isabs(path):
            root = os.path.dirname(os.path.dirname(os.path.normpath(path)))
            if os.path.realpath(root) == os.path.realpath(cf_dir) or is_cf_dir(root):
                return mc_dir, None
            return mc_dir, root
        if os.path.isfile(os.path.join(mc_dir, path)):
            return mc_dir, None
        # A source tree's "../m4/cf.m4": m4 is run from cf/cf (or similar).
        source_tree = os.path.join(cf_dir, "cf")
        if os.path.isfile(os.path.join(source_tree, path)):
            return source_tree, None
        # Another layout, or a template's placeholder (@@PATH@@/m4/cf.m4):
        # that prefix stands for the cf directory.
        return mc_dir, os.path.dirname(os.path.dirname(os.path.normpath(os.path.join(mc_dir, path))))
    return mc_dir, None


@dataclass
class RawCompile:
    """An m4 run over a .mc, before it is turned into :class:`Compiled`."""

    engine: Engine
    host: SandboxHost
    source_text: str  # the .mc as m4 read it (bytes as Latin-1)
    cf_dir: str
    exit_status: int
    preloaded: bool

    @property
    def cf(self) -> str:
        return from_latin1(self.engine.out.stdout.text())

    @property
    def stderr(self) -> str:
        return from_latin1("".join(self.engine.stderr))


def read_source(source: Union[str, bytes, "os.PathLike[str]"]) -> str:
    if isinstance(source, os.PathLike):
        return Path(source).read_bytes().decode("utf-8", "surrogateescape")
    if isinstance(source, bytes):
        return source.decode("utf-8", "surrogateescape")
    return source


def run(
    text: str,
    cf_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
    *,
    path: Optional[Union[str, "os.PathLike[str]"]] = None,
    provenance: bool = True,
    replay: Optional[memo.Memo] = None,
    budget: Optional[Budget] = None,
) -> RawCompile:
    """Run the sandboxed m4 over ``text`` with sendmail-cf; see :func:`compile`.

    ``provenance=False`` gives the same text, messages and status without
    tracing output to .mc lines. With ``replay`` (``memo.SHARED``),
    sendmail-cf's own top-level calls are replayed from what earlier
    compiles recorded in it (m4/memo.py): several times faster over many
    files, while recording costs the first one about a third more.
    ``budget``: the bounds that stop a runaway run (m4.engine.Budget's defaults when None).
    """
    found = find_cf_dir(text, cf_dir)
    if found is None:
        where = f"{os.fspath(cf_dir)} is not a sendmail-cf directory" if cf_dir is not None else "no sendmail-cf found"
        raise CompileError(f"{where} (looked for m4/cf.m4; install sendmail-cf or pass cf_dir)")
    mc_dir = os.path.dirname(os.path.abspath(os.fspath(path))) if path is not None else os.getcwd()
    name = os.path.basename(os.fspath(path)) if path is not None else "sendmail.mc"
    cwd, mapped = _cf_include_mapping(text, found, mc_dir)
    host = SandboxHost(found, cwd, mc_dir if path is not None else None, mapped)
    engine = Engine(host, budget)
    engine.provenance = provenance
    engine.memo = replay
    source_text = to_latin1(text)
    preloaded = not _CF_INCLUDE.search(text)
    engine.push_file(name, source_text, main=True)
    if preloaded:
        # No include of its own: compiled the way sendmail's Build does,
        # `m4 ../m4/cf.m4 file.mc` (cf.m4 is read first).
        cf_m4 = os.path.join(found, "m4", "cf.m4")
        cf_text = _read_cached(cf_m4)
        if cf_text is None:
            raise CompileError(f"cannot read {cf_m4}")
        engine.push_file(cf_m4, cf_text)
    status = engine.run()
    return RawCompile(engine, host, source_text, found, status, preloaded)


def compile(
    source: Union[str, bytes, "os.PathLike[str]"],
    cf_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
    *,
    path: Optional[Union[str, "os.PathLike[str]"]] = None,
    replay: Optional[memo.Memo] = None,
    budget: Optional[Budget] = None,
) -> "Compiled":
    """Compile a sendmail.mc with the installed sendmail-cf, as ``m4 FILE`` would.

    ``source`` is the .mc text (str or bytes) or a path to read. Raises
    :class:`CompileError` when no sendmail-cf is found; never runs anything.
    ``replay`` and ``budget``: see :func:`run`.
    """
    if isinstance(source, os.PathLike):
        path = source
    return _result(run(read_source(source), cf_dir, path=path, replay=replay, budget=budget))


def _result(raw: RawCompile) -> "Compiled":
    from .compiled import CompileMessage, Compiled, ShellCommandUse, UnreadFile

    engine = raw.engine
    locate = _Locator(engine, raw.source_text)
    diversion = engine.out.stdout
    cf_latin1 = diversion.text()
    tracer = _Tracer(diversion, cf_latin1, locate)
    messages = tuple(
        CompileMessage(
            text=from_latin1(message.text),
            kind=message.kind,  # type: ignore[arg-type]
            origin=locate.origin(message.mc, message.fileidx, message.filepos, False),
            direct=message.direct,
        )
        for message in _coalesced(engine.messages)
    )
    unread = tuple(
        UnreadFile(name=from_latin1(name), origin=locate.origin(mc, -1, 0, False)) for name, mc in engine.unread
    )
    commands = tuple(
        ShellCommandUse(
            command=from_latin1(command.command),
            builtin=command.builtin,
            origin=locate.origin(command.mc, -1, 0, False),
            emulated=command.emulated,
        )
        for command in engine.shell_commands
    )
    return Compiled(
        cf=from_latin1(cf_latin1),
        tracer=tracer,
        messages=messages,
        shell_commands=commands,
        unread=unread,
        cf_dir=raw.cf_dir,
        exit_status=raw.exit_status,
        stderr=raw.stderr,
        preloaded=raw.preloaded,
        stopped=engine.stopped,
    )


def _coalesced(messages: list[Message]) -> list[Message]:
    """cf.m4 prints one error as several errprint calls (a headline, then
    indented lines): they are one message, at the headline's cause."""
    merged: list[Message] = []
    for message in messages:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and message.kind == "errprint"
            and previous.kind == "errprint"
            and message.mc == previous.mc
            and not message.text.lstrip().startswith("***")
            and previous.text.lstrip().startswith("***")
        ):
            joined = previous.text if previous.text.endswith("\n") else previous.text + "\n"
            merged[-1] = replace(previous, text=joined + message.text)
            continue
        merged.append(message)
    return merged


class _Locator:
    """Turns engine positions (Latin-1 offsets) into lines and columns."""

    def __init__(self, engine: Engine, source_text: str) -> None:
        # Imported here, not at the top: a plain run (mc-check compile) needs no pydantic.
        from .compiled import CfLine, Origin
        from .source import build

        self._origin_type, self._line_type, self._build = Origin, CfLine, build
        self.engine = engine
        self.main = next((f for f in engine.files if f.main), None)
        self.source_text = source_text
        self.ascii = source_text.isascii()
        self._origins: dict[tuple[Optional[int], Optional[str], Optional[int]], Origin] = {}
        self._line_chars: Optional[list[int]] = None

    def mc_position(self, offset: int) -> tuple[int, int, int]:
        """(line, column, character offset) of a Latin-1 (byte) offset in the .mc."""
        assert self.main is not None
        line = self.main.line_of(offset)
        start = self.source_text.rfind("\n", 0, offset) + 1
        if self.ascii:
            return line, offset - start + 1, offset
        if self._line_chars is None:
            # Character offset of each line start, computed once.
            starts, total, previous = [0], 0, 0
            text = self.source_text
            i = text.find("\n")
            while i >= 0:
                total += len(from_latin1(text[previous : i + 1]))
                starts.append(total)
                previous = i + 1
                i = text.find("\n", previous)
            self._line_chars = starts
        prefix = len(from_latin1(self.source_text[start:offset]))
        return line, prefix + 1, self._line_chars[line - 1] + prefix

    def cf_line(self, number: int, text: str, origin: "Origin") -> "CfLine":
        """One traced sendmail.cf line (trusted values: built without validation)."""
        return self._build(self._line_type, number=number, text=text, origin=origin)

    def origin(self, mc: Optional[int], fileidx: int, filepos: int, verbatim: bool) -> "Origin":
        file = file_line = None
        files = self.engine.files
        if 0 <= fileidx < len(files):
            source = files[fileidx]
            file = source.name
            file_line = source.line_of(max(filepos - (0 if verbatim else 1), 0))
        key = (mc, file, file_line)
        known = self._origins.get(key)
        if known is None:
            mc_line = mc_column = mc_offset = None
            if mc is not None and self.main is not None:
                mc_line, mc_column, mc_offset = self.mc_position(mc)
            # Trusted values, one per distinct origin: built without validation
            # (a compile has ~1,800 lines; validating each cost ~30 ms).
            known = self._origins[key] = self._build(
                self._origin_type, mc_line=mc_line, mc_column=mc_column, mc_offset=mc_offset, file=file, file_line=file_line
            )
        return known


class _Tracer:
    """Traces cf lines to the .mc line and cf file line that wrote them: all of
    them in one pass, or only the lines that start with given letters."""

    def __init__(self, diversion: Diversion, text: str, locate: _Locator) -> None:
        self.marks = diversion.marks
        self.text = text
        self.locate = locate
        # option_lines, daemons, classes, macros and rules ask for the same
        # letters again and again: each selection is traced once.
        self._selected: dict[str, tuple[CfLine, ...]] = {}
        self._offsets: Optional[list[int]] = None

    def _origin(self, mark_index: int, start: int, end: int) -> "Origin":
        # The mark covering the line's first character, then the first one in
        # the line that names a .mc offset.
        marks = self.marks
        files = self.locate.engine.files
        mc: Optional[int] = None
        k = mark_index
        while k < len(marks) and marks[k][0] <= max(end - 1, start):
            offset, mark_mc, fileidx, filepos, verbatim = marks[k]
            if verbatim and 0 <= fileidx < len(files) and files[fileidx].main:
                mark_mc = filepos + max(start - offset, 0)
            if mark_mc is not None:
                mc = mark_mc
                break
            k += 1
        if not marks:
            return self.locate.origin(mc, -1, 0, False)
        offset, _, fileidx, filepos, verbatim = marks[mark_index]
        position = filepos + (start - offset) if verbatim else filepos
        return self.locate.origin(mc, fileidx, position, verbatim)

    def _line(self, number: int, start: int, end: int, mark_index: int) -> "CfLine":
        return self.locate.cf_line(number, from_latin1(self.text[start:end]), self._origin(mark_index, start, end))

    def all(self) -> "tuple[CfLine, ...]":
        marks, text = self.marks, self.text
        lines: list[CfLine] = []
        mark_index = 0
        start = 0
        number = 0
        size = len(text)
        while start < size:
            end = text.find("\n", start)
            if end < 0:
                end = size
            number += 1
            while mark_index + 1 < len(marks) and marks[mark_index + 1][0] <= start:
                mark_index += 1
            lines.append(self._line(number, start, end, mark_index))
            start = end + 1
        return tuple(lines)

    def starting(self, letters: str) -> "tuple[CfLine, ...]":
        known = self._selected.get(letters)
        if known is not None:
            return known
        text = self.text
        if self._offsets is None:
            self._offsets = [mark[0] for mark in self.marks]
        offsets = self._offsets
        pattern = re.compile("^[" + re.escape(letters) + "]", re.MULTILINE)
        lines: list[CfLine] = []
        number, counted = 1, 0
        for match in pattern.finditer(text):
            start = match.start()
            number += text.count("\n", counted, start)
            counted = start
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            mark_index = max(bisect_right(offsets, start) - 1, 0)
            lines.append(self._line(number, start, end, mark_index))
        found = self._selected[letters] = tuple(lines)
        return found
