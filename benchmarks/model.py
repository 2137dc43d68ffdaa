"""Resolve cost relative to parse cost over the corpus (issue #3 budget: +50% at most).

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
    try:
        from mcparse.engine import check_parsed  # noqa: F401
    except ImportError:
        return


if __name__ == "__main__":
    main()
