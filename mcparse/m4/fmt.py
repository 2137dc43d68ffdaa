"""m4's ``format``: C printf over m4 arguments.

Each conversion takes the next argument and reads it the way GNU m4 does:
integers as C's ``strtol`` would (leading number, rest ignored), floating
point as ``strtod``, ``%c`` as a number's byte. A missing argument counts as
empty (0). Unknown conversions are dropped with a warning, as in m4.
"""

from __future__ import annotations

import re
from typing import Callable

_SPEC = re.compile(r"%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|L|q|j|z|t)?(.)?", re.DOTALL)
_INT = re.compile(r"\s*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")
_FLOAT = re.compile(r"\s*[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|inf(?:inity)?|nan)", re.IGNORECASE)


def _as_int(text: str, warn: Callable[[str], None] = lambda _: None) -> int:
    match = _INT.match(text)
    if text and (match is None or match.end() != len(text)):
        warn(f"non-numeric argument {text}")
    if match is None:
        return 0
    sign, digits = match.groups()
    value = int(digits, 0) if not (digits.startswith("0") and len(digits) > 1 and digits[1] not in "xX") else int(digits, 8)
    value = -value if sign == "-" else value
    # C long on 64-bit Linux, then narrowed to int for %d as m4 does.
    value &= 0xFFFFFFFF
    return value - 0x100000000 if value & 0x80000000 else value


def _as_float(text: str, warn: Callable[[str], None] = lambda _: None) -> float:
    match = _FLOAT.match(text)
    if text and (match is None or match.end() != len(text)):
        warn(f"non-numeric argument {text}")
    return float(match.group(0)) if match else 0.0


class FieldTooWide(ValueError):
    """A width or precision larger than the text the caller may still produce."""

    def __init__(self, size: int) -> None:
        super().__init__(f"field of {size} characters")
        self.size = size


def format_text(template: str, args: list[str], warn: Callable[[str], None], room: int = 1 << 62) -> str:
    """Expand ``template`` with ``args`` as m4's format builtin does."""
    out: list[str] = []
    index = 0

    def next_arg() -> str:
        nonlocal index
        value = args[index] if index < len(args) else ""
        index += 1
        return value

    pos = 0
    while True:
        percent = template.find("%", pos)
        if percent < 0:
            out.append(template[pos:])
            break
        out.append(template[pos:percent])
        match = _SPEC.match(template, percent)
        assert match is not None
        flags, width, precision, _length, conversion = match.groups()
        pos = match.end()
        if conversion is None:
            warn(f"Warning: unrecognized specifier in `{template}'")
            break
        if conversion == "%":
            out.append("%")
            continue
        flags = flags.replace("'", "")
        if width == "*":
            star = _as_int(next_arg(), warn)
            if star < 0:
                flags += "-"
                star = -star
            width = str(star)
        if precision == "*":
            star = _as_int(next_arg(), warn)
            precision = str(star) if star >= 0 else None
        for field in (width, precision):
            if field and int(field) > room:
                raise FieldTooWide(int(field))
        spec = "%" + flags + (width or "") + ("." + precision if precision is not None else "")
        if conversion in "di":
            out.append((spec + "d") % _as_int(next_arg(), warn))
        elif conversion in "ouxX":
            value = _as_int(next_arg(), warn) & 0xFFFFFFFF
            if conversion == "o" and "#" in flags:
                # C's %#o only makes sure the number starts with 0.
                digits = ("%" + flags.replace("#", "") + (width or "") + ("." + precision if precision is not None else "") + "o") % value
                stripped = digits.lstrip(" ")
                if not stripped.startswith("0"):
                    digits = digits[: len(digits) - len(stripped)] + "0" + stripped
                    if width and len(digits) > int(width) and digits.startswith(" "):
                        digits = digits[1:]
                out.append(digits)
            else:
                out.append((spec + ("d" if conversion == "u" else conversion)) % value)
        elif conversion == "c":
            out.append((spec + "c") % chr(_as_int(next_arg(), warn) & 0xFF))
        elif conversion == "s":
            out.append((spec + "s") % next_arg())
        elif conversion in "eEfFgG":
            text = (spec + conversion) % _as_float(next_arg(), warn)
            out.append(text)
        elif conversion in "aA":
            value = _as_float(next_arg(), warn).hex()
            out.append(value if conversion == "a" else value.upper())
        else:
            warn(f"Warning: unrecognized specifier in `{template}'")
    return "".join(out)
