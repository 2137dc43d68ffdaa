"""The catalogue of hostile inputs, shared by tests/hardening and benchmarks/hostile.py.

Each entry builds its input at a ``scale`` (1.0 = the size issue #8 names),
so the benchmark can check that time grows linearly (x1, x2, x4) and the
tests can run the slow ones smaller. Inputs are ``str`` or, where the bytes
themselves are the point (NUL, invalid UTF-8), ``bytes``.
"""

from __future__ import annotations

from typing import Callable, Union

Source = Union[str, bytes]

CF_HEAD = "divert(-1)dnl\ninclude(`../m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"


def _n(count: int, scale: float) -> int:
    return max(1, int(count * scale))


HOSTILE: dict[str, Callable[[float], Source]] = {
    "200,000 unclosed backquotes, one line": lambda s: "`" * _n(200_000, s),
    "200,000 unclosed backquotes, one per line": lambda s: "`\n" * _n(200_000, s),
    "100,000 nested quotes": lambda s: "`" * _n(100_000, s) + "'" * _n(100_000, s),
    "100,000 quotes closed once": lambda s: "`" * _n(100_000, s) + "'",
    "50,000 unclosed calls": lambda s: "FEATURE(" * _n(50_000, s),
    "50,000 unclosed calls after cf.m4": lambda s: CF_HEAD + "FEATURE(" * _n(50_000, s),
    "20,000 nested calls of a defined macro": lambda s: "define(`f', `$1')" + "f(" * _n(20_000, s) + ")" * _n(20_000, s),
    "10,000 nested ifelse": lambda s: "ifelse(" * _n(10_000, s) + ")" * _n(10_000, s),
    "2 MB line of one word": lambda s: "x" * _n(2 << 20, s),
    "2 MB line of short words": lambda s: "abc " * _n((2 << 20) // 4, s),
    "1 MB quoted argument": lambda s: "FEATURE(`" + "a" * _n(1 << 20, s) + "')dnl\n",
    "1 MB unquoted argument": lambda s: "define(`confX', " + "a" * _n(1 << 20, s) + ")dnl\n",
    "NUL bytes": lambda s: b"FEATURE(`a\x00b')dnl\n" + b"\x00" * _n(1 << 20, s),
    "invalid UTF-8": lambda s: b"dnl caf\xe9\nFEATURE(`\xff\xfe')\n" + b"\xc3\x28 \xa0\xa1 " * _n(100_000, s),
    "a file of one apostrophe": lambda s: "'",
    "define that expands to itself": lambda s: "define(`x', `x x')x\n",
    "mutual recursion": lambda s: "define(`a', `b')define(`b', `a')a\n",
    "shift() recursion over many arguments": lambda s: "define(`s', `s(shift($@))')s(" + "a," * _n(2_000, s) + ")\n",
    "dnl storm": lambda s: "dnl\n" * _n(200_000, s),
    "10,000 DAEMON_OPTIONS": lambda s: CF_HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" * _n(10_000, s),
    "eval power tower": lambda s: "eval(((((((2**64)**64)**64)**64)**64)**64))\n",
    "eval nested parentheses": lambda s: "eval(" + "(" * 240 + "1" + ")" * 240 + ")\n",
    "regexp with exponential backtracking": lambda s: "regexp(`" + "a" * 30 + "!', `\\(a*\\)*b')\n",
    "translit over every code point": lambda s: "translit(`abc', `\x01-\U0010ffff', `x')\n",
}

# Inputs whose size does not depend on the scale: timed once, not for linearity.
FIXED_SIZE = {
    "a file of one apostrophe", "define that expands to itself", "mutual recursion", "eval power tower",
    "eval nested parentheses", "regexp with exponential backtracking", "translit over every code point",
}
