"""GNU m4's regular expressions (GNU Emacs syntax) translated to Python's syntax.

m4's ``regexp`` and ``patsubst`` use GNU regex with the Emacs syntax bits all
off: ``\\(`` ``\\)`` group, ``\\|`` alternates, ``*`` ``+`` ``?`` repeat (and are
plain characters where no expression precedes them), ``^`` and ``$`` anchor
only at the ends of the pattern or a group, there are no intervals and no
``[:alpha:]`` classes, a backslash inside brackets is an ordinary character,
and ``\\w \\W \\< \\> \\b \\B \\` \\'`` are the GNU operators. ``^`` and ``$`` also
match at newlines. The text is bytes read as Latin-1, so ``\\w`` is ASCII.

The translation is run by the ``regex`` module rather than ``re``: ``re``
cannot be stopped once a search starts, and a nested repetition such as
``\\(a*\\)*b`` made it run for minutes where GNU regex answers at once.
``regex`` prunes most such searches itself and takes a timeout for the rest,
so a search ends within the engine's deadline; its POSIX mode gives the
leftmost-longest match GNU regex gives, where ``re`` takes the first
alternative that matches.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


class RegexError(Exception):
    """A pattern GNU regex would reject; ``str()`` is the reason."""


_DUPS = "*+?"


def _bracket(pattern: str, i: int) -> tuple[str, int]:
    """Translate the bracket expression starting after ``[`` at ``i``."""
    n = len(pattern)
    negate = False
    if i < n and pattern[i] == "^":
        negate = True
        i += 1
    if i >= n:  # GNU regex words a pattern ending in `[' or `[^' apart
        raise RegexError("Invalid regular expression")
    items: list[str] = []
    first = True
    while True:
        if i >= n:
            raise RegexError("Unmatched [, [^, [:, [., or [=")
        ch = pattern[i]
        if ch == "]" and not first:
            i += 1
            break
        first = False
        ch, after = _bracket_char(pattern, i)
        if after + 1 < n and pattern[after] == "-" and pattern[after + 1] != "]":
            high, after = _bracket_char(pattern, after + 1)
            # A reversed range is no error in m4's syntax: it matches nothing.
            if ord(ch) <= ord(high):
                items.append(re.escape(ch) + "-" + re.escape(high))
            i = after
            continue
        i = after
        items.append(re.escape(ch) if ch not in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" else ch)
    if not items:  # only reversed ranges: a class of nothing (or, negated, of everything)
        # Spelled as a range: `regex' lets [^\s\S] match any character.
        return ("[\\x00-\\U0010ffff]" if negate else "[^\\x00-\\U0010ffff]"), i
    return ("[^" if negate else "[") + "".join(items) + "]", i


def _bracket_char(pattern: str, i: int) -> tuple[str, int]:
    """The character a bracket expression names at ``i`` and where it ends:
    itself, or a one-character collating element ``[.a.]`` or equivalence
    class ``[=a=]`` (GNU regex knows no longer ones)."""
    if pattern[i] == "[" and i + 1 < len(pattern) and pattern[i + 1] in ".=":
        close = pattern.find(pattern[i + 1] + "]", i + 2)
        if close == -1:
            raise RegexError("Unmatched [, [^, [:, [., or [=")
        if close != i + 3:
            raise RegexError("Invalid collation character")
        return pattern[i + 2], close + 2
    return pattern[i], i + 1


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Any:
    """Compile an m4 (GNU Emacs syntax) regular expression."""
    out: list[str] = []
    # Where an expression is expected (start, after \( or \| or an anchor),
    # a repetition operator is an ordinary character.
    expect = True
    # The translated text of the last atom, to wrap when operators stack.
    last_atom_start = -1
    last_was_dup = False
    depth = 0
    groups = 0
    closed: set[int] = set()
    open_stack: list[int] = []
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch in _DUPS and not expect:
            if last_was_dup:
                # a** or a+? : apply to the whole repeated atom, never as
                # Python's lazy or possessive suffix.
                atom = "".join(out[last_atom_start:])
                del out[last_atom_start:]
                out.append("(?:" + atom + ")")
            out.append(ch)
            last_was_dup = True
            i += 1
            continue
        last_was_dup = False
        if ch == "\\":
            if i + 1 >= n:
                raise RegexError("Trailing backslash")
            nxt = pattern[i + 1]
            i += 2
            if nxt == "(":
                depth += 1
                groups += 1
                open_stack.append(groups)
                out.append("(")
                expect = True
                continue
            if nxt == ")":
                if not open_stack:
                    raise RegexError("Unmatched ) or \\)")
                closed.add(open_stack.pop())
                depth -= 1
                # The group as a whole is the atom a repetition applies to.
                level = 0
                for k in range(len(out) - 1, -1, -1):
                    piece = out[k]
                    if piece == ")":
                        level += 1
                    elif piece == "(":
                        if level == 0:
                            last_atom_start = k
                            break
                        level -= 1
                out.append(")")
                expect = False
                continue
            if nxt == "|":
                out.append("|")
                expect = True
                continue
            if nxt in "123456789":
                number = int(nxt)
                if number not in closed:
                    raise RegexError("Invalid back reference")
                last_atom_start = len(out)
                out.append("(?:\\" + nxt + ")")
                expect = False
                continue
            anchors = {"`": r"\A", "'": r"\Z", "b": r"\b", "B": r"\B", "<": r"\b(?=\w)", ">": r"\b(?<=\w)"}
            if nxt in anchors:
                out.append(anchors[nxt])
                expect = True
                continue
            if nxt in "wW":
                last_atom_start = len(out)
                out.append("\\" + nxt)
                expect = False
                continue
            last_atom_start = len(out)
            out.append(re.escape(nxt))
            expect = False
            continue
        if ch == "^" or ch == "$":
            # Anchors only at the ends of the pattern or of a group/branch;
            # anywhere else they are plain characters.
            if ch == "^":
                anchor = i == 0 or pattern[i - 2 : i] in ("\\(", "\\|")
            else:
                anchor = i + 1 == n or pattern[i + 1 : i + 3] in ("\\)", "\\|")
            i += 1
            if not anchor:
                last_atom_start = len(out)
            out.append(ch if anchor else "\\" + ch)
            expect = anchor
            continue
        if ch == "[":
            translated, i = _bracket(pattern, i + 1)
            last_atom_start = len(out)
            out.append(translated)
            expect = False
            continue
        if ch == ".":
            last_atom_start = len(out)
            out.append("[^\\n]")
            expect = False
            i += 1
            continue
        last_atom_start = len(out)
        out.append(re.escape(ch))
        expect = False
        i += 1
    if open_stack:
        raise RegexError("Unmatched ( or \\(")
    # Imported here: cf.m4 never calls regexp or patsubst, so most compiles
    # (and mc-check's start) never pay for loading it.
    import regex

    try:
        # VERSION0: the syntax of ``re``, which the translation above was
        # written for; POSIX: the leftmost-longest match GNU regex finds.
        return regex.compile("".join(out), regex.MULTILINE | regex.ASCII | regex.VERSION0 | regex.POSIX)
    except regex.error as error:  # pragma: no cover - translation covers GNU's grammar
        raise RegexError(str(error)) from None
