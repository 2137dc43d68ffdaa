"""Read facts straight out of an installed sendmail-cf tree.

This is test and maintenance tooling, not library code: the library ships the
results as JSON and never needs sendmail-cf. The tests compare the shipped JSON
with what these functions find, and ``sync_vocabulary.py`` uses them to refresh
the mechanical fields after a sendmail-cf upgrade.

Only the small subset of m4 that the ostype files and the option tables use is
understood: quoting (with ``changequote``), ``#`` comments, ``dnl`` and macro
calls whose arguments may hold further calls. That is enough because every
result is checked against real m4 in ``test_vocabulary.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CF_DIR = Path("/usr/share/sendmail/cf")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class Call:
    """One macro call: its name and its arguments with one level of quotes removed."""

    name: str
    args: list[str]
    # Calls that m4 would run while collecting the arguments (unquoted calls).
    eager: list[Call] = field(default_factory=list)


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lq = "`"
        self.rq = "'"

    def _skip_quoted(self) -> str:
        """Consume a quoted string at pos; return its contents (one quote level)."""
        depth = 0
        start = self.pos + len(self.lq)
        i = self.pos
        while i < len(self.text):
            if self.text.startswith(self.lq, i):
                depth += 1
                i += len(self.lq)
            elif self.text.startswith(self.rq, i):
                depth -= 1
                i += len(self.rq)
                if depth == 0:
                    self.pos = i
                    return self.text[start : i - len(self.rq)]
            else:
                i += 1
        self.pos = len(self.text)
        return self.text[start:]

    def _skip_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1

    def calls(self) -> list[Call]:
        found: list[Call] = []
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if text.startswith(self.lq, self.pos):
                self._skip_quoted()
            elif ch == "#":
                self._skip_line()
            elif _NAME.match(ch):
                m = _NAME.match(text, self.pos)
                assert m is not None
                word = m.group(0)
                self.pos = m.end()
                if word == "dnl":
                    self._skip_line()
                    continue
                call = self._call(word)
                found.extend(call.eager)
                call.eager = []
                found.append(call)
                if word == "changequote":
                    self._changequote(call.args)
            else:
                self.pos += 1
        return found

    def _changequote(self, args: list[str]) -> None:
        if not args or args == [""]:
            self.lq, self.rq = "`", "'"
        else:
            self.lq = args[0]
            self.rq = args[1] if len(args) > 1 and args[1] else "'"

    def _call(self, name: str) -> Call:
        call = Call(name, [])
        if self.pos >= len(self.text) or self.text[self.pos] != "(":
            return call
        self.pos += 1
        current: list[str] = []
        depth = 0
        at_arg_start = True
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if at_arg_start and ch in " \t\n":
                # m4 drops unquoted leading whitespace of every argument.
                self.pos += 1
                continue
            at_arg_start = False
            if text.startswith(self.lq, self.pos):
                current.append(self._skip_quoted())
            elif ch == "#":
                start = self.pos
                self._skip_line()
                current.append(text[start : self.pos])
            elif ch == "(":
                depth += 1
                current.append(ch)
                self.pos += 1
            elif ch == ")":
                if depth == 0:
                    self.pos += 1
                    call.args.append("".join(current))
                    return call
                depth -= 1
                current.append(ch)
                self.pos += 1
            elif ch == "," and depth == 0:
                call.args.append("".join(current))
                current = []
                at_arg_start = True
                self.pos += 1
            elif _NAME.match(ch):
                m = _NAME.match(text, self.pos)
                assert m is not None
                word = m.group(0)
                self.pos = m.end()
                if self.pos < len(text) and text[self.pos] == "(" and word in _EAGER:
                    inner = self._call(word)
                    call.eager.extend(inner.eager)
                    inner.eager = []
                    call.eager.append(inner)
                else:
                    current.append(word)
            else:
                current.append(ch)
                self.pos += 1
        call.args.append("".join(current))
        return call


# Macros whose unquoted use inside another call's arguments we must follow,
# because m4 runs them while it collects those arguments (linux.m4 relies on it).
_EAGER = frozenset({"define", "_DEFIFNOT", "FEATURE", "MODIFY_MAILER_FLAGS"})


def m4_calls(text: str) -> list[Call]:
    """Top-level macro calls of an m4 file, in order, eager inner calls first."""
    return _Lexer(text).calls()


@dataclass
class OstypeEffects:
    defines: dict[str, str] = field(default_factory=dict)
    default_defines: dict[str, str] = field(default_factory=dict)
    conditional_defines: dict[str, str] = field(default_factory=dict)
    features: list[str] = field(default_factory=list)
    mailer_flag_changes: list[list[str]] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _defines_in(text: str) -> list[Call]:
    return [c for c in m4_calls(text) if c.name == "define" and c.args]


def _conditional_defines(args: list[str]) -> list[Call]:
    """The defines in the branches of an ``ifelse``, nested ones too: Debian's
    confBIND_OPTS sits two ``ifelse`` deep (IPv6 enabled, then a version test)."""
    found: list[Call] = []
    for arg in args:
        for inner in m4_calls(arg):
            if inner.name == "define" and inner.args:
                found.append(inner)
            elif inner.name == "ifelse":
                found.extend(_conditional_defines(inner.args))
    return found


def ostype_effects(name: str, cf_dir: Path = CF_DIR) -> OstypeEffects:
    """What ``OSTYPE(name)`` defines, following includes of other ostype files."""
    effects = OstypeEffects()
    _collect_ostype(cf_dir / "ostype" / f"{name}.m4", cf_dir, effects)
    return effects


def _collect_ostype(path: Path, cf_dir: Path, fx: OstypeEffects) -> None:
    for call in m4_calls(path.read_text(errors="replace")):
        args = call.args
        if call.name == "define" and args:
            fx.defines[args[0]] = args[1] if len(args) > 1 else ""
        elif call.name == "_DEFIFNOT" and len(args) >= 2:
            fx.default_defines[args[0]] = args[1]
        elif call.name == "ifdef" and len(args) >= 3 and args[1] == "":
            for inner in _defines_in(args[2]):
                fx.default_defines[inner.args[0]] = inner.args[1] if len(inner.args) > 1 else ""
        elif call.name == "ifelse":
            for inner in _conditional_defines(args):
                fx.conditional_defines[inner.args[0]] = inner.args[1] if len(inner.args) > 1 else ""
        elif call.name == "FEATURE" and args:
            fx.features.append(args[0])
        elif call.name == "MODIFY_MAILER_FLAGS" and len(args) >= 2:
            fx.mailer_flag_changes.append([args[0].strip(), args[1].strip()])
        elif call.name == "include" and args:
            target = args[0]
            m = re.search(r"ostype/([^/]+)\.m4$", target)
            if m:
                fx.includes.append(m.group(1))
                _collect_ostype(cf_dir / "ostype" / f"{m.group(1)}.m4", cf_dir, fx)
            else:
                fx.includes.append(target)
        elif call.name == "errprint" and args:
            fx.messages.append(args[0].strip())


@dataclass(frozen=True)
class ProtoOption:
    option: str
    variable: str
    example: str | None
    line: int
    milter_only: bool


def proto_options(cf_dir: Path = CF_DIR) -> list[ProtoOption]:
    """Every ``_OPTION(Name, `var', `example')`` line of m4/proto.m4, in order."""
    lines = (cf_dir / "m4" / "proto.m4").read_text(errors="replace").splitlines()
    found: list[ProtoOption] = []
    in_milter_block = False
    for number, line in enumerate(lines, start=1):
        if "_MAIL_FILTERS_DEF)" in line:
            in_milter_block = True
        if line.startswith("_OPTION("):
            (call,) = [c for c in m4_calls(line) if c.name == "_OPTION"]
            example = call.args[2] if len(call.args) > 2 else None
            found.append(
                ProtoOption(call.args[0], call.args[1], example, number, in_milter_block)
            )
            if in_milter_block and line.endswith("')')"):
                in_milter_block = False
    return found


def cfhead_defaults(cf_dir: Path = CF_DIR) -> dict[str, str]:
    """Macros that m4/cfhead.m4 defines before the .mc is read (raw definitions)."""
    text = (cf_dir / "m4" / "cfhead.m4").read_text(errors="replace")
    # Only the option defaults block: the top of the file defines the macros
    # (FEATURE, MAILER, ...) themselves, which we do not want here.
    start = text.index("# default location for files")
    return {
        c.args[0]: (c.args[1] if len(c.args) > 1 else "")
        for c in m4_calls(text[start:])
        if c.name == "define" and c.args and not c.args[0].startswith("_REC_")
    }


def expand_simple(raw: str, macros: dict[str, str] | None = None) -> str:
    """Expand a macro body the way m4 rescans it, knowing only ``macros``.

    Quoted text loses one quote level and is not rescanned; unquoted names in
    ``macros`` are replaced (and their bodies expanded); anything else is literal.
    """
    known = {"MAIL_SETTINGS_DIR": "/etc/mail/"} if macros is None else macros
    out: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i] == "`":
            lex = _Lexer(raw)
            lex.pos = i
            out.append(lex._skip_quoted())
            i = lex.pos
        elif _NAME.match(raw[i]):
            m = _NAME.match(raw, i)
            assert m is not None
            word = m.group(0)
            out.append(expand_simple(known[word], known) if word in known else word)
            i = m.end()
        else:
            out.append(raw[i])
            i += 1
    return "".join(out)


def names_in(folder: str, cf_dir: Path = CF_DIR) -> list[str]:
    """Base names of the ``*.m4`` files in one sendmail-cf folder."""
    return sorted(p.name[: -len(".m4")] for p in (cf_dir / folder).glob("*.m4"))


def conf_names_read_by_proto(cf_dir: Path = CF_DIR) -> set[str]:
    """Every ``confXXX`` name that m4/proto.m4 mentions (obsolete ones included)."""
    text = (cf_dir / "m4" / "proto.m4").read_text(errors="replace")
    return {n for n in re.findall(r"\bconf[A-Z][A-Z0-9_]*[A-Z0-9]\b", text)}
