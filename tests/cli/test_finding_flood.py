"""Issue #16: a flood of identical findings is capped per rule per file, and
neither the output nor the memory grows with the length of the line they are on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import REPO, write

from mcparse.cli.findings import SOURCE_WINDOW

HEAD = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
# MC402 (conf-defined-twice) once per define after the first.
FLOOD_LINES = HEAD + "define(`confFOO', `x')dnl\n" * 300
SELECT = ("--select", "MC402")


def test_findings_beyond_the_cap_are_one_line(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "flood.mc", FLOOD_LINES)
    result = cli(*SELECT, "--output-format", "concise", str(path))
    lines = result.out.splitlines()
    assert sum(": MC402 [" in line for line in lines) == 50  # the default max-findings-per-rule
    assert f"{path}: 249 more MC402 [conf-defined-twice] findings left out" in result.out
    # The summary and the exit status count every finding, the left-out ones too.
    assert lines[-1].startswith("Found 299 findings in 1 file")
    assert result.status == 1


def test_the_cap_is_a_setting_and_a_flag(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "flood.mc", FLOOD_LINES)
    write(tmp_path / ".mc-check.toml", "max-findings-per-rule = 10\n")
    concise = ("--output-format", "concise")
    assert sum(": MC402 [" in line for line in cli(*SELECT, *concise, str(path)).out.splitlines()) == 10
    flag = cli(*SELECT, *concise, "--max-findings-per-rule", "3", str(path)).out
    assert sum(": MC402 [" in line for line in flag.splitlines()) == 3 and "296 more MC402" in flag
    everything = cli(*SELECT, *concise, "--max-findings-per-rule", "0", str(path)).out
    assert sum(": MC402 [" in line for line in everything.splitlines()) == 299 and "left out" not in everything


def test_statistics_count_the_left_out_findings(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "flood.mc", FLOOD_LINES)
    rows = json.loads(cli(*SELECT, "--statistics", "--output-format", "json", str(path)).out)
    assert [(row["code"], row["count"]) for row in rows] == [("MC402", 299)]


def test_the_cap_survives_the_cache(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "flood.mc", FLOOD_LINES)
    first = cli(*SELECT, "--output-format", "concise", str(path))
    second = cli(*SELECT, "--output-format", "concise", str(path))
    assert first.out == second.out and "249 more MC402" in second.out


def test_a_long_line_is_shown_as_a_window_with_the_carets_in_place(cli, tmp_path: Path) -> None:
    line = "define(`confFOO', `x')" * 400
    path = write(tmp_path / "flood.mc", HEAD + line + "\n")
    result = cli(*SELECT, "--max-findings-per-rule", "0", str(path))
    out = result.out.splitlines()
    last = max(i for i, text in enumerate(out) if " MC402 " in text)
    column = int(out[last].split(":")[2])
    source, carets = out[last + 1], out[last + 2]
    assert len(source) < SOURCE_WINDOW + 20
    # The carets stand under the define the finding is about.
    start = carets.index("^")
    assert source[start:].startswith("define(`confFOO'")
    assert line[column - 1 :].startswith(source[start : start + 30])
    assert len(result.out) < 400 * 1000  # ~1 KB a finding, not a copy of the 9 KB line each


@pytest.mark.slow
def test_twenty_thousand_findings_on_one_line_stay_small(tmp_path: Path) -> None:
    """Measured before the cap: 5,000 such findings printed 826 MB and took 3.2 GB."""
    path = write(tmp_path / "flood.mc", HEAD + "define(`confFOO', `x')" * 20000 + "\n")
    script = (
        "import resource, sys\nfrom mcparse.cli.main import main\n"
        f"status = main(['--no-cache', {str(path)!r}])\n"
        "print(status, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=300, check=False,
        env={"PYTHONPATH": str(REPO), "MC_CHECK_NO_CACHE": "1", "PATH": "/usr/bin:/bin"},
    )
    status, peak_kb = proc.stderr.decode().split()[-2:]
    assert int(status) == 1
    assert len(proc.stdout) < 200_000
    assert int(peak_kb) < 600_000, f"peak RSS {peak_kb} KB"


def test_the_engine_leaves_out_exactly_what_the_cap_would() -> None:
    """The engine keeps only the first N findings of each rule and describes the
    rest; counted back in, the report is the one a cap of the whole list gives
    (visible and suppressed ones apart, several rules, findings sharing lines)."""
    from mcparse.cli.findings import cap_per_rule
    from mcparse.engine import check

    text = HEAD + "".join(
        ("dnl mc-check: disable=MC402 -- kept on purpose\n" if number % 3 == 0 else "")
        + f"define(`confFOO', `{number}')dnl\ndefine(`confNOPE_{number}', `x')dnl\n# define(`confBAR', `y')\n"
        for number in range(40)
    )
    whole = check(text, include_suppressed=True)
    assert {d.code for d in whole} >= {"MC402", "MC203", "MC303"}
    assert any(d.suppressed_reason for d in whole)
    for limit in (1, 2, 5, 13, 500):
        left_out: list = []
        kept = check(text, include_suppressed=True, max_per_rule=limit, left_out=left_out)
        assert len(kept) + len(left_out) == len(whole)
        assert cap_per_rule(kept, limit, left_out) == cap_per_rule(whole, limit)
