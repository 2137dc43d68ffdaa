"""m4's ``eval``: 32-bit integer arithmetic with C's operators.

GNU m4 1.4 evaluates with 32-bit two's complement wrap-around, accepts
decimal, octal (``017``), hexadecimal (``0x1f``), binary (``0b101``) and any
radix (``0r36:zz``), and has ``**`` for powers. A bad expression is not an
exception for the caller: :func:`evaluate` returns an error text that the
builtin reports the way m4 does, and the call expands to nothing.
"""

from __future__ import annotations

from typing import Callable, Union

_OPERATORS = ("**", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||")
_SINGLE = "+-*/%()<>!~&|^="
# Compound assignments and ++/--: m4 names them as invalid operators.
_BAD = ("<<=", ">>=", "**=", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=")
ERROR = "error"  # a character no token starts with
BADOP = "badop"


class EvalError(Exception):
    """A bad expression; ``str()`` is m4's description of it."""

    def __init__(self, message: str, invalid: bool = False) -> None:
        super().__init__(message)
        # m4 exits 1 after an invalid operator; other eval errors only warn.
        self.invalid = invalid


def _wrap(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - 0x100000000 if value & 0x80000000 else value


def _lex(text: str) -> list[Union[int, str]]:
    """m4 1.4's eval_lex over the whole text (numbers stop at a bad digit)."""
    tokens: list[Union[int, str]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\n\r\f\v":
            i += 1
            continue
        if ch.isdigit() and ch.isascii():
            base = 10
            if ch == "0":
                i += 1
                marker = text[i : i + 1].lower()
                if marker == "x":
                    base, i = 16, i + 1
                elif marker == "b":
                    base, i = 2, i + 1
                elif marker == "r":
                    i += 1
                    base = 0
                    while i < n and text[i].isdigit() and text[i].isascii() and base <= 36:
                        base = base * 10 + int(text[i])
                        i += 1
                    if base == 0 or base > 36 or text[i : i + 1] != ":":
                        tokens.append(ERROR)
                        return tokens
                    i += 1
                else:
                    base = 8
            value = 0
            while i < n:
                c = text[i]
                if c.isascii() and c.isdigit():
                    digit = ord(c) - 48
                elif c.isascii() and c.islower():
                    digit = ord(c) - 87
                elif c.isascii() and c.isupper():
                    digit = ord(c) - 55
                else:
                    break
                if base == 1:
                    if digit == 1:
                        value += 1
                    elif not (digit == 0 and value == 0):
                        break
                elif digit >= base:
                    break
                else:
                    value = value * base + digit
                i += 1
            tokens.append(_wrap(value))
            continue
        for bad in _BAD:
            if text.startswith(bad, i):
                tokens.append(BADOP)
                return tokens
        for op in _OPERATORS:
            if text.startswith(op, i):
                tokens.append(op)
                i += len(op)
                break
        else:
            if ch in _SINGLE:
                tokens.append(ch)
                i += 1
            else:
                tokens.append(ERROR)
                return tokens
    return tokens


class _Parser:
    def __init__(self, text: str, warn: Callable[[str], None]) -> None:
        self.warn = warn
        self.tokens = _lex(text)
        self.index = 0
        # Inside the unevaluated side of && and ||: parse, but do not fail.
        self.skipping = 0

    def peek(self) -> Union[int, str, None]:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Union[int, str, None]:
        token = self.peek()
        self.index += 1
        return token

    def parse(self) -> int:
        if not self.tokens:
            raise EvalError("bad expression in eval")  # blanks only: m4 has no term to read
        value = self.logical_or()
        token = self.peek()
        if token == ERROR:
            raise EvalError("bad expression in eval (bad input)")
        if token == BADOP:
            raise EvalError("invalid operator in eval", invalid=True)
        if token is not None:
            raise EvalError("bad expression in eval (excess input)")
        return value

    def logical_or(self) -> int:
        left = self.logical_and()
        while self.peek() == "||":
            self.take()
            if left:
                self.skipping += 1
                self.logical_and()
                self.skipping -= 1
                left = 1
            else:
                left = 1 if self.logical_and() else 0
        return left

    def logical_and(self) -> int:
        left = self.bit_or()
        while self.peek() == "&&":
            self.take()
            if not left:
                self.skipping += 1
                self.bit_or()
                self.skipping -= 1
                left = 0
            else:
                left = 1 if self.bit_or() else 0
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
            right = self.comparison()
            if op == "=":  # only once the right side has parsed, as m4 does
                self.warn("Warning: recommend ==, not =, for equality operator")
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
                if self.skipping:
                    left = 0
                    continue
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
            if exponent < 0 or (exponent == 0 and base == 0):
                if self.skipping:
                    return 0
                raise EvalError("negative exponent in eval" if exponent < 0 else "divide by zero in eval")
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
            closing = self.take()
            if closing == ERROR:
                raise EvalError("bad expression in eval (bad input)")
            if closing != ")":
                raise EvalError("bad expression in eval (missing right parenthesis)")
            return value
        if token == BADOP:
            raise EvalError("invalid operator in eval", invalid=True)
        if token == ERROR and self.index > 1:
            # A character no token starts with, where an operand follows an
            # operator or `(': m4 says so; as the very first token it does not.
            raise EvalError("bad expression in eval (bad input)")
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
