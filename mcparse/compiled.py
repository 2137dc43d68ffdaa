"""What a .mc compiles to: sendmail.cf, line by line, and what it sets.

:class:`Compiled` is the result of :func:`mcparse.compile`: the text m4 and
the installed sendmail-cf produce, every line traced to the .mc line that
caused it, m4's messages, and the parts of sendmail.cf that the rules ask
about (options, daemons, classes, macros, mailers), read from the cf text
itself rather than predicted.
"""

from __future__ import annotations

import re
from typing import Any, Literal, Optional, Protocol

from pydantic import BaseModel, ConfigDict, PrivateAttr, computed_field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class Origin(_Frozen):
    """Where a cf line or message came from."""

    mc_line: Optional[int] = None  # 1-based line of the .mc (None: sendmail-cf alone)
    mc_column: Optional[int] = None  # 1-based, in characters
    mc_offset: Optional[int] = None  # 0-based character offset in the .mc text
    file: Optional[str] = None  # the file that was being read (the .mc or a cf file)
    file_line: Optional[int] = None


class CfLine(_Frozen):
    """One line of sendmail.cf."""

    number: int  # 1-based line in sendmail.cf
    text: str
    origin: Origin

    @property
    def mc_line(self) -> Optional[int]:
        return self.origin.mc_line


class CompileMessage(_Frozen):
    """Something m4 printed while compiling: cf.m4's errprint or m4's own diagnostic."""

    text: str
    kind: Literal["errprint", "warning", "error"]
    origin: Origin
    # Printed by a builtin the .mc itself calls (m4's own warnings about a
    # call written in the file), not from inside sendmail-cf's macros.
    direct: bool = False

    @property
    def line(self) -> Optional[int]:
        return self.origin.mc_line

    @property
    def severity(self) -> Literal["error", "warning", "info"]:
        """``*** ERROR`` lines and m4 errors are errors; the rest warnings."""
        if self.kind == "error" or "*** ERROR" in self.text:
            return "error"
        if self.kind == "warning" or "WARNING" in self.text:
            return "warning"
        return "info"


class CfOption(_Frozen):
    """An ``O Name=value`` line."""

    name: str
    value: str
    line: CfLine


class CfDaemon(_Frozen):
    """A ``DaemonPortOptions`` line: one socket sendmail listens on."""

    value: str
    fields: dict[str, str]  # as written: key -> value ("Port" -> "587")
    name: Optional[str] = None
    port: Optional[str] = None
    addr: Optional[str] = None
    family: Optional[str] = None
    modifiers: str = ""
    line: CfLine


class CfClass(_Frozen):
    """A class (``C{w}`` words and ``F{w}`` files)."""

    name: str
    words: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


class CfMailer(_Frozen):
    """An ``M`` line: a delivery agent."""

    name: str
    fields: dict[str, str]
    line: CfLine


class ShellCommandUse(_Frozen):
    """A syscmd/esyscmd that m4 would have run (mcparse never runs it)."""

    command: str
    builtin: str
    origin: Origin
    emulated: bool = False  # cf.m4's own makeinfo.sh, answered without a shell


class UnreadFile(_Frozen):
    """A file m4 would have read that mcparse did not (outside the cf directory and the .mc's folder)."""

    name: str
    origin: Origin


class LineTracer(Protocol):
    """Traces cf lines to their origins (the compiler's, see compiler._Tracer)."""

    def all(self) -> tuple[CfLine, ...]: ...

    def starting(self, letters: str) -> tuple[CfLine, ...]: ...


class Compiled(_Frozen):
    """The result of :func:`mcparse.compile`."""

    cf: str
    messages: tuple[CompileMessage, ...] = ()
    shell_commands: tuple[ShellCommandUse, ...] = ()
    # What m4 would have read that the sandbox did not: the cf may differ there.
    unread: tuple[UnreadFile, ...] = ()
    cf_dir: str
    exit_status: int = 0
    stderr: str = ""
    preloaded: bool = False  # cf.m4 was read before the file (no include of its own)
    # Why m4 stopped before the end (end of file in a string, runaway
    # recursion): the cf is then only what m4 wrote until then.
    stopped: Optional[str] = None
    # Every line traced to its origin costs ~5 us; a check reads only the O, C,
    # F, D and M lines, so the whole trace is made on first use of .lines.
    _tracer: Optional[LineTracer] = PrivateAttr(default=None)
    _lines: Optional[tuple[CfLine, ...]] = PrivateAttr(default=None)

    def __init__(self, **data: Any) -> None:
        lines = data.pop("lines", None)
        tracer = data.pop("tracer", None)
        super().__init__(**data)
        self._lines = None if lines is None else tuple(lines)
        self._tracer = tracer

    @computed_field  # type: ignore[prop-decorator]
    @property
    def lines(self) -> tuple[CfLine, ...]:
        """Every line of sendmail.cf with its origin."""
        if self._lines is None:
            self._lines = self._tracer.all() if self._tracer is not None else ()
        return self._lines

    def lines_starting(self, letters: str) -> tuple[CfLine, ...]:
        """The lines whose first character is one of ``letters`` (``"D"``: macro
        definitions), traced without tracing the rest."""
        if self._lines is None and self._tracer is not None:
            return self._tracer.starting(letters)
        return tuple(line for line in self.lines if line.text[:1] and line.text[0] in letters)

    @property
    def complete(self) -> bool:
        return self.stopped is None

    @property
    def options(self) -> dict[str, str]:
        """Each ``O`` option's value as sendmail reads it (the last line wins)."""
        return {option.name: option.value for option in self.option_lines}

    @property
    def option_lines(self) -> tuple[CfOption, ...]:
        found = []
        for line in self.lines_starting("O"):
            match = _OPTION.match(line.text)
            if match:
                found.append(CfOption(name=match.group(1), value=match.group(2) or "", line=line))
        return tuple(found)

    @property
    def daemons(self) -> tuple[CfDaemon, ...]:
        """The sockets sendmail listens on, one per DaemonPortOptions line."""
        return tuple(_daemon(option) for option in self.option_lines if option.name == "DaemonPortOptions")

    @property
    def classes(self) -> dict[str, CfClass]:
        words: dict[str, list[str]] = {}
        files: dict[str, list[str]] = {}
        for line in self.lines_starting("CF"):
            match = _CLASS.match(line.text)
            if not match:
                continue
            kind, name, rest = match.group(1), match.group(2) or match.group(3), match.group(4)
            if kind == "C":
                words.setdefault(name, []).extend(rest.split())
            else:
                files.setdefault(name, []).append(rest.strip())
                words.setdefault(name, [])
        return {name: CfClass(name=name, words=tuple(words[name]), files=tuple(files.get(name, ()))) for name in words}

    @property
    def macros(self) -> dict[str, str]:
        """``D`` lines: sendmail macro name -> value (``DM``, ``D{daemon_flags}``)."""
        found: dict[str, str] = {}
        for line in self.lines_starting("D"):
            match = _MACRO.match(line.text)
            if match:
                found[match.group(1) or match.group(2)] = match.group(3)
        return found

    @property
    def mailers(self) -> tuple[CfMailer, ...]:
        found = []
        for line, text in _logical_lines(self.lines_starting("M \t")):
            match = _MAILER.match(text)
            if not match:
                continue
            fields: dict[str, str] = {}
            for part in _split_fields(match.group(2)):
                key, _, value = part.partition("=")
                fields[key.strip()] = value.strip()
            found.append(CfMailer(name=match.group(1), fields=fields, line=line))
        return tuple(found)

    def lines_from(self, mc_line: int) -> tuple[CfLine, ...]:
        """The cf lines that .mc line ``mc_line`` produced."""
        return tuple(line for line in self.lines if line.origin.mc_line == mc_line)


_OPTION = re.compile(r"^O ([^=\s]+)(?:=(.*))?$")
_CLASS = re.compile(r"^([CF])(?:(\w)|\{([^}]+)\})(.*)$")
_MACRO = re.compile(r"^D(?:(\w)|\{([^}]+)\})(.*)$")
_MAILER = re.compile(r"^M([^,\s]+)\s*,\s*(.*)$")


def _logical_lines(lines: tuple[CfLine, ...]) -> list[tuple[CfLine, str]]:
    """Join continuation lines (a leading tab or space continues the line just
    before it; ``lines`` may leave lines out, so the numbers must follow on)."""
    joined: list[tuple[CfLine, str]] = []
    previous = 0
    for line in lines:
        follows, previous = line.number == previous + 1, line.number
        if line.text[:1] in (" ", "\t") and follows and joined and joined[-1][1][:1] == "M":
            first, text = joined[-1]
            joined[-1] = (first, text + " " + line.text.strip())
        else:
            joined.append((line, line.text))
    return joined


def _split_fields(text: str) -> list[str]:
    return [part for part in (piece.strip() for piece in text.split(",")) if part]


def _daemon(option: CfOption) -> CfDaemon:
    fields: dict[str, str] = {}
    for part in _split_fields(option.value):
        key, _, value = part.partition("=")
        fields[key.strip()] = value.strip()

    def first_letter(letter: str) -> Optional[str]:
        # sendmail reads a daemon option key by its first letter only (case
        # matters), field after field, so the last one with that letter wins.
        found = None
        for key, value in fields.items():
            if key[:1] == letter:
                found = value
        return found

    return CfDaemon(
        value=option.value,
        fields=fields,
        name=first_letter("N"),
        port=first_letter("P"),
        addr=first_letter("A"),
        family=first_letter("F"),
        modifiers=first_letter("M") or "",
        line=option.line,
    )
