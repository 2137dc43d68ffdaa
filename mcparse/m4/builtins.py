"""GNU m4 1.4's builtin macros.

Each handler takes the engine and the collected arguments (``args[0]`` is the
name the macro was called by) and returns what the call expands to. Argument
counts, warnings and their wording follow GNU m4 1.4.19, because admins read
those messages and tests compare them with the real m4.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any, Callable, Optional

from .engine import Builder, Builtin, Exit, Fatal, Macro, Result, ShellCommand, Value, slice_map
from . import prelude
from .expr import EvalError, evaluate, to_radix
from .fmt import FieldTooWide, format_text
from .regex import RegexError, compile_pattern

if TYPE_CHECKING:
    from .engine import Engine

Handler = Callable[["Engine", list[Value]], Result]
BUILTINS: dict[str, Builtin] = {}
# Text macros GNU m4 defines at start-up (not in traditional mode).
PREDEFINED = {"__gnu__": "", "__unix__": ""}


def _builtin(name: str, *, blind: bool = False, macros: bool = False) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        BUILTINS[name] = Builtin(name, func, blind, macros)
        return func

    return register


def _bad_argc(engine: "Engine", args: list[Value], low: int, high: int) -> bool:
    """m4's bad_argc: warn about the count; True when there are too few."""
    argc = len(args)
    if low > 0 and argc < low:
        engine.warn(f"Warning: too few arguments to builtin `{args[0].text}'")
        return True
    if high > 0 and argc > high:
        engine.warn(f"Warning: excess arguments to builtin `{args[0].text}' ignored")
    return False


_NUMBER = re.compile(r"[ \t\n\r\f\v]*[-+]?[0-9]+")


def _numeric(engine: "Engine", args: list[Value], text: str) -> Optional[int]:
    """m4's numeric_arg: an integer as strtol reads it, or None (reported)."""
    if text == "":
        engine.warn(f"empty string treated as 0 in builtin `{args[0].text}'")
        return 0
    match = _NUMBER.fullmatch(text)
    if match is None:
        engine.warn(f"non-numeric argument to builtin `{args[0].text}'")
        return None
    value = int(text)
    overflow = not -(2**63) <= value < 2**63
    # One warning at most, as m4's numeric_arg gives: leading blanks first.
    if text[0] in " \t\n\r\f\v":
        engine.warn(f"leading whitespace ignored in builtin `{args[0].text}'")
    elif overflow:
        engine.warn(f"numeric overflow detected in builtin `{args[0].text}'")
    if overflow:
        value = -(2**63) if value < 0 else 2**63 - 1
    # strtol gives a long; m4 stores it in an int.
    value &= 0xFFFFFFFF
    return value - 0x100000000 if value & 0x80000000 else value


def _arg(args: list[Value], index: int) -> str:
    return args[index].text if index < len(args) else ""


def _quote(engine: "Engine", text: str) -> str:
    return engine.lquote + text + engine.rquote


# -- definitions -------------------------------------------------------------


def _define(engine: "Engine", args: list[Value], push: bool) -> None:
    if _bad_argc(engine, args, 2, 3):
        return
    if args[1].func is not None:
        engine.warn(f"Warning: {args[0].text}: invalid macro name ignored")
        return
    name = args[1].text
    table = engine.table
    previous = table.get(name) if push else (table[name].previous if name in table else None)
    if len(args) == 2:
        table[name] = Macro(name, "", None, None, previous)
        return
    value = args[2]
    if value.func is not None:
        table[name] = Macro(name, builtin=value.func, previous=previous)
    else:
        omap = value.omap
        if omap is None and engine.call_origin is not None:
            omap = ([0], [engine.call_origin])
        table[name] = Macro(name, value.text, omap, None, previous)


@_builtin("define", blind=True, macros=True)
def m4_define(engine: "Engine", args: list[Value]) -> Result:
    _define(engine, args, push=False)
    return None


@_builtin("pushdef", blind=True, macros=True)
def m4_pushdef(engine: "Engine", args: list[Value]) -> Result:
    _define(engine, args, push=True)
    return None


@_builtin("undefine", blind=True)
def m4_undefine(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, -1):
        return None
    for value in args[1:]:
        engine.table.pop(value.text, None)
    return None


@_builtin("popdef", blind=True)
def m4_popdef(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, -1):
        return None
    table = engine.table
    for value in args[1:]:
        macro = table.get(value.text)
        if macro is None:
            continue
        if macro.previous is None:
            del table[value.text]
        else:
            table[value.text] = macro.previous
    return None


@_builtin("defn", blind=True)
def m4_defn(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, -1):
        return None
    builder = Builder()
    origin = engine.call_origin
    for value in args[1:]:
        macro = engine.table.get(value.text)
        if macro is None:
            continue
        if macro.builtin is not None:
            if len(args) != 2:
                engine.warn(f"Warning: cannot concatenate builtin `{value.text}'")
                continue
            return macro.builtin
        builder.add(engine.lquote, origin)
        builder.add_mapped(macro.text, macro.omap, origin)
        builder.add(engine.rquote, origin)
    return builder.value()


@_builtin("ifdef", blind=True)
def m4_ifdef(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 3, 4):
        return None
    if args[1].text in engine.table:
        return args[2]
    return args[3] if len(args) >= 4 else None


@_builtin("ifelse", blind=True)
def m4_ifelse(engine: "Engine", args: list[Value]) -> Result:
    argc = len(args)
    if argc == 2:
        return None
    if _bad_argc(engine, args, 4, -1):
        return None
    if (argc + 2) % 3 == 2:
        # 5, 8, 11, ... arguments: the last one is never used.
        engine.warn(f"Warning: excess arguments to builtin `{args[0].text}' ignored")
    i = 1
    remaining = argc - 1
    while True:
        if args[i].text == args[i + 1].text:
            return args[i + 2]
        if remaining == 3:
            return None
        if remaining in (4, 5):
            return args[i + 3]
        i += 3
        remaining -= 3


@_builtin("shift", blind=True)
def m4_shift(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, -1):
        return None
    builder = Builder()
    engine.dump_args(builder, args, 2, ",", True, engine.call_origin)
    return builder.value()


@_builtin("indir", blind=True, macros=True)
def m4_indir(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, -1):
        return None
    name = args[1].text
    macro = engine.table.get(name)
    if macro is None:
        engine.warn(f"undefined macro `{name}'")
        return None
    rest = args[1:]
    if macro.builtin is not None:
        engine.calls_builtin(macro.builtin)
        if not macro.builtin.groks_macros:
            rest = [Value(v.text, v.omap) if v.func is None else Value("") for v in rest]
        return macro.builtin.func(engine, rest)
    rest = [Value(v.text, v.omap) if v.func is None else Value("") for v in rest]
    engine._expand_user(macro, rest, engine.call_origin)
    return None


@_builtin("builtin", blind=True, macros=True)
def m4_builtin(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, -1):
        return None
    name = args[1].text
    builtin = BUILTINS.get(name) if args[1].func is None else args[1].func
    if builtin is None:
        engine.warn(f"undefined builtin `{name}'")
        return None
    rest = args[1:]
    engine.calls_builtin(builtin)
    if not builtin.groks_macros:
        rest = [Value(v.text, v.omap) if v.func is None else Value("") for v in rest]
    return builtin.func(engine, rest)


@_builtin("dumpdef")
def m4_dumpdef(engine: "Engine", args: list[Value]) -> Result:
    names = sorted(engine.table) if len(args) == 1 else []
    if len(args) > 1:
        for value in args[1:]:
            if value.text in engine.table:
                names.append(value.text)
            else:
                engine.warn(f"undefined macro `{value.text}'")
        names.sort()
    for name in names:
        macro = engine.table[name]
        body = f"<{macro.builtin.name}>" if macro.builtin is not None else macro.text
        engine.stderr.append(f"{name}:\t{body}\n")
    return None


# -- quoting, comments, output ---------------------------------------------


def _delimiters(engine: "Engine", args: list[Value], default_end: str) -> Optional[tuple[str, str]]:
    """The pair changequote/changecom set: None with no arguments at all;
    a non-empty start with an empty or missing end gets ``default_end``."""
    _bad_argc(engine, args, 1, 3)
    if len(args) < 2:
        return None
    start = args[1].text
    end = args[2].text if len(args) >= 3 else None
    if end is None or (start and not end):
        end = default_end
    return start, end


@_builtin("changequote")
def m4_changequote(engine: "Engine", args: list[Value]) -> Result:
    engine.set_quotes(*(_delimiters(engine, args, "'") or ("`", "'")))
    return None


@_builtin("changecom")
def m4_changecom(engine: "Engine", args: list[Value]) -> Result:
    # Unlike changequote, changecom without arguments turns comments off.
    engine.set_comment(*(_delimiters(engine, args, "\n") or ("", "")))
    return None


@_builtin("dnl")
def m4_dnl(engine: "Engine", args: list[Value]) -> Result:
    _bad_argc(engine, args, 1, 1)
    if not engine.skip_line():
        engine.warn("Warning: end of file treated as newline")
    return None


@_builtin("divert")
def m4_divert(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 1, 2):
        return None
    number = 0
    if len(args) >= 2:
        parsed = _numeric(engine, args, args[1].text)
        if parsed is None:
            return None
        number = parsed
    engine.out.divert(number)
    return None


@_builtin("divnum")
def m4_divnum(engine: "Engine", args: list[Value]) -> Result:
    _bad_argc(engine, args, 1, 1)
    return str(engine.out.number)


@_builtin("undivert")
def m4_undivert(engine: "Engine", args: list[Value]) -> Result:
    if len(args) == 1:
        engine.out.undivert_all()
        return None
    for value in args[1:]:
        text = value.text
        # A number as strtol reads it, without leading blanks; "" is 0.
        if re.fullmatch(r"[-+]?[0-9]+", text) or text == "":
            engine.out.undivert(int(text) if text else 0)
            continue
        found, refused = _read(engine, text)
        if found is not None:
            engine.emit_value(found[1], engine.call_origin)
        elif not refused:
            engine.warn(f"cannot undivert `{text}': No such file or directory")
    return None


@_builtin("errprint", blind=True)
def m4_errprint(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, -1):
        return None
    engine.errprint(" ".join(value.text for value in args[1:]))
    return None


@_builtin("m4wrap", blind=True)
def m4_m4wrap(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, -1):
        return None
    builder = Builder()
    engine.dump_args(builder, args, 1, " ", False, engine.call_origin)
    engine.wrapped.append((builder.value(), (engine.call_file, engine.call_pos)))
    return None


@_builtin("m4exit")
def m4_m4exit(engine: "Engine", args: list[Value]) -> Result:
    _bad_argc(engine, args, 1, 2)
    status = 0
    if len(args) >= 2:
        parsed = _numeric(engine, args, args[1].text)
        status = parsed if parsed is not None else 1
    if status < 0 or status > 255:
        engine.warn(f"exit status out of range: `{status}'")
        status = 1
    raise Exit(status)


# -- files -------------------------------------------------------------------


def _read(engine: "Engine", name: str) -> tuple[Optional[tuple[str, str]], bool]:
    """(reported name, text) of a file include/undivert reads, and whether the
    host refused it: not read by policy, so what m4 would do there is unknown
    rather than an error (recorded in engine.unread)."""
    found = engine.host.read_file(name)
    if found is None and engine.host.refused(name):
        engine.unread.append((name, engine.call_origin))
        return None, True
    return found, False


def _include(engine: "Engine", args: list[Value], silent: bool) -> Result:
    if _bad_argc(engine, args, 2, 2):
        return None
    name = args[1].text
    key = engine.host.prelude_key(name)
    if key is not None and not prelude.pristine(engine):
        key = None
    saved = prelude.PRELUDES.get(key) if key is not None else None
    if saved is not None:
        prelude.restore(engine, saved, engine.host.refresh_header)
        return None
    found, refused = _read(engine, name)
    if found is None:
        if not refused and not silent:
            engine.error(f"cannot open `{name}': No such file or directory")
        return None
    reported, text = found
    origin = engine.call_origin if engine.host.traced_to_caller(reported) else None
    engine.push_file(reported, text, origin=origin)
    if key is not None:
        prelude.watch(engine, engine.stack[-1], key)
    return None


@_builtin("include", blind=True)
def m4_include(engine: "Engine", args: list[Value]) -> Result:
    return _include(engine, args, silent=False)


@_builtin("sinclude", blind=True)
def m4_sinclude(engine: "Engine", args: list[Value]) -> Result:
    return _include(engine, args, silent=True)


@_builtin("__file__")
def m4___file__(engine: "Engine", args: list[Value]) -> Result:
    _bad_argc(engine, args, 1, 1)
    return _quote(engine, engine.location()[0])


@_builtin("__line__")
def m4___line__(engine: "Engine", args: list[Value]) -> Result:
    _bad_argc(engine, args, 1, 1)
    return str(engine.location()[1])


@_builtin("__program__")
def m4___program__(engine: "Engine", args: list[Value]) -> Result:
    _bad_argc(engine, args, 1, 1)
    return _quote(engine, "m4")


# -- shell: recorded, never run -----------------------------------------------


def _shell(engine: "Engine", args: list[Value], name: str) -> Optional[str]:
    if _bad_argc(engine, args, 2, -1):
        return None
    command = " ".join(value.text for value in args[1:])
    engine.shell_commands.append(ShellCommand(command, name, engine.call_origin))
    output, status = engine.host.shell(engine, command, name)
    engine.sysval = status
    return output


@_builtin("syscmd", blind=True)
def m4_syscmd(engine: "Engine", args: list[Value]) -> Result:
    output = _shell(engine, args, "syscmd")
    if output:
        engine.emit_value(output, engine.call_origin)
    return None


@_builtin("esyscmd", blind=True)
def m4_esyscmd(engine: "Engine", args: list[Value]) -> Result:
    return _shell(engine, args, "esyscmd")


@_builtin("sysval")
def m4_sysval(engine: "Engine", args: list[Value]) -> Result:
    return str(engine.sysval)


def _temp_name(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, 2):
        return None
    template = args[1].text
    stem = template.rstrip("X")
    count = len(template) - len(stem)
    # No file is created: the name is deterministic and says where it came from.
    name = stem + ("mcparse" * 2)[:count]
    return _quote(engine, name)


@_builtin("maketemp", blind=True)
def m4_maketemp(engine: "Engine", args: list[Value]) -> Result:
    return _temp_name(engine, args)


@_builtin("mkstemp", blind=True)
def m4_mkstemp(engine: "Engine", args: list[Value]) -> Result:
    return _temp_name(engine, args)


# -- text ------------------------------------------------------------------


@_builtin("len", blind=True)
def m4_len(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, 2):
        return None
    return str(len(args[1].text))


@_builtin("index", blind=True)
def m4_index(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 3, 3):
        # index(`abc') is 0 in m4 1.4.19.
        return "0" if len(args) == 2 else None
    return str(args[1].text.find(args[2].text))


@_builtin("substr", blind=True)
def m4_substr(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 3, 4):
        return args[1] if len(args) == 2 else None
    text = args[1].text
    available = len(text)
    start = _numeric(engine, args, args[2].text)
    if start is None:
        return None
    length = available
    if len(args) >= 4:
        parsed = _numeric(engine, args, args[3].text)
        if parsed is None:
            return None
        length = parsed
    if start < 0 or length <= 0 or start >= available:
        return None
    end = min(start + length, available)
    return Value(text[start:end], slice_map(args[1].omap, start, end))


def expand_ranges(text: str) -> str:
    """translit's ranges: ``a-e`` is abcde, ``e-a`` is edcba, a dash at an end is literal."""
    out: list[str] = []
    previous = ""
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "-" and previous:
            if i + 1 >= n:
                out.append("-")
                break
            target = text[i + 1]
            low, high = ord(previous), ord(target)
            if low <= high:
                out.extend(chr(c) for c in range(low + 1, high + 1))
            else:
                out.extend(chr(c) for c in range(low - 1, high - 1, -1))
            previous = target
            i += 2
            continue
        out.append(ch)
        previous = ch
        i += 1
    return "".join(out)


@_builtin("translit", blind=True)
def m4_translit(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 3, 4):
        return args[1] if len(args) == 2 else None
    source = args[2].text
    if "-" in source:
        source = expand_ranges(source)
    target = args[3].text if len(args) >= 4 else ""
    if "-" in target:
        target = expand_ranges(target)
    mapping: dict[int, Optional[str]] = {}
    j = 0
    for ch in source:
        code = ord(ch)
        if code not in mapping:
            mapping[code] = target[j] if j < len(target) else None
        if j < len(target):
            j += 1
    return args[1].text.translate(mapping)


@_builtin("regexp", blind=True)
def m4_regexp(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 3, 4):
        # regexp(`abc') is 0 in m4 1.4.19.
        return "0" if len(args) == 2 else None
    pattern = _compile(engine, args[2].text)
    if pattern is None:
        return None
    text = args[1].text
    match = _search(engine, pattern, text, 0)
    if len(args) < 4:
        return str(match.start()) if match else "-1"
    if match is None:
        return None
    return _substitute(engine, args[3].text, match)


@_builtin("patsubst", blind=True)
def m4_patsubst(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 3, 4):
        return args[1] if len(args) == 2 else None
    pattern = _compile(engine, args[2].text, " ")
    if pattern is None:
        return None
    text = args[1].text
    replacement = args[3].text if len(args) >= 4 else None
    out: list[str] = []
    offset = 0
    length = len(text)
    # What the result may grow to: a replacement longer than its match, applied
    # at every character, doubles the text on each round of a loop.
    room = _room(engine)
    produced = 0
    while offset <= length:
        match = _search(engine, pattern, text, offset)
        if match is None:
            out.append(text[offset:])
            break
        out.append(text[offset : match.start()])
        produced += match.start() - offset
        if replacement is not None:
            substituted = _substitute(engine, replacement, match)
            out.append(substituted)
            produced += len(substituted)
        offset = match.end()
        if match.start() == match.end():
            if offset < length:
                out.append(text[offset])
                produced += 1
            offset += 1
        if produced > room:
            raise Fatal(f"patsubst produces more than the {engine.budget.text:,} characters of text the "
                        "expansion bound allows; stopped")
    return "".join(out)


def _search(engine: "Engine", pattern: Any, text: str, offset: int) -> Any:
    """``pattern.search(text, offset)`` within the engine's deadline: a search
    that backtracks past it stops the expansion with a message."""
    remaining = engine.deadline - time.monotonic()
    try:
        return pattern.search(text, offset, timeout=None if remaining == float("inf") else max(remaining, 0.001))
    except TimeoutError:
        raise Fatal(f"a regular expression search took longer than the {engine.budget.seconds:g} s the "
                    "expansion may run; stopped") from None


def _compile(engine: "Engine", pattern: str, separator: str = ": ") -> Any:
    """The compiled pattern, or None after m4's warning (regexp words it with a
    colon after "expression", patsubst without)."""
    try:
        return compile_pattern(pattern)
    except RegexError as error:
        engine.warn(f"bad regular expression{separator}`{pattern}': {error}")
        return None


def _substitute(engine: "Engine", replacement: str, match: Any) -> str:
    out: list[str] = []
    i = 0
    n = len(replacement)
    while True:
        backslash = replacement.find("\\", i)
        if backslash < 0:
            out.append(replacement[i:])
            break
        out.append(replacement[i:backslash])
        if backslash + 1 >= n:
            engine.warn("Warning: trailing \\ ignored in replacement")
            break
        ch = replacement[backslash + 1]
        i = backslash + 2
        if ch == "0" or ch == "&":
            if ch == "0" and not getattr(engine, "_warned_backslash_zero", False):
                engine.warn("Warning: \\0 will disappear, use \\& instead in replacements")
                engine._warned_backslash_zero = True  # type: ignore[attr-defined]
            out.append(match.group(0))
        elif ch in "123456789":
            number = int(ch)
            if number > (match.re.groups or 0):
                engine.warn(f"Warning: sub-expression {number} not present")
            else:
                out.append(match.group(number) or "")
        else:
            out.append(ch)
    return "".join(out)


@_builtin("format", blind=True)
def m4_format(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, -1):
        return None
    try:
        return format_text(args[1].text, [value.text for value in args[2:]], engine.warn, _room(engine))
    except FieldTooWide as wide:
        raise Fatal(f"format asks for a field of {wide.size:,} characters, more text than the expansion "
                    "bound allows; stopped") from None


def _room(engine: "Engine") -> int:
    """How many characters a builtin may still produce: what the text bound
    (Budget.text) leaves. GNU m4 would build a 2 GB `%*d' or radix-1 eval
    and run out of memory; mcparse stops with a message instead."""
    return max(engine.budget.text - engine.pushed_text, 0)


# -- arithmetic ----------------------------------------------------------------


@_builtin("incr", blind=True)
def m4_incr(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, 2):
        return None
    value = _numeric(engine, args, args[1].text)
    return None if value is None else str(_wrap32(value + 1))


@_builtin("decr", blind=True)
def m4_decr(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, 2):
        return None
    value = _numeric(engine, args, args[1].text)
    return None if value is None else str(_wrap32(value - 1))


def _wrap32(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - 0x100000000 if value & 0x80000000 else value


@_builtin("eval", blind=True)
def m4_eval(engine: "Engine", args: list[Value]) -> Result:
    if _bad_argc(engine, args, 2, 4):
        return None
    radix = 10
    width = 1
    if len(args) >= 3 and args[2].text != "":
        parsed = _numeric(engine, args, args[2].text)
        if parsed is None:
            return None
        radix = parsed
    # m4 rejects the radix before it reads the width.
    if radix < 1 or radix > 36:
        engine.warn(f"radix {radix} in builtin `{args[0].text}' out of range")
        return None
    if len(args) >= 4:
        parsed = _numeric(engine, args, args[3].text)
        if parsed is None:
            return None
        width = parsed
    if width < 0:
        engine.warn(f"negative width to builtin `{args[0].text}'")
        return None
    if width > _room(engine):
        raise Fatal(f"eval asks for a width of {width:,} characters, more text than the expansion bound allows; stopped")
    expression = args[1].text
    if expression == "":  # only the empty string: blanks alone are a bad expression
        engine.warn(f"empty string treated as 0 in builtin `{args[0].text}'")
        return to_radix(0, radix, width)
    try:
        value = evaluate(expression, engine.warn)
    except EvalError as error:
        (engine.error if error.invalid else engine.warn)(f"{error}: {expression}")
        return None
    if radix == 1 and abs(value) > _room(engine):
        raise Fatal(f"eval in radix 1 would write {abs(value):,} digits, more text than the expansion bound allows; stopped")
    return to_radix(value, radix, width)


# -- tracing ------------------------------------------------------------------


@_builtin("traceon")
def m4_traceon(engine: "Engine", args: list[Value]) -> Result:
    if len(args) == 1:
        engine.trace_all = True
    engine.traced.update(value.text for value in args[1:])
    return None


@_builtin("traceoff")
def m4_traceoff(engine: "Engine", args: list[Value]) -> Result:
    if len(args) == 1:
        engine.trace_all = False
    engine.traced.difference_update(value.text for value in args[1:])
    return None


@_builtin("debugmode")
def m4_debugmode(engine: "Engine", args: list[Value]) -> Result:
    flags = args[1].text if len(args) > 1 else ""
    if len(args) == 1:
        engine.debug_flags = ""
    elif flags.startswith("-"):
        engine.debug_flags = "".join(c for c in engine.debug_flags if c not in flags[1:])
    elif flags.startswith("+"):
        engine.debug_flags += flags[1:]
    else:
        engine.debug_flags = flags
    return None


@_builtin("debugfile")
def m4_debugfile(engine: "Engine", args: list[Value]) -> Result:
    return None
