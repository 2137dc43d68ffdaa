"""mc-check against m4, measured in the same run (issue #5's budgets).

    python benchmarks/cli.py [--runs N]

1. Cold ``mc-check FILE`` on an ordinary sendmail.mc: at most 6x one ``m4 FILE``.
   Measured with the findings cache off (the first time a file is seen) and,
   for information, on (every later run on an unchanged file).
2. 300 files in one ``mc-check`` call: at least 10x faster than ``m4`` once per file.
3. Peak memory (max RSS) of ``mc-check`` on a 10,000-line file: at most 80 MiB.

Also prints where a process pool starts to pay (serial vs parallel on N files),
the measurement behind ``runner.PARALLEL_THRESHOLD``. Never run as a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional, Sequence

REPO = Path(__file__).resolve().parents[1]
CF_M4 = Path("/usr/share/sendmail/cf/m4/cf.m4")

ORDINARY = f"""divert(-1)dnl
dnl An ordinary Debian-style sendmail.mc: a relay on 25, submission on 587.
divert(0)dnl
include(`{CF_M4}')dnl
VERSIONID(`benchmark host $Id$')dnl
OSTYPE(`linux')dnl
DOMAIN(`generic')dnl
define(`confSMTP_LOGIN_MSG', `$j Sendmail; $b')dnl
define(`confPRIVACY_FLAGS', `authwarnings,goaway,noetrn')dnl
define(`confAUTH_OPTIONS', `A p y')dnl
define(`confAUTH_MECHANISMS', `PLAIN LOGIN')dnl
TRUST_AUTH_MECH(`PLAIN LOGIN')dnl
define(`confCACERT_PATH', `/etc/ssl/certs')dnl
define(`confSERVER_CERT', `/etc/mail/tls/server.crt')dnl
define(`confSERVER_KEY', `/etc/mail/tls/server.key')dnl
define(`confLOG_LEVEL', `9')dnl
FEATURE(`no_default_msa')dnl
DAEMON_OPTIONS(`Family=inet, Name=MTA-v4, Port=smtp, M=A')dnl
DAEMON_OPTIONS(`Family=inet, Name=MSA-v4, Port=submission, M=Ea')dnl
FEATURE(`access_db', `hash -T<TMPF> -o /etc/mail/access.db')dnl
FEATURE(`use_cw_file')dnl
FEATURE(`mailertable')dnl
FEATURE(`virtusertable')dnl
FEATURE(`greet_pause', `1000')dnl
MASQUERADE_AS(`example.org')dnl
FEATURE(`masquerade_envelope')dnl
MAILER(`local')dnl
MAILER(`smtp')dnl
"""


def _mc_check() -> list[str]:
    """This interpreter's console script if installed, else the module (same code).

    Not whatever `mc-check` PATH finds first: a pyenv shim there is a bash
    script that costs ~60 ms before Python starts, which no venv install pays.
    """
    script = Path(sys.executable).with_name("mc-check")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "mcparse"]


def _env(cache: Optional[Path]) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    env.pop("MC_CHECK_NO_CACHE", None)
    # pip compiles an installed package to bytecode; with this set (as on the
    # development machine) every run would compile every module again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache is None:
        env["MC_CHECK_NO_CACHE"] = "1"
    else:
        env["MC_CHECK_CACHE_DIR"] = str(cache)
    return env


def _time(command: Sequence[str], *, runs: int, cwd: Path, env: Optional[dict[str, str]] = None) -> float:
    """Median wall time of ``runs`` runs (one warm-up run first, for the OS file cache)."""
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _peak_rss_mib(command: Sequence[str], *, cwd: Path, env: dict[str, str]) -> float:
    """Max resident set size of one run of ``command`` (the child alone)."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def _big_file(lines: int) -> str:
    block = ORDINARY.splitlines()
    out = block[:4]
    number = 0
    while len(out) < lines - 2:
        number += 1
        out.append(f"dnl host block {number}: every kind of line the corpus has")
        out.append(f"define(`confMAX_HOP_{number}', `{number}')dnl")
        out.append(f"FEATURE(`access_db', `hash -o /etc/mail/access{number}.db')dnl")
        out.append(f"DAEMON_OPTIONS(`Family=inet, Name=D{number}, Port={1024 + number % 60000}, M=E')dnl")
        out.append(f"# define(`confLOG_LEVEL', `{number % 20}')")
    out = out[: lines - 2] + ["MAILER(`local')dnl", "MAILER(`smtp')dnl"]
    return "\n".join(out) + "\n"


def _threshold(root: Path, runs: int) -> list[tuple[int, float, float]]:
    rows = []
    for count in (4, 8, 16, 32, 64):
        folder = root / f"pool{count}"
        for number in range(count):
            target = folder / f"h{number:03d}" / "sendmail.mc"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(ORDINARY.replace("benchmark host", f"host {number}"))
        serial = _time([*_mc_check(), "--jobs", "1", "."], runs=runs, cwd=folder, env=_env(None))
        parallel = _time([*_mc_check(), "--jobs", str(os.cpu_count() or 2), "."], runs=runs, cwd=folder,
                         env=_env(None))
        rows.append((count, serial, parallel))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per timing (median reported)")
    options = parser.parse_args()
    if shutil.which("m4") is None or not CF_M4.is_file():
        print("needs GNU m4 and sendmail-cf (apt install m4 sendmail-cf)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mc-check-bench-") as tmp:
        root = Path(tmp)
        (root / "sendmail.mc").write_text(ORDINARY)
        m4_one = _time(["m4", "sendmail.mc"], runs=options.runs, cwd=root)
        cold = _time([*_mc_check(), "sendmail.mc"], runs=options.runs, cwd=root, env=_env(None))
        cache = root / "cache"
        cached = _time([*_mc_check(), "sendmail.mc"], runs=options.runs, cwd=root, env=_env(cache))

        many = root / "many"
        for number in range(300):
            target = many / f"host{number:03d}" / "sendmail.mc"
            target.parent.mkdir(parents=True)
            target.write_text(ORDINARY.replace("benchmark host", f"host {number}"))
        files = sorted(str(path.relative_to(many)) for path in many.rglob("*.mc"))
        start = time.perf_counter()
        for name in files:
            subprocess.run(["m4", name], cwd=many, capture_output=True, check=False)
        m4_many = time.perf_counter() - start
        mc_many = _time([*_mc_check(), "."], runs=max(3, options.runs // 5), cwd=many, env=_env(None))

        big = root / "big.mc"
        big.write_text(_big_file(10_000))
        rss = _peak_rss_mib([*_mc_check(), "big.mc"], cwd=root, env=_env(None))
        big_time = _time([*_mc_check(), "big.mc"], runs=3, cwd=root, env=_env(None))
        threshold = _threshold(root, max(3, options.runs // 5))

    rows = [
        ("cold mc-check FILE (no cache) / m4 FILE", f"{cold * 1000:.0f} ms / {m4_one * 1000:.1f} ms",
         f"{cold / m4_one:.1f}x", "<= 6x", cold / m4_one <= 6),
        ("  same, findings cached (unchanged file)", f"{cached * 1000:.0f} ms / {m4_one * 1000:.1f} ms",
         f"{cached / m4_one:.1f}x", "(info)", None),
        ("300 files: m4 once per file / one mc-check", f"{m4_many:.2f} s / {mc_many:.2f} s",
         f"{m4_many / mc_many:.1f}x faster", ">= 10x", m4_many / mc_many >= 10),
        ("peak RSS, 10,000-line file", f"{rss:.1f} MiB ({big_time:.2f} s)", "", "<= 80 MiB", rss <= 80),
    ]
    width = max(len(row[0]) for row in rows)
    print(f"{'measure'.ljust(width)}  {'measured':<24} {'ratio':<14} {'budget':<10} ok")
    for name, measured, ratio, budget, ok in rows:
        verdict = "" if ok is None else ("yes" if ok else "NO")
        print(f"{name.ljust(width)}  {measured:<24} {ratio:<14} {budget:<10} {verdict}")
    print(f"\nProcess pool (cpus={os.cpu_count()}): files, serial, parallel")
    for count, serial, parallel in threshold:
        print(f"  {count:4d}  {serial * 1000:7.0f} ms  {parallel * 1000:7.0f} ms  {'pool wins' if parallel < serial else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
