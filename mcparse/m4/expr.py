"""m4's ``eval``: 32-bit integer arithmetic with C's operators.

GNU m4 1.4 evaluates with 32-bit two's complement wrap-around, accepts
decimal, octal (``017``), hexadecimal (``0x1f``), binary (``0b101``) and any
radix (``0r36:zz``), and has ``**`` for powers. A bad expression is not an
exception for the caller: :func:`evaluate` returns an error text that the
builtin reports the way m4 does, and the call expands to nothing.
"""

from __future__ import annotations

import re
from typing import Callable, Union

_TOKEN = re.compile(
    r"\s*(?:(0[xX][0-9A-Za-z]*|0[bB][0-9A-Za-z]*|0[rR][0-9A-Za-z:]*|[0-9][0-9A-Za-z]*)"
    r"|(\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%()<>!~&|^=]))"
)


class EvalError(Exception):
    """A bad expression; ``str()`` is m4's description of it."""


def _wrap(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - 0x100000000 if value & 0x80000000 else value


def _number(text: str) -> int:
    lowered = text.lower()
    if lowered.startswith("0x"):
        base, digits = 16, text[2:]
    elif lowered.startswith("0b"):
        base, digits = 2, text[2:]
    elif lowered.startswith("0r"):
        radix, _, digits = text[2:].partition(":")
        if not radix.isdigit() or not _ or not (1 <= int(radix) <= 36):
            raise EvalError("bad expression in eval (bad input)")
        base = int(radix)
    elif text.startswith("0") and len(text) > 1:
        base, digits = 8, text[1:]
    else:
        base, digits = 10, text
    if not digits:
        raise EvalError("bad expression in eval (bad input)")
    value = 0
    for ch in digits.lower():
        if base == 1:
            if ch != "1":
                raise EvalError("bad expression in eval (bad input)")
            value += 1
            continue
        digit = int(ch, 36) if ch.isalnum() else 99
        if digit >= base:
            raise EvalError("bad expression in eval (bad input)")
        value = value * base + digit
    return _wrap(value)


class _Parser:
    def __init__(self, text: str, warn: Callable[[str], None]) -> None:
        self.warn = warn
        self.tokens: list[Union[int, str]] = []
        pos = 0
        text = text.rstrip()
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None:
                raise EvalError("bad expression in eval (bad input)")
            if match.group(1) is not None:
                self.tokens.append(_number(match.group(1)))
            else:
                self.tokens.append(match.group(2))
            pos = match.end()
        self.index = 0

    def peek(self) -> Union[int, str, None]:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Union[int, str, None]:
        token = self.peek()
        self.index += 1
        return token

    def parse(self) -> int:
        if not self.tokens:
            raise EvalError("empty string treated as 0")
        value = self.logical_or()
        if self.peek() is not None:
            token = self.peek()
            raise EvalError("bad expression in eval (excess input)" if token != ")" else "bad expression in eval")
        return value

    def logical_or(self) -> int:
        left = self.logical_and()
        while self.peek() == "||":
            self.take()
            right = self.logical_and()
            left = 1 if (left or right) else 0
        return left

    def logical_and(self) -> int:
        left = self.bit_or()
        while self.peek() == "&&":
            self.take()
            right = self.bit_or()
            left = 1 if (left and right) else 0
        return left

    def bit_or(self) -> int:
        left = self.bit_xor()
        while self.peek() == "|":
            self.take()
            left = _wrap(left | self.bit_xor())
        return left

    def bit_xor(self) -> int:
        left = self.bit_and()
        while self.peek() == "^":
            self.take()
            left = _wrap(left ^ self.bit_and())
        return left

    def bit_and(self) -> int:
        left = self.equality()
        while self.peek() == "&":
            self.take()
            left = _wrap(left & self.equality())
        return left

    def equality(self) -> int:
        left = self.comparison()
        while self.peek() in ("==", "!=", "="):
            op = self.take()
            if op == "=":
                self.warn("Warning: recommend ==, not =, for equality operator")
            right = self.comparison()
            left = int(left == right) if op != "!=" else int(left != right)
        return left

    def comparison(self) -> int:
        left = self.shift()
        while self.peek() in ("<", "<=", ">", ">="):
            op = self.take()
            right = self.shift()
            left = int(
                left < right if op == "<" else left <= right if op == "<=" else left > right if op == ">" else left >= right
            )
        return left

    def shift(self) -> int:
        left = self.additive()
        while self.peek() in ("<<", ">>"):
            op = self.take()
            right = self.additive() & 31
            left = _wrap(left << right) if op == "<<" else _wrap(left >> right)
        return left

    def additive(self) -> int:
        left = self.multiplicative()
        while self.peek() in ("+", "-"):
            op = self.take()
            right = self.multiplicative()
            left = _wrap(left + right if op == "+" else left - right)
        return left

    def multiplicative(self) -> int:
        left = self.power()
        while self.peek() in ("*", "/", "%"):
            op = self.take()
            right = self.power()
            if op == "*":
                left = _wrap(left * right)
            elif right == 0:
                raise EvalError("divide by zero in eval" if op == "/" else "modulo by zero in eval")
            else:
                # C truncates toward zero.
                quotient = abs(left) // abs(right)
                if (left < 0) != (right < 0):
                    quotient = -quotient
                left = _wrap(quotient) if op == "/" else _wrap(left - right * quotient)
        return left

    def power(self) -> int:
        base = self.unary()
        if self.peek() == "**":
            self.take()
            exponent = self.power()
            if exponent < 0:
                raise EvalError("negative exponent in eval")
            result = 1
            for _ in range(min(exponent, 64)):
                result = _wrap(result * base)
            if exponent > 64 and base not in (0, 1, -1):
                result = _wrap(pow(base, exponent, 1 << 32))
            elif exponent > 64 and base == -1:
                result = 1 if exponent % 2 == 0 else -1
            return result
        return base

    def unary(self) -> int:
        token = self.peek()
        if token in ("+", "-", "~", "!"):
            self.take()
            value = self.unary()
            if token == "-":
                return _wrap(-value)
            if token == "~":
                return _wrap(~value)
            if token == "!":
                return int(not value)
            return value
        return self.primary()

    def primary(self) -> int:
        token = self.take()
        if isinstance(token, int):
            return token
        if token == "(":
            value = self.logical_or()
            if self.take() != ")":
                raise EvalError("bad expression in eval (missing right parenthesis)")
            return value
        raise EvalError("bad expression in eval")


def evaluate(text: str, warn: Callable[[str], None]) -> int:
    """Evaluate ``text`` as m4's eval would; raises :class:`EvalError`."""
    return _Parser(text, warn).parse()


def to_radix(value: int, radix: int, width: int) -> str:
    """Format ``value`` in ``radix`` (1..36) padded with zeros to ``width`` digits."""
    negative = value < 0
    magnitude = -value if negative else value
    if radix == 1:
        digits = "1" * magnitude
    else:
        chars = []
        while magnitude:
            magnitude, digit = divmod(magnitude, radix)
            chars.append("0123456789abcdefghijklmnopqrstuvwxyz"[digit])
        digits = "".join(reversed(chars)) or "0"
    if len(digits) < width:
        digits = "0" * (width - len(digits)) + digits
    return "-" + digits if negative else digits
