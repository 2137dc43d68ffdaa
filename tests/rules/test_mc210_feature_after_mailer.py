"""MC210 feature-after-mailer."""

from __future__ import annotations

import pytest

from harness import assert_findings, assert_fix, findings
from m4oracle import compile_mc, corpus_dir, requires_m4

from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
CF = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"


def test_feature_after_mailer_is_reported() -> None:
    assert_findings(HEAD + MAILERS + "FEATURE(`smrsh')dnl\n", [("MC210", 4, 1)])


def test_feature_after_msp_counts_as_after_a_mailer() -> None:
    source = "define(`__OSTYPE__', `')dnl\nFEATURE(`msp')dnl\nFEATURE(`use_ct_file')dnl\n"
    assert_findings(source, [("MC210", 3, 1)])


def test_no_default_msa_after_a_mailer_is_reported() -> None:
    # m4 prints the same error for it; the old exemption assumed Debian's submit.mc
    # put it after FEATURE(`msp'), which it does not (see the next test).
    found = assert_findings(HEAD + MAILERS + "FEATURE(`no_default_msa')dnl\n", [("MC210", 4, 1)])
    assert "still takes effect" in found[0].message


def test_no_default_msa_after_msp_is_reported() -> None:
    source = "define(`__OSTYPE__', `')dnl\nFEATURE(`msp', `[127.0.0.1]')dnl\nFEATURE(`no_default_msa')dnl\n"
    assert_findings(source, [("MC210", 3, 1)])


# corpus 085-debian-submit-mc-8171.mc (Debian 8.17.1 submit.mc): FEATURE(`msp') is the
# last FEATURE and no_default_msa is not there at all; the near miss stays quiet.
DEBIAN_SUBMIT = (
    "divert(-1)dnl\n"
    "divert(0)dnl\n"
    "define(`_USE_ETC_MAIL_')dnl\n"
    "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
    "VERSIONID(`$Id: submit.mc, v 8.17.1.9-2+deb12u2 2024-06-16 21:07:57 cowboy Exp $')\n"
    "OSTYPE(`debian')dnl\n"
    "DOMAIN(`debian-msp')dnl\n"
    "FEATURE(`msp', `[127.0.0.1]', `25')dnl\n"
)


def test_debian_submit_mc_is_quiet() -> None:
    assert_findings(DEBIAN_SUBMIT, [], rules=["MC210"])


def test_debian_submit_mc_has_no_late_no_default_msa() -> None:
    path = corpus_dir() / "085-debian-submit-mc-8171.mc"
    if not path.is_file():
        pytest.skip("corpus not available")
    lines = [line for line in path.read_text().splitlines() if not line.startswith(("dnl", "#"))]
    assert any(line.startswith("FEATURE(`msp'") for line in lines)
    assert not any("no_default_msa" in line for line in lines)


def test_one_finding_for_the_late_no_default_msa() -> None:
    # m4-error defers cf.m4's message to feature-after-mailer: one problem, one finding.
    source = "divert(-1)dnl\n" + CF + HEAD + MAILERS + "FEATURE(`no_default_msa')dnl\n"
    found = findings(source, ["MC210", "MC231"], Settings(select=["MC210", "MC231"]))
    assert [(d.code, d.span.line) for d in found] == [("MC210", 6)]


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


@requires_m4
def test_m4_reports_a_late_no_default_msa_which_still_works() -> None:
    late = compile_mc(CF + HEAD + MAILERS + "FEATURE(`no_default_msa')dnl\n")
    plain = compile_mc(CF + HEAD + MAILERS)
    assert "FEATURE() should be before MAILER()" in late.stderr
    # Still in effect: the default MSA daemon line is gone.
    assert "Name=MSA" not in late.stdout and "Name=MSA" in plain.stdout
