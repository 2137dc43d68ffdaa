"""MC311 mcparse-cannot-decide."""

from __future__ import annotations

from pathlib import Path

from harness import assert_findings, findings
from mcparse.rules.mc311_mcparse_cannot_decide import MAX_FINDINGS
from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_include_that_is_not_read() -> None:
    assert_findings(HEAD + "include(`/some/where/local.m4')dnl\n" + TAIL, [("MC311", 2, 1)])


def test_include_read_from_the_cf_dir_passes(tmp_path: Path) -> None:
    (tmp_path / "local.m4").write_text("define(`confLOG_LEVEL', `9')dnl\n", encoding="utf-8")
    settings = Settings.model_validate({"cf-dir": str(tmp_path)})
    source = HEAD + f"include(`{tmp_path / 'local.m4'}')dnl\n" + TAIL
    assert_findings(source, [], settings, rules=["MC311"])


def test_ifdef_on_a_name_only_an_unknown_ostype_file_defines() -> None:
    # The unknown OSTYPE itself is MC205's; the ifdef it leaves undecided is this rule's.
    source = "OSTYPE(`mysite')dnl\nifdef(`confSOMETHING', `define(`confLOG_LEVEL', `9')')dnl\n" + TAIL
    assert_findings(source, [("MC205", 1, 9), ("MC311", 2, 1)])


def test_eval_and_regexp_that_cannot_be_decided() -> None:
    source = HEAD + "define(`N', eval(`1+'))dnl\ndefine(`R', regexp(`abc', `[b'))dnl\n" + TAIL
    assert_findings(source, [("MC311", 2, 13), ("MC311", 3, 13)])


def test_budget_stop_is_reported_at_the_start_of_the_file() -> None:
    found = assert_findings(HEAD + "define(`x', `x x')x\n" + TAIL, [("MC311", 1, 1)])
    assert found[0].span.start == 0


def test_what_other_rules_report_is_not_repeated() -> None:
    changequote = HEAD + "changequote([,])dnl\nMAILER([smtp])dnl\n"
    assert_findings(changequote, [("MC307", 2, 1)], rules=["MC311"])
    template = HEAD + "define(`SMART_HOST', `{{ relay }}')dnl\n" + TAIL
    assert_findings(template, [("MC308", 2, 23)], rules=["MC311"])
    shell = HEAD + "define(`confDOMAIN_NAME', esyscmd(`hostname -f'))dnl\n" + TAIL
    assert_findings(shell, [("MC105", 2, 27)], rules=["MC311"])
    unterminated = HEAD + "define(`confX', `abc)dnl\n"
    assert_findings(unterminated, [("MC001", 2, 17)], rules=["MC311"])
    unknown_files = "OSTYPE(`ubuntu')dnl\nDOMAIN(`mysite')dnl\n" + TAIL
    assert_findings(unknown_files, [("MC205", 1, 9), ("MC206", 2, 9)], rules=["MC311"])


def test_a_stop_only_m4_sees_is_reported() -> None:
    # The parser sees a complete call; m4 stops inside the macro's expansion.
    assert_findings("define(`P', `FEATURE(')P\n", [("MC311", 1, 24)])


def test_findings_are_capped() -> None:
    source = HEAD + "".join(f"define(`N{i}', eval(`{i}+'))dnl\n" for i in range(MAX_FINDINGS + 10)) + TAIL
    found = findings(source, ["MC311"])
    assert len(found) == MAX_FINDINGS
    assert "10 more" in found[-1].message


def test_plain_file_passes() -> None:
    source = HEAD + "define(`confLOG_LEVEL', `9')dnl\nifdef(`confLOG_LEVEL', `', `')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC311"])
