"""Our call structure against m4's own tokeniser, on random snippets.

Each of the names f, g and h is defined as a macro that prints its argument
count and its first four arguments between markers. m4 then shows which
calls it really expanded, with how many arguments and what text each
collected (leading whitespace dropped, one quote level stripped, inner
macros already expanded). The same output is predicted from our tree; any
difference is a place where the parser disagrees with m4.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from typing import Iterable

import pytest

from mcparse.ast import Argument, MacroCall, Node
from mcparse.syntax import parse

MACROS = ("f", "g", "h")
# Words that are neither our macros nor m4 builtins.
WORDS = ("x", "yy", "Port", "smtp", "a1", "Name_2")
# The body quotes everything but the parameters, so the name in the marker
# is not rescanned as a macro call.
PRELUDE = "".join(f"define(`{name}', ``<{name}:'$#:`$1'|`$2'|`$3'|`$4'>')dnl\n" for name in MACROS)
CASES = 200
SEED = 20240611


class Snippet:
    """A random snippet built from m4 constructs; quotes and calls always
    balance, so m4 reads it without error."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def text(self) -> str:
        return _join(self.item(0, in_argument=False) for _ in range(self.rng.randint(1, 8)))

    def item(self, depth: int, in_argument: bool) -> str:
        rng = self.rng
        choice = rng.random()
        if choice < 0.22 and depth < 4:
            return self.call(depth)
        if choice < 0.35:
            return self.quoted(depth)
        if choice < 0.55:
            return rng.choice(WORDS)
        if choice < 0.65:
            return rng.choice([" ", "  ", "\t", "\n", "\r\n"])
        if choice < 0.70:
            return rng.choice(MACROS) + rng.choice([" ", "\n", " (x)", "-"])  # a name without "("
        if choice < 0.75:
            # A comment: parentheses and commas in it do not count.
            return "#" + "".join(rng.choice(["x", " ", "(", ")", ",", "f("]) for _ in range(rng.randint(0, 5))) + "\n"
        if choice < 0.80:
            return "dnl" + rng.choice(["", " f(", " x)"]) + "\n"
        if choice < 0.88 and in_argument and depth < 4:
            return "(" + _join(self.item(depth + 1, True) for _ in range(rng.randint(0, 3))) + rng.choice(["", ","]) + ")"
        if not in_argument:
            return rng.choice([")", ",", " (", "$1", "<@>"])
        return rng.choice(["$1", "<@>", "=", ";"])

    def quoted(self, depth: int) -> str:
        rng = self.rng
        parts = [rng.choice(["x", " ", ",", "(", ")", "#", "f(", "dnl", "\n"]) for _ in range(rng.randint(0, 4))]
        if depth < 4 and rng.random() < 0.3:
            parts.insert(rng.randint(0, len(parts)), self.quoted(depth + 1))
        return "`" + "".join(parts) + "'"

    def call(self, depth: int) -> str:
        rng = self.rng
        name = rng.choice(MACROS + ("x",))  # x( is not a macro: m4 leaves it as text
        arguments = []
        for _ in range(rng.randint(1, 5)):
            leading = rng.choice(["", "", " ", "\n  ", "\t"])
            arguments.append(leading + _join(self.item(depth + 1, True) for _ in range(rng.randint(0, 3))))
        return f"{name}(" + ",".join(arguments) + ")"


def _join(pieces: Iterable[str]) -> str:
    """Concatenate pieces, with a space where two would fuse into one word
    (``x`` then ``dnl`` is the word ``xdnl``, not a comment)."""
    out = ""
    for piece in pieces:
        if out and piece and _WORD_CHAR.match(out[-1]) and _WORD_CHAR.match(piece[0]):
            out += " "
        out += piece
    return out


_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


def expected_output(tree_children: tuple[Node, ...]) -> str:
    """What m4 prints for a snippet, predicted from our tree."""
    return "".join(_render(node) for node in tree_children)


def _render(node: Node) -> str:
    # Nesting is bounded by the generator (depth < 5), so recursion is safe here.
    kind = node.kind
    if kind == "quoted":
        return node.text[1:-1]  # type: ignore[attr-defined]
    if kind == "comment":
        return "" if node.style == "dnl" else node.text  # type: ignore[attr-defined]
    if kind == "group":
        return "(" + "".join(_render(child) for child in node.children) + ")"  # type: ignore[attr-defined]
    if isinstance(node, MacroCall):
        if node.name not in MACROS:
            # Not a macro: m4 copies the name and parentheses, expanding inside.
            return node.name + "(" + ",".join(_collect(argument, keep_leading=True) for argument in node.arguments) + ")"
        shown = [_collect(argument, keep_leading=False) for argument in node.arguments] + [""] * 4
        return f"<{node.name}:{len(node.arguments)}:" + "|".join(shown[:4]) + ">"
    if kind == "name" and node.text in MACROS:  # type: ignore[attr-defined]
        return f"<{node.text}:0:|||>"  # type: ignore[attr-defined]
    return node.text  # type: ignore[attr-defined]


def _collect(argument: Argument, keep_leading: bool) -> str:
    children = argument.children if keep_leading else argument.content
    return "".join(_render(child) for child in children)


def _m4(text: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["m4"], input=(PRELUDE + text).encode(), capture_output=True, timeout=10, check=False)


@pytest.mark.m4
@pytest.mark.skipif(shutil.which("m4") is None, reason="needs GNU m4 on PATH (apt-get install m4)")
def test_calls_match_what_m4_expands() -> None:
    rng = random.Random(SEED)
    failures: list[str] = []
    for case in range(CASES):
        text = Snippet(rng).text()
        result = parse(text)
        assert result.diagnostics == (), f"case {case}: {text!r} is balanced by construction"
        ran = _m4(text)
        assert ran.returncode == 0 and b"ERROR" not in ran.stderr, f"case {case}: m4 failed on {text!r}: {ran.stderr!r}"
        expected = expected_output(result.tree.children)
        actual = ran.stdout.decode()
        if actual != expected:
            failures.append(f"case {case}: {text!r}\n  m4:     {actual!r}\n  mcparse: {expected!r}")
    assert not failures, f"{len(failures)} of {CASES} snippets differ:\n" + "\n".join(failures[:10])


@pytest.mark.m4
@pytest.mark.skipif(shutil.which("m4") is None, reason="needs GNU m4 on PATH (apt-get install m4)")
def test_the_cross_check_sees_a_wrong_prediction() -> None:
    """The harness must be able to fail: a space before "(" is no call for m4."""
    text = "f (a, b)"
    wrong = "<f:2:a|b||>"
    assert _m4(text).stdout.decode() != wrong
    assert _m4(text).stdout.decode() == expected_output(parse(text).tree.children)
