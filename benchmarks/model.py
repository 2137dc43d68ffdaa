"""Resolve and rule costs over the corpus, relative to parsing.

Budgets: resolving adds at most 50% to parse time (issue #3); all rules add at
most 50% to parse + resolve time (issue #4).

    python benchmarks/model.py [--repeat N]

Times CPU (process_time) for parsing every corpus file and sendmail-cf
example, then for resolving the parsed trees, best of N rounds each.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import mcparse  # noqa: E402


def inputs() -> list[bytes]:
    patterns = [
        os.path.join(ROOT, "..", "shared", "corpus", "mc", "*"),
        "/usr/share/sendmail/cf/cf/*.mc",
        "/usr/share/sendmail/cf/debian/*.mc",
    ]
    files = sorted(path for pattern in patterns for path in glob.glob(pattern) if not path.endswith((".md", ".tsv")))
    return [open(path, "rb").read() for path in files]


def best(function, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    data = inputs()
    parsed = [mcparse.parse(item) for item in data]
    mcparse.resolve(parsed[0].tree)
    parse_time = best(lambda: [mcparse.parse(item) for item in data], options.repeat)
    resolve_time = best(lambda: [mcparse.resolve(result.tree) for result in parsed], options.repeat)
    size = sum(map(len, data))
    print(f"files: {len(data)}  bytes: {size}")
    print(f"parse:   {parse_time * 1000:8.1f} ms CPU")
    print(f"resolve: {resolve_time * 1000:8.1f} ms CPU  ({resolve_time / parse_time:.0%} of parse; budget 50%)")
    from mcparse.engine import check_parsed

    configs = [mcparse.resolve(result.tree) for result in parsed]
    check_parsed(parsed[0], configs[0])
    rules_time = best(lambda: [check_parsed(p, c) for p, c in zip(parsed, configs)], options.repeat)
    base = parse_time + resolve_time
    print(f"rules:   {rules_time * 1000:8.1f} ms CPU  ({rules_time / base:.0%} of parse + resolve; budget 50%)")


if __name__ == "__main__":
    main()
