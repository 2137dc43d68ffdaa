"""MC210 feature-after-mailer."""

from __future__ import annotations

from harness import assert_findings, assert_fix
from m4oracle import compile_mc, requires_m4

from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
CF = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"


def test_feature_after_mailer_is_reported() -> None:
    assert_findings(HEAD + MAILERS + "FEATURE(`smrsh')dnl\n", [("MC210", 4, 1)])


def test_feature_after_msp_counts_as_after_a_mailer() -> None:
    source = "define(`__OSTYPE__', `')dnl\nFEATURE(`msp')dnl\nFEATURE(`use_ct_file')dnl\n"
    assert_findings(source, [("MC210", 3, 1)])


def test_no_default_msa_late_is_harmless_and_not_reported() -> None:
    assert_findings(HEAD + MAILERS + "FEATURE(`no_default_msa')dnl\n", [], rules=["MC210"])


def test_features_first_pass() -> None:
    assert_findings(HEAD + "FEATURE(`smrsh')dnl\n" + MAILERS, [], rules=["MC210"])


def test_fix_moves_the_line_above_the_first_mailer() -> None:
    assert_fix(
        HEAD + MAILERS + "FEATURE(`smrsh')dnl\n",
        HEAD + "FEATURE(`smrsh')dnl\n" + MAILERS,
        unsafe=True,
        settings=Settings(select=["MC210"]),
    )


@requires_m4
def test_m4_reports_the_late_feature() -> None:
    late = compile_mc(CF + HEAD + MAILERS + "FEATURE(`smrsh')dnl\n")
    early = compile_mc(CF + HEAD + "FEATURE(`smrsh')dnl\n" + MAILERS)
    assert "FEATURE() should be before MAILER()" in late.stderr
    assert "FEATURE() should be before MAILER()" not in early.stderr
    assert "smrsh" not in next(line for line in late.stdout.splitlines() if line.startswith("Mprog"))
    assert "smrsh" in next(line for line in early.stdout.splitlines() if line.startswith("Mprog"))
