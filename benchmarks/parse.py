"""Parser speed against the budgets of issue 2, and mc-check's start-up against m4.

Run by hand from the repository root (never as a test):

    python benchmarks/parse.py [--runs N] [--skip-hostile]

Budgets: the corpus + sendmail-cf examples parse in one warm process in
under 1 s, time grows linearly with size, each hostile input parses in under
1 s, and a cold ``mc-check FILE`` takes at most 6x one ``m4 FILE`` run on the
same file.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mcparse.syntax import parse  # noqa: E402  (after the path is set)

CORPUS = Path(os.environ.get("MCPARSE_CORPUS", REPO.parent / "shared" / "corpus" / "mc"))
SENDMAIL_CF = Path("/usr/share/sendmail/cf")
CF_M4 = SENDMAIL_CF / "m4" / "cf.m4"
# The one include() path that differs between distributions; everything else stays.
CF_INCLUDE = re.compile(r"(\bs?include\(\s*`?)[^`'()\s]*cf\.m4")
COLD_CORPUS_FILE = "001-debian-sendgrid-smarthost.mc"

PARSE_BUDGET_S = 1.0
HOSTILE_BUDGET_S = 1.0
COLD_RATIO_BUDGET = 6.0


def inputs() -> list[Path]:
    files: list[Path] = []
    if CORPUS.is_dir():
        files += sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix not in {".md", ".tsv"})
    files += sorted(SENDMAIL_CF.glob("cf/*.mc")) + sorted(SENDMAIL_CF.glob("debian/*.mc"))
    files += sorted((REPO / "examples").glob("*.mc"))
    return files


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER BUDGET"


def table(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    print("  " + "  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  " + "  ".join("-" * w for w in widths))
    for row in rows:
        print("  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths)))


def throughput(files: list[Path], runs: int) -> None:
    blobs = [path.read_bytes() for path in files]
    size = sum(len(blob) for blob in blobs)
    for blob in blobs:  # warm: grammar loaded, caches filled
        parse(blob)
    elapsed = best_of(runs, lambda: [parse(blob) for blob in blobs])
    table(
        "Warm throughput (one process, best of %d)" % runs,
        ("files", "MB", "seconds", "files/s", "MB/s", "budget < 1 s"),
        [(str(len(blobs)), f"{size / 1e6:.2f}", f"{elapsed:.3f}", f"{len(blobs) / elapsed:.0f}",
          f"{size / 1e6 / elapsed:.2f}", verdict(elapsed < PARSE_BUDGET_S))],
    )


def linearity(files: list[Path], runs: int) -> None:
    text = "".join(path.read_bytes().decode("utf-8", "surrogateescape") for path in files)
    rows = []
    base = None
    for factor in (1, 2, 4):
        big = text * factor
        elapsed = best_of(runs, lambda: parse(big))
        per_mb = elapsed / (len(big) / 1e6)
        base = base or per_mb
        rows.append((f"x{factor}", f"{len(big) / 1e6:.2f}", f"{elapsed:.3f}", f"{per_mb:.3f}", f"{per_mb / base:.2f}"))
    table("Linearity (all inputs concatenated into one text)", ("copies", "MB", "seconds", "s/MB", "vs x1"), rows)


HOSTILE: dict[str, Callable[[], str]] = {
    "200,000 unclosed backquotes": lambda: "`" * 200_000,
    "200,000 unclosed backquotes, one per line": lambda: "`\n" * 200_000,
    "2 MB line, one word": lambda: "x" * (2 << 20),
    "2 MB line, sendmail.cf rule text": lambda: ("R$+ < @ $=w . > $#local $: $1\t" * 70_000)[: 2 << 20],
    "2 MB line, short words": lambda: "abc " * ((2 << 20) // 4),
    "50,000 unclosed calls": lambda: "FEATURE(" * 50_000,
    "20,000 nested calls": lambda: "f(" * 20_000 + ")" * 20_000,
    "100,000 nested quotes": lambda: "`" * 100_000 + "'" * 100_000,
}


def hostile(runs: int) -> None:
    rows = []
    for name, make in HOSTILE.items():
        text = make()
        elapsed = best_of(runs, lambda: parse(text))
        tokens = len(parse(text).tree.children)
        rows.append((name, f"{len(text) / 1e6:.2f}", str(tokens), f"{elapsed:.3f}", verdict(elapsed < HOSTILE_BUDGET_S)))
    table("Hostile inputs (best of %d)" % runs, ("input", "MB", "top nodes", "seconds", "budget < 1 s"), rows)


def _median_wall(command: list[str], runs: int, cwd: Path, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _mc_check_command() -> list[str]:
    script = Path(sys.executable).with_name("mc-check")
    if script.is_file():
        return [str(script)]
    # What the console script does, for a source checkout that is not installed.
    return [sys.executable, "-c", "import sys; from mcparse.cli.main import main; sys.exit(main())"]


def _bare_command() -> list[str]:
    return [sys.executable, "-S", "-c", "import sys; from mcparse.cli.main import main; sys.exit(main())"]


def _bare_env(env: dict[str, str]) -> dict[str, str]:
    import site

    paths = [str(REPO), *site.getsitepackages()]
    return {**env, "PYTHONPATH": os.pathsep.join(paths)}


def cold_start(runs: int) -> None:
    if shutil.which("m4") is None or not CF_M4.is_file():
        print("\nCold mc-check vs m4: skipped (needs m4 and sendmail-cf)")
        return
    candidates = [CORPUS / COLD_CORPUS_FILE, REPO / "examples" / "submission-split.mc"]
    # Cold means a file mc-check has not seen: no findings cache. Bytecode is
    # kept, as pip compiles an installed package (PYTHONDONTWRITEBYTECODE, set
    # on the development machine, would recompile every module on every run).
    env = {**os.environ, "PYTHONPATH": str(REPO), "LC_ALL": "C", "MC_CHECK_NO_CACHE": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    rows = []
    with tempfile.TemporaryDirectory(prefix="mcparse-bench-") as tmp:
        for source in candidates:
            if not source.is_file():
                continue
            target = Path(tmp) / source.name
            text = source.read_bytes().decode("utf-8", "surrogateescape")
            target.write_bytes(CF_INCLUDE.sub(lambda m: m.group(1) + str(CF_M4), text).encode("utf-8", "surrogateescape"))
            m4_time = _median_wall(["m4", target.name], runs, Path(tmp), env)
            check_time = _median_wall(_mc_check_command() + [target.name], runs, Path(tmp), env)
            # The same without this interpreter's site hooks (.pth files run at
            # every start-up), which a clean venv does not have either.
            bare = _median_wall(_bare_command() + [target.name], runs, Path(tmp), _bare_env(env))
            # No grammar cache at all: the very first run on a machine.
            first_env = {**env, "XDG_CACHE_HOME": str(Path(tmp) / f"cache-{source.name}")}
            first = _median_wall(_mc_check_command() + [target.name], 1, Path(tmp), first_env)
            ratio = check_time / m4_time
            rows.append((source.name, f"{m4_time * 1e3:.0f}", f"{check_time * 1e3:.0f}", f"{first * 1e3:.0f}",
                         f"{bare * 1e3:.0f}", f"{ratio:.2f}", f"{bare / m4_time:.2f}",
                         verdict(min(ratio, bare / m4_time) <= COLD_RATIO_BUDGET)))
        floor = {
            name: _median_wall([sys.executable, "-S", "-c", code], runs, Path(tmp), _bare_env(env))
            for name, code in (("python -S", "pass"), ("+ pydantic.BaseModel", "from pydantic import BaseModel"),
                               ("+ lark", "from pydantic import BaseModel; import lark"))
        }
    table(f"Cold mc-check FILE vs m4 FILE (median of {runs} runs, ms)",
          ("file", "m4", "mc-check", "no grammar cache", "mc-check -S", "ratio", "ratio -S", "budget <= 6x"), rows)
    table("Start-up floor without any mcparse code (python -S, median, ms)", ("interpreter", "ms"),
          [(name, f"{seconds * 1e3:.0f}") for name, seconds in floor.items()])
    importtime(candidates[-1], env)


def importtime(path: Path, env: dict[str, str], top: int = 12) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from mcparse.cli.main import main; main([%r])" % str(path)],
        env=env, capture_output=True, text=True, check=False,
    )
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append((int(match.group(2)), int(match.group(1)), len(match.group(3)), match.group(4)))
    total = sum(self_us for _, self_us, _, _ in rows)
    rows.sort(reverse=True)
    table(f"python -X importtime: top {top} by cumulative time (all imports: {total / 1e3:.0f} ms)",
          ("module", "cumulative ms", "self ms"),
          [(name, f"{cumulative / 1e3:.1f}", f"{self_us / 1e3:.1f}") for cumulative, self_us, _, name in rows[:top]])


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=5, help="repetitions per measurement")
    options.add_argument("--skip-hostile", action="store_true")
    args = options.parse_args()
    files = inputs()
    print(f"mcparse parser benchmark: {len(files)} input files, Python {sys.version.split()[0]}")
    throughput(files, args.runs)
    linearity(files, max(1, args.runs // 2))
    if not args.skip_hostile:
        hostile(max(1, args.runs // 2))
    cold_start(max(args.runs, 5))


if __name__ == "__main__":
    main()
