"""Hostile inputs through parse, resolve and check: time per input, and linearity.

Run by hand from the repository root (never as a test):

    python benchmarks/hostile.py [--runs N] [--only WORDS] [--no-linearity]

Every input of tests/hardening/hostile_inputs.py (the catalogue of issue #8)
is timed through parse(), resolve() and check() at its full size. Budget:
under 1 s each. Inputs whose size scales are then run at x1, x2 and x4 of a
base size; the x4 time should be at most ~4x the x1 time (a ratio near 16
means quadratic).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, Union

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "hardening"))

from hostile_inputs import FIXED_SIZE, HOSTILE  # noqa: E402

from mcparse.engine import check  # noqa: E402
from mcparse.model import resolve  # noqa: E402
from mcparse.syntax import parse  # noqa: E402

BUDGET_S = 1.0
# The x1 scale of the linearity runs: small enough that x4 of the slowest
# input (check on 10,000 DAEMON_OPTIONS) still finishes in reasonable time.
LINEARITY_BASE = {"10,000 DAEMON_OPTIONS": 0.05}
LINEARITY_DEFAULT_BASE = 0.25
LINEAR_LIMIT = 5.0  # x4 input: ~4x time, with some room for noise


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def stages(source: Union[str, bytes], runs: int) -> tuple[float, float, float]:
    parsed = parse(source)
    return (
        best_of(runs, lambda: parse(source)),
        best_of(runs, lambda: resolve(parsed.tree)),
        best_of(runs, lambda: check(source)),
    )


def table(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    print("  " + "  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  " + "  ".join("-" * w for w in widths))
    for row in rows:
        print("  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths)), flush=True)


def timings(names: list[str], runs: int) -> None:
    rows = []
    for name in names:
        source = HOSTILE[name](1.0)
        parse_s, resolve_s, check_s = stages(source, runs)
        worst = max(parse_s + resolve_s, check_s)  # check() parses and resolves again
        rows.append((name, f"{len(source) / 1e6:.2f}", f"{parse_s:.3f}", f"{resolve_s:.3f}", f"{check_s:.3f}",
                     "ok" if worst < BUDGET_S else "OVER"))
    table(f"Hostile inputs at full size (best of {runs}, seconds)",
          ("input", "MB", "parse", "resolve", "check", "budget < 1 s"), rows)


def linearity(names: list[str]) -> None:
    rows = []
    for name in names:
        if name in FIXED_SIZE:
            continue
        base = LINEARITY_BASE.get(name, LINEARITY_DEFAULT_BASE)
        times = []
        for factor in (1, 2, 4):
            source = HOSTILE[name](base * factor)
            times.append(best_of(1, lambda: check(source)))
        ratio = times[2] / max(times[0], 1e-6)
        rows.append((name, f"{base:g}", *(f"{t:.3f}" for t in times), f"{ratio:.1f}",
                     "ok" if ratio <= LINEAR_LIMIT or times[2] < 0.05 else "NOT LINEAR"))
    table("Linearity of check() (parse + resolve + rules), seconds",
          ("input", "x1 scale", "x1", "x2", "x4", "x4/x1", "x4 <= ~4x"), rows)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=3, help="repetitions per measurement")
    options.add_argument("--only", default="", help="only inputs whose name contains this text")
    options.add_argument("--no-linearity", action="store_true")
    args = options.parse_args()
    names = [name for name in HOSTILE if args.only.lower() in name.lower()]
    print(f"mcparse hostile inputs: {len(names)} inputs, Python {sys.version.split()[0]}")
    parse("")  # load the grammar before timing
    timings(names, args.runs)
    if not args.no_linearity:
        linearity(names)


if __name__ == "__main__":
    main()
