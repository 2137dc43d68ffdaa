"""Differential tests: random small m4 programs, real GNU m4 against run_m4.

A seeded generator writes small programs out of defines, pushdef/popdef,
calls with quoted and unquoted arguments (commas in unquoted ones split
arguments, nested quotes lose one level per scan), ifelse, shift, ``$@``,
``$*``, ``$#``, string builtins (len, index, substr, translit, patsubst,
format), eval on random expression trees, incr/decr, diversions, comments
and dnl; a fifth of the programs switch to ``[``/``]`` quotes. Each program
runs through the real m4 (with a timeout: a program m4 does not finish, or
whose output is huge, is dropped) and through ``run_m4``; standard output
and exit status must agree.

The programs are fixed by the seed, so a failure is reproducible; to see
program number I of seed S:

    python tests/m4/test_m4_random.py S I
"""

from __future__ import annotations

import difflib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

PROGRAMS_PER_SEED = 200
SEEDS = [1, 2]
M4_TIMEOUT_S = 2.0
ENGINE_TIMEOUT_S = 10
MAX_OUTPUT = 64 * 1024

NAMES = [f"m{i}" for i in range(6)]
WORDS = ["foo", "bar", "x", "y", "hello", "42", "0", "-3", "a b", "end"]
PUNCT = [" ", " ", "-", ".", ":", "=", "+", "!", "\n"]
NUMS = ["0", "1", "2", "3", "5", "7", "-1", "-2", "10", "31", "2147483647"]
SETS = ["a-z", "A-Z", "aeiou", "xyz", "o", "-", "a-c", "z-a", "lo", ""]
REGEXES = ["o", "[aeiou]", "l+", "\\(o\\)", "^", "$", "\\w+", "x*", "\\<b", "a\\|e"]
REPLACEMENTS = ["_", "[\\&]", "<\\1>", "", "\\&\\&", "0"]
FORMATS = ["%s", "[%5s]", "%-4s|", "%d", "%x", "%s=%d", "%.2s", "%%%s", "%03d"]


class Gen:
    """A random writer of m4 text with a given pair of quote strings."""

    def __init__(self, rng: random.Random, lq: str = "`", rq: str = "'") -> None:
        self.rng = rng
        self.lq, self.rq = lq, rq

    def q(self, text: str) -> str:
        return f"{self.lq}{text}{self.rq}"

    # -- pieces -------------------------------------------------------------

    def seq(self, depth: int, names: list[str], dollars: bool, in_arg: bool) -> str:
        """A short run of atoms (text, quoted text, calls)."""
        n = self.rng.randint(0 if in_arg else 1, 3 if depth < 3 else 1)
        return "".join(self.atom(depth, names, dollars, in_arg) for _ in range(n))

    def atom(self, depth: int, names: list[str], dollars: bool, in_arg: bool) -> str:
        r = self.rng
        choices = ["word", "word", "punct", "quoted", "call", "call"]
        if depth < 3:
            choices += ["quoted", "call", "parens"]
        if in_arg:
            choices += ["comma"]
        if dollars:
            choices += ["dollar", "dollar"]
        if names:
            choices += ["name"]
        kind = r.choice(choices)
        if depth >= 4 and kind in {"quoted", "call", "parens"}:
            kind = "word"
        if kind == "word":
            return r.choice(WORDS)
        if kind == "punct":
            return r.choice(PUNCT) if not in_arg else r.choice(PUNCT[:-1])
        if kind == "comma":
            return ","
        if kind == "name":
            # A bare macro name: called without arguments, or glued to text.
            return r.choice(names)
        if kind == "dollar":
            return r.choice(["$1", "$2", "$3", "$#", "$@", "$*", self.q("$0"), "$10"])
        if kind == "parens":
            return "(" + self.seq(depth + 1, names, dollars, True) + ")"
        if kind == "quoted":
            inner = self.seq(depth + 1, names, dollars, in_arg)
            if r.random() < 0.15:
                inner = self.q(inner)
            return self.q(inner)
        return self.call(depth + 1, names, dollars)

    def arg(self, depth: int, names: list[str], dollars: bool) -> str:
        r = self.rng
        lead = r.choice(["", "", "", " ", "\n "])
        if r.random() < 0.5:
            return lead + self.q(self.seq(depth + 1, names, dollars, True))
        return lead + self.seq(depth + 1, names, dollars, True)

    def args(self, depth: int, names: list[str], dollars: bool, lo: int, hi: int) -> str:
        n = self.rng.randint(lo, hi)
        return ", ".join(self.arg(depth, names, dollars) for _ in range(n))

    def num(self) -> str:
        return self.rng.choice(NUMS)

    def expr(self, depth: int) -> str:
        r = self.rng
        if depth > 3 or r.random() < 0.3:
            leaf = r.choice(NUMS[:9] + ["0x1f", "0b101", "010", "0r3:12"])
            return leaf
        kind = r.random()
        if kind < 0.15:
            return r.choice(["-", "!", "~", "+"]) + self.expr(depth + 1)
        if kind < 0.3:
            return "(" + self.expr(depth + 1) + ")"
        if kind < 0.36:
            return self.expr(depth + 1) + " ** " + r.choice(["0", "1", "2", "3", "-1"])
        op = r.choice(
            ["+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^", "&&", "||",
             "==", "!=", "<", ">", "<=", ">="]
        )
        return f"{self.expr(depth + 1)} {op} {self.expr(depth + 1)}"

    def call(self, depth: int, names: list[str], dollars: bool) -> str:
        r = self.rng
        a = lambda: self.arg(depth, names, dollars)  # noqa: E731
        kinds = ["len", "index", "substr", "translit", "eval", "incr", "ifelse",
                 "ifelse", "shift", "ifdef", "patsubst", "format", "regexp"]
        if names:
            kinds += ["user"] * 6
        kind = r.choice(kinds)
        if kind == "user":
            name = r.choice(names)
            form = r.random()
            if form < 0.15:
                return name
            if form < 0.25:
                return name + "()"
            return f"{name}({self.args(depth, names, dollars, 1, 4)})"
        if kind == "len":
            return f"len({a()})"
        if kind == "index":
            return f"index({a()}, {self.q(r.choice(['o', 'l', '', 'x', 'ar']))})"
        if kind == "substr":
            # Not 2147483647: GNU m4 1.4.19 crashes on substr(x, 1, INT_MAX).
            small = NUMS[:-1]
            extra = f", {r.choice(small)}" if r.random() < 0.6 else ""
            return f"substr({a()}, {r.choice(small)}{extra})"
        if kind == "translit":
            to = f", {self.q(r.choice(SETS))}" if r.random() < 0.7 else ""
            return f"translit({a()}, {self.q(r.choice(SETS))}{to})"
        if kind == "eval":
            extra = ""
            if r.random() < 0.2:
                extra = f", {r.choice(['2', '8', '16', '36', '10'])}"
                if r.random() < 0.5:
                    extra += f", {r.choice(['0', '1', '4', '8'])}"
            return f"eval({self.expr(0)}{extra})"
        if kind == "incr":
            return f"{r.choice(['incr', 'decr'])}({self.num()})"
        if kind == "ifelse":
            n = r.choice([3, 4, 4, 5, 6, 7])
            parts = [a() for _ in range(n)]
            if r.random() < 0.4:
                parts[1] = parts[0]
            return f"ifelse({', '.join(parts)})"
        if kind == "shift":
            return f"shift({self.args(depth, names, dollars, 1, 4)})"
        if kind == "ifdef":
            name = r.choice(NAMES + ["len", "nosuch"])
            return f"ifdef({self.q(name)}, {a()}, {a()})"
        if kind == "patsubst":
            rep = f", {self.q(r.choice(REPLACEMENTS))}" if r.random() < 0.8 else ""
            return f"patsubst({a()}, {self.q(r.choice(REGEXES))}{rep})"
        if kind == "regexp":
            rep = f", {self.q(r.choice(REPLACEMENTS))}" if r.random() < 0.6 else ""
            return f"regexp({a()}, {self.q(r.choice(REGEXES))}{rep})"
        fmt = r.choice(FORMATS)
        return f"format({self.q(fmt)}, {a()}, {self.num()})"

    # -- statements -----------------------------------------------------------

    def body(self, index: int) -> str:
        # A macro's body refers only to macros of lower index, which keeps
        # most programs free of unbounded recursion.
        return self.seq(1, NAMES[:index], True, False)

    def statement(self, defined: list[str]) -> str:
        r = self.rng
        kind = r.choice(
            ["define", "define", "define", "pushdef", "popdef", "text", "text", "text",
             "text", "divert", "undivert", "dnl", "comment", "undefine"]
        )
        if kind in {"define", "pushdef"}:
            i = r.randrange(len(NAMES))
            name = NAMES[i]
            if name not in defined:
                defined.append(name)
            return f"{kind}({self.q(name)}, {self.q(self.body(i))})dnl\n"
        if kind == "popdef" and defined:
            return f"popdef({self.q(r.choice(defined))})dnl\n"
        if kind == "undefine" and defined:
            return f"undefine({self.q(r.choice(defined))})dnl\n"
        if kind == "divert":
            n = r.choice(["1", "2", "-1", "1"])
            return f"divert({n}){self.seq(0, defined, False, False)}\ndivert(0)dnl\n"
        if kind == "undivert":
            return r.choice(["undivert(1)dnl\n", "undivert(2)\n", "undivert`'dnl\n"]).replace(
                "`'", self.q("")
            )
        if kind == "dnl":
            return f"{self.seq(0, defined, False, False)} dnl trailing words, m1(\n"
        if kind == "comment":
            return f"{self.seq(0, defined, False, False)} # m1 `x ( not closed\n"
        return self.seq(0, defined, False, False) + "\n"

    def program(self) -> str:
        defined: list[str] = []
        head = ""
        if self.rng.random() < 0.2:
            head = "changequote([, ])dnl\n"
            self.lq, self.rq = "[", "]"
        lines = [self.statement(defined) for _ in range(self.rng.randint(3, 9))]
        return head + "".join(lines)


def programs(seed: int, count: int = PROGRAMS_PER_SEED) -> list[str]:
    rng = random.Random(seed)
    return [Gen(rng).program() for _ in range(count)]


# -- running ---------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    output: str
    status: int


def run_real_m4(text: str, workdir: Path) -> Run | None:
    """GNU m4 on the text, or None when it times out, crashes or prints too much."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}
    try:
        proc = subprocess.run(
            ["m4"],
            input=text.encode("utf-8"),
            cwd=workdir,
            env=env,
            capture_output=True,
            timeout=M4_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    if len(proc.stdout) > MAX_OUTPUT or len(proc.stderr) > MAX_OUTPUT:
        return None
    if b"internal error detected" in proc.stderr:
        return None  # m4 itself crashed: nothing to compare with
    return Run(proc.stdout.decode("utf-8", errors="surrogateescape"), proc.returncode)


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, when the engine loops on a program."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(signum, frame):  # noqa: ARG001
        raise TimeoutError(f"run_m4 took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_engine(text: str, workdir: Path) -> Run:
    from mcparse.m4 import run_m4

    with _deadline(ENGINE_TIMEOUT_S):
        result = run_m4(text, name="stdin", cwd=workdir)
    return Run(result.output, result.exit_status)


def _report(seed: int, index: int, text: str, want: Run, got: Run | str) -> str:
    head = f"--- seed {seed} program {index} (python tests/m4/test_m4_random.py {seed} {index})\n"
    head += "".join("    | " + line + "\n" for line in text.split("\n"))
    if isinstance(got, str):
        return head + f"run_m4 raised: {got}\n"
    parts = [head]
    if got.output != want.output:
        diff = difflib.unified_diff(
            [repr(x)[1:-1] + "\n" for x in want.output.splitlines(keepends=True)],
            [repr(x)[1:-1] + "\n" for x in got.output.splitlines(keepends=True)],
            fromfile="GNU m4 stdout",
            tofile="run_m4 stdout",
            n=1,
        )
        parts.append("".join(diff))
    if got.status != want.status:
        parts.append(f"exit status: GNU m4 {want.status}, run_m4 {got.status}\n")
    return "".join(parts)


@pytest.mark.m4
@pytest.mark.skipif(shutil.which("m4") is None, reason="needs GNU m4 on PATH")
@pytest.mark.parametrize("seed", SEEDS)
def test_random_programs_match_gnu_m4(seed: int) -> None:
    texts = programs(seed)
    with tempfile.TemporaryDirectory(prefix="m4rand") as tmp:
        workdir = Path(tmp)
        with ThreadPoolExecutor(max_workers=8) as pool:
            wanted = list(pool.map(lambda t: run_real_m4(t, workdir), texts))
        compared = 0
        failures: list[str] = []
        for index, (text, want) in enumerate(zip(texts, wanted)):
            if want is None:
                continue
            compared += 1
            try:
                got: Run | str = run_engine(text, workdir)
            except Exception as exc:  # noqa: BLE001 - reported with the program
                got = f"{type(exc).__name__}: {exc}"
            if isinstance(got, str) or got != want:
                failures.append(_report(seed, index, text, want, got))
    assert compared >= PROGRAMS_PER_SEED * 0.9, f"only {compared} programs usable"
    if failures:
        shown = "\n".join(failures[:5])
        pytest.fail(
            f"{len(failures)} of {compared} random programs differ from GNU m4 "
            f"(first {min(5, len(failures))} shown):\n{shown}",
            pytrace=False,
        )


def test_generator_is_deterministic() -> None:
    assert programs(7, 20) == programs(7, 20)
    assert programs(7, 20) != programs(8, 20)


if __name__ == "__main__":
    seed = int(sys.argv[1])
    texts = programs(seed)
    for i in [int(sys.argv[2])] if len(sys.argv) > 2 else range(len(texts)):
        print(f"### seed {seed} program {i}")
        print(texts[i], end="")
