"""An atheris fuzz target over parse -> resolve -> check, run by hand for a bounded time.

    pip install atheris
    python benchmarks/fuzz.py -max_total_time=60            # libFuzzer flags pass through
    python benchmarks/fuzz.py -max_total_time=300 corpus-dir/   # keep what it finds interesting

Without atheris (or with ``--plain N``) it runs N random mutations of the
seed files with Python's own random module instead, so the same checks run
anywhere. Any exception, internal-error diagnostic, lost character or span
outside the text is a finding: the input is written to
``$TMPDIR/mcparse-fuzz/findings/<sha1>.mc`` (or ``$MCPARSE_FUZZ_DIR``) and the run stops; add it as a regression test in
tests/hardening.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Union

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "syntax"))
sys.path.insert(0, str(REPO / "tests" / "hardening"))

from syntax_inputs import corpus_files, example_files, sendmail_cf_files  # noqa: E402

# Outside the repository: libFuzzer adds every input it finds interesting.
WORK = Path(os.environ.get("MCPARSE_FUZZ_DIR", Path(tempfile.gettempdir()) / "mcparse-fuzz"))
FINDINGS = WORK / "findings"
_run: "list[Callable[[Union[str, bytes]], object]]" = []
# Longer inputs only slow the fuzzer down; the hostile sizes are tested separately.
MAX_INPUT = 16_384
PIECES = [b"`", b"'", b"(", b")", b",", b"dnl", b"#", b"\n", b"FEATURE(", b"define(`x', `x x')", b"ifelse(",
          b"changequote([,])", b"include(`cf.m4')", b"DAEMON_OPTIONS(`", b"$1", b"\x00", b"\xff", b"eval(2**"]


def seeds() -> list[bytes]:
    return [path.read_bytes()[:MAX_INPUT] for path in corpus_files() + sendmail_cf_files() + example_files()]


def one_input(data: bytes) -> None:
    """The fuzz target: the input as bytes, and as the text an editor would send."""
    if len(data) > MAX_INPUT:
        return
    run_everything = _run[0]
    try:
        run_everything(data)
        run_everything(data.decode("utf-8", "replace"))
    except BaseException:
        FINDINGS.mkdir(parents=True, exist_ok=True)
        target = FINDINGS / f"{hashlib.sha1(data).hexdigest()}.mc"
        target.write_bytes(data)
        print(f"\nfinding written to {target}", file=sys.stderr)
        raise


def mutate(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 8)):
        at = rng.randint(0, len(data))
        choice = rng.random()
        if choice < 0.5:
            data = data[:at] + rng.choice(PIECES) + data[at:]
        elif choice < 0.8:
            data = data[:at] + data[at + rng.randint(1, 8) :]
        else:
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    return data[:MAX_INPUT]


def _load_library() -> None:
    # Imported here, so that atheris can instrument mcparse as it loads.
    from pipeline import run_everything  # the invariants the tests assert

    _run.append(run_everything)


def plain(runs: int) -> None:
    _load_library()
    rng = random.Random(8)
    pool = seeds() or [b"FEATURE(`x')dnl\n"]
    start = time.perf_counter()
    for number in range(runs):
        one_input(mutate(rng, rng.choice(pool)))
        if number and number % 500 == 0:
            print(f"{number} inputs, {time.perf_counter() - start:.0f} s, 0 findings", flush=True)
    print(f"{runs} inputs in {time.perf_counter() - start:.0f} s: 0 findings")


def main() -> None:
    if len(sys.argv) >= 3 and sys.argv[1] == "--plain":
        plain(int(sys.argv[2]))
        return
    try:
        import atheris
    except ImportError:
        print("atheris is not installed (pip install atheris); running 2,000 plain mutations", file=sys.stderr)
        plain(2_000)
        return
    with atheris.instrument_imports(include=["mcparse"]):
        _load_library()
    # Seeds go in as a corpus directory libFuzzer mutates from, unless one is given.
    if not any(not arg.startswith("-") for arg in sys.argv[1:]):
        seed_dir = WORK / "corpus"
        seed_dir.mkdir(parents=True, exist_ok=True)
        for position, data in enumerate(seeds()):
            (seed_dir / f"seed-{position:03}.mc").write_bytes(data)
        sys.argv.append(str(seed_dir))
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
