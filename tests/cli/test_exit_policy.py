"""Issue #16: the exit policy (--failure-threshold and its setting), the
flags taken from ruff (-q, -s, -o, -e, -n, --exit-non-zero-on-fix) and
usage errors for options that cannot work."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_support import BROKEN, CLEAN, ONLY_SYNTAX, write

HEAD = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
# MC110 (expn-vrfy-enabled) is info advice; selected alone it is the only finding.
INFO = HEAD + "MAILER(`smtp')dnl\n"
INFO_ONLY = ("--select", "MC110")
# MC402 (conf-defined-twice) is a warning.
WARNING = HEAD + "define(`confFOO', `x')dnl\ndefine(`confFOO', `x')dnl\nMAILER(`smtp')dnl\n"
WARNING_ONLY = ("--select", "MC402")


def test_info_findings_are_printed_but_do_not_fail_by_default(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", INFO)
    result = cli(*INFO_ONLY, str(path))
    assert "MC110" in result.out and "severity: info" in result.out
    assert result.status == 0
    assert result.out.splitlines()[-1] == "Found 1 finding in 1 file. None fails the run (failure threshold: warning)."


def test_warnings_fail_by_default(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", WARNING)
    assert cli(*WARNING_ONLY, str(path)).status == 1


@pytest.mark.parametrize(
    ("threshold", "info", "warning", "error"),
    [("info", 1, 1, 1), ("warning", 0, 1, 1), ("error", 0, 0, 1), ("never", 0, 0, 0)],
)
def test_failure_threshold_flag(cli, tmp_path: Path, threshold: str, info: int, warning: int, error: int) -> None:
    info_file = write(tmp_path / "info.mc", INFO)
    warning_file = write(tmp_path / "warning.mc", WARNING)
    error_file = write(tmp_path / "error.mc", BROKEN)
    flag = ("--failure-threshold", threshold)
    assert cli(*flag, *INFO_ONLY, str(info_file)).status == info
    assert cli(*flag, *WARNING_ONLY, str(warning_file)).status == warning
    assert cli(*flag, *ONLY_SYNTAX, str(error_file)).status == error


@pytest.mark.parametrize("settings_file", [".mc-check.toml", "pyproject.toml"])
def test_failure_threshold_setting_and_the_flag_wins(cli, tmp_path: Path, settings_file: str) -> None:
    table = "[tool.mc-check]\n" if settings_file == "pyproject.toml" else ""
    write(tmp_path / settings_file, table + 'failure-threshold = "info"\n')
    path = write(tmp_path / "sendmail.mc", INFO)
    assert cli(*INFO_ONLY, str(path)).status == 1
    assert cli(*INFO_ONLY, "--failure-threshold", "warning", str(path)).status == 0


def test_failure_threshold_setting_is_validated(cli, tmp_path: Path) -> None:
    write(tmp_path / ".mc-check.toml", 'failure-threshold = "sometimes"\n')
    path = write(tmp_path / "sendmail.mc", INFO)
    result = cli(str(path))
    assert result.status == 2 and "failure-threshold" in result.err


def test_failure_threshold_comes_back_from_the_cache(cli, tmp_path: Path) -> None:
    write(tmp_path / ".mc-check.toml", 'failure-threshold = "info"\n')
    path = write(tmp_path / "sendmail.mc", INFO)
    assert cli(*INFO_ONLY, str(path)).status == 1
    assert cli(*INFO_ONLY, str(path)).status == 1  # answered from the cache


def test_exit_zero_stays_and_has_a_short_flag(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", BROKEN)
    assert cli(*ONLY_SYNTAX, str(path)).status == 1
    assert cli(*ONLY_SYNTAX, "--exit-zero", str(path)).status == 0
    assert cli(*ONLY_SYNTAX, "-e", str(path)).status == 0


def test_statistics_agree_with_the_exit_status(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", INFO)
    result = cli("--statistics", *INFO_ONLY, str(path))
    assert result.status == 0
    assert result.out.splitlines()[-1] == "Found 1 finding. None fails the run (failure threshold: warning)."
    rows = json.loads(cli("--statistics", "--output-format", "json", *INFO_ONLY, str(path)).out)
    assert [(row["code"], row["severity"], row["fails"]) for row in rows] == [("MC110", "info", False)]
    failing = cli("--statistics", "--failure-threshold", "info", *INFO_ONLY, str(path))
    assert failing.status == 1 and failing.out.splitlines()[-1] == "Found 1 finding."
    rows = json.loads(cli("--statistics", "--failure-threshold", "info", "--output-format", "json",
                          *INFO_ONLY, str(path)).out)
    assert rows[0]["fails"] is True


# -- fixes and the exit status ---------------------------------------------------

# MC214 (mailer-duplicate) has a safe fix: drop the second MAILER(smtp).
FIXABLE = HEAD + "MAILER(`smtp')dnl\nMAILER(`smtp')dnl\n"


def _safe_fix_case(cli, tmp_path: Path) -> Path:
    path = write(tmp_path / "sendmail.mc", FIXABLE)
    assert cli("--select", "MC214", "--diff", str(path)).out  # the premise: a safe fix exists
    return path


def test_exit_non_zero_on_fix(cli, tmp_path: Path) -> None:
    path = _safe_fix_case(cli, tmp_path)
    before = path.read_bytes()
    # Whatever remains after the fix, the flag makes a written fix fail the run.
    result = cli("--select", "MC214", "--fix", "--exit-non-zero-on-fix", "--failure-threshold", "never", str(path))
    assert path.read_bytes() != before
    assert result.status == 1
    # Nothing left to fix: the same flags pass.
    assert cli("--select", "MC214", "--fix", "--exit-non-zero-on-fix", "--failure-threshold", "never", str(path)).status == 0


def test_fix_without_exit_non_zero_on_fix_passes_when_nothing_fails(cli, tmp_path: Path) -> None:
    path = _safe_fix_case(cli, tmp_path)
    assert cli("--select", "MC214", "--fix", "--failure-threshold", "never", str(path)).status == 0


def test_exit_non_zero_on_fix_with_diff_fails_when_a_fix_would_be_written(cli, tmp_path: Path) -> None:
    path = _safe_fix_case(cli, tmp_path)
    assert cli("--select", "MC214", "--diff", "--exit-non-zero-on-fix", str(path)).status == 1


def test_exit_zero_and_exit_non_zero_on_fix_exclude_each_other(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", CLEAN)
    result = cli("--exit-zero", "--exit-non-zero-on-fix", str(path))
    assert result.status == 2 and "not allowed with" in result.err


# -- how much is printed -------------------------------------------------------------


def test_quiet_prints_findings_without_the_summary(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", BROKEN)
    loud = cli(*ONLY_SYNTAX, "--output-format", "concise", str(path))
    quiet = cli(*ONLY_SYNTAX, "--output-format", "concise", "-q", str(path))
    assert quiet.status == loud.status == 1
    assert quiet.out.splitlines() == loud.out.splitlines()[:-1]
    assert "Found" in loud.out and "Found" not in quiet.out
    clean = write(tmp_path / "clean.mc", CLEAN)
    assert cli(*ONLY_SYNTAX, "--quiet", str(clean)).out == ""


def test_silent_prints_only_mc_checks_own_errors_and_keeps_the_exit_status(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", BROKEN)
    result = cli(*ONLY_SYNTAX, "-s", str(path))
    assert (result.status, result.out, result.err) == (1, "", "")
    missing = cli("--silent", str(tmp_path / "missing.mc"))
    assert missing.status == 2 and "missing.mc" in missing.err and missing.out == ""


def test_diff_quiet_leaves_out_the_would_fix_count(cli, tmp_path: Path) -> None:
    path = _safe_fix_case(cli, tmp_path)
    assert "Would fix" in cli("--select", "MC214", "--diff", str(path)).err
    assert "Would fix" not in cli("--select", "MC214", "--diff", "-q", str(path)).err


@pytest.mark.parametrize("flag", ["-o", "--output-file"])
def test_output_file_gets_the_findings(cli, tmp_path: Path, flag: str) -> None:
    path = write(tmp_path / "sendmail.mc", BROKEN)
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    result = cli(*ONLY_SYNTAX, "--output-format", "json", flag, str(report), str(path))
    assert result.status == 1 and result.out == ""
    assert [item["code"] for item in json.loads(report.read_text())] == ["MC002", "MC001"]
    # Replaced whole: no temporary file is left beside it, and a second run overwrites.
    assert os.listdir(report.parent) == ["report.json"]
    report.chmod(0o640)
    clean = write(tmp_path / "clean.mc", CLEAN)
    assert cli(*ONLY_SYNTAX, "--output-format", "json", flag, str(report), str(clean)).status == 0
    assert json.loads(report.read_text()) == []
    assert report.stat().st_mode & 0o777 == 0o640  # an existing report keeps its mode


def test_output_file_that_cannot_be_written_exits_2(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", CLEAN)
    result = cli(*ONLY_SYNTAX, "-o", str(tmp_path / "no" / "such" / "dir" / "r.txt"), str(path))
    assert result.status == 2 and "cannot write the output file" in result.err


def test_no_cache_short_flag(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", BROKEN)
    assert cli(*ONLY_SYNTAX, "-n", str(path)).status == 1


# -- usage errors ------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["0", "-3", "many"])
def test_jobs_must_be_positive(cli, tmp_path: Path, jobs: str) -> None:
    path = write(tmp_path / "sendmail.mc", CLEAN)
    result = cli("--jobs", jobs, str(path))
    assert result.status == 2 and "--jobs" in result.err
    assert cli(*ONLY_SYNTAX, "--jobs", "1", str(path)).status == 0


def test_cf_dir_must_be_a_directory(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", CLEAN)
    result = cli("--cf-dir", "/nonexistent", str(path))
    assert result.status == 2 and "--cf-dir" in result.err and "no such directory" in result.err
    assert cli("--cf-dir", str(path), str(path)).status == 2  # a file is not a cf directory
    assert cli(*ONLY_SYNTAX, "--cf-dir", str(tmp_path), str(path)).status == 0


def test_max_findings_per_rule_must_not_be_negative(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", CLEAN)
    assert cli("--max-findings-per-rule", "-1", str(path)).status == 2
