"""(Re)record what the real GNU m4 makes of each case in tests/m4/cases/.

For every ``cases/NAME.m4`` this runs ``m4 NAME.m4`` from inside ``cases/``
(so relative includes resolve there and messages name ``NAME.m4``), with
``LC_ALL=C``, and writes three files beside the case, byte for byte:

    NAME.out      m4's standard output
    NAME.err      m4's standard error
    NAME.status   m4's exit status, as decimal digits and a newline

m4 is started by the name ``m4`` found on PATH so that its messages begin
with ``m4:`` (GNU m4 prints the name it was invoked by). The tests in
test_m4_semantics.py compare the pure-Python engine with these recordings,
so they run on machines without m4; one of them re-runs m4 to check that
the recordings are current.

Usage:
    python tests/m4/record.py            # record every case
    python tests/m4/record.py NAME ...   # record only these cases
    python tests/m4/record.py --check    # report stale recordings, exit 1 if any
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CASES_DIR = Path(__file__).resolve().parent / "cases"
TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Recording:
    """What m4 printed and returned for one case (raw bytes)."""

    out: bytes
    err: bytes
    status: int

    def status_bytes(self) -> bytes:
        return f"{self.status}\n".encode("ascii")


def m4_env() -> dict[str, str]:
    """A clean environment: C locale, and none of m4's own variables."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}
    # M4PATH would add include directories, POSIXLY_CORRECT changes
    # semantics; neither must leak into the recordings.
    return env


def case_names(cases_dir: Path = CASES_DIR) -> list[str]:
    """The names of every case, sorted."""
    return sorted(p.stem for p in cases_dir.glob("*.m4") if p.is_file())


def run_real_m4(name: str, cases_dir: Path = CASES_DIR) -> Recording:
    """Run the real m4 on cases/NAME.m4 the way the recordings were made."""
    m4 = shutil.which("m4", path=m4_env()["PATH"])
    if m4 is None:
        raise RuntimeError("GNU m4 is not on PATH")
    proc = subprocess.run(
        ["m4", f"{name}.m4"],
        cwd=cases_dir,
        env=m4_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    return Recording(proc.stdout, proc.stderr, proc.returncode)


def read_recording(name: str, cases_dir: Path = CASES_DIR) -> Recording:
    """The recording stored beside cases/NAME.m4."""
    base = cases_dir / name
    out = base.with_suffix(".out").read_bytes()
    err = base.with_suffix(".err").read_bytes()
    status = int(base.with_suffix(".status").read_bytes().decode("ascii").strip())
    return Recording(out, err, status)


def write_recording(name: str, rec: Recording, cases_dir: Path = CASES_DIR) -> None:
    base = cases_dir / name
    base.with_suffix(".out").write_bytes(rec.out)
    base.with_suffix(".err").write_bytes(rec.err)
    base.with_suffix(".status").write_bytes(rec.status_bytes())


def main(argv: list[str]) -> int:
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("-")] or case_names()
    stale: list[str] = []
    for name in names:
        if not (CASES_DIR / f"{name}.m4").is_file():
            print(f"no such case: {name}", file=sys.stderr)
            return 2
        rec = run_real_m4(name)
        if check:
            try:
                if read_recording(name) != rec:
                    stale.append(name)
            except FileNotFoundError:
                stale.append(name)
        else:
            write_recording(name, rec)
    if check:
        for name in stale:
            print(f"stale: {name}")
        print(f"{len(names) - len(stale)} of {len(names)} recordings current")
        return 1 if stale else 0
    print(f"recorded {len(names)} cases in {CASES_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
