"""MC401 unused-suppression, and inline suppression as a whole."""

from __future__ import annotations

from harness import assert_findings, assert_fix, findings

from mcparse.engine import check

BAD_MTA = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n{directive}DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" \
    "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\nMAILER(`smtp')dnl\n"


def source(directive: str) -> str:
    return BAD_MTA.format(directive=directive)


def test_directive_silences_the_next_line_and_keeps_the_reason() -> None:
    text = source("dnl mc-check: disable=MC101 -- smarthost only, firewalled\n")
    assert_findings(text, [], rules=["MC101", "MC401"])
    silenced = [d for d in check(text, include_suppressed=True) if d.code == "MC101"]
    assert [d.suppressed_reason for d in silenced] == ["smarthost only, firewalled"]
    assert (silenced[0].span.line, silenced[0].span.column) == (4, 1)


def test_directive_by_name_and_without_reason() -> None:
    text = source("dnl mc-check: disable=auth-on-mta-port\n")
    assert_findings(text, [], rules=["MC101", "MC401"])
    silenced = [d for d in check(text, include_suppressed=True) if d.code == "MC101"]
    assert silenced and silenced[0].suppressed_reason


def test_stacked_directives_apply_to_the_first_real_line() -> None:
    text = source("dnl mc-check: disable=MC101 -- one\ndnl mc-check: disable=MC103 -- two\n")
    # MC103 has nothing to silence on the MTA line: that name is unused.
    assert_findings(text, [("MC401", 4, 23)], rules=["MC101"])


def test_directive_two_lines_above_does_not_reach() -> None:
    text = source("dnl mc-check: disable=MC101 -- too far\ndnl an ordinary comment\n")
    assert_findings(text, [("MC101", 5, 1), ("MC401", 3, 23)])


def test_disable_file() -> None:
    text = "dnl mc-check: disable-file=MC101,msa-without-auth -- lab box\n" + source("").replace("M=Ea", "M=E")
    assert_findings(text, [], rules=["MC101", "MC102", "MC401"])
    assert {d.code for d in check(text, include_suppressed=True)} >= {"MC101", "MC102"}


def test_unused_names_are_reported_each() -> None:
    text = source("dnl mc-check: disable=MC101,MC103 -- x\n")
    assert_findings(text, [("MC401", 3, 29)], rules=["MC101"])


def test_unknown_name_with_did_you_mean() -> None:
    text = source("dnl mc-check: disable=auth-on-mta-prot -- typo\n")
    found = assert_findings(text, [("MC101", 4, 1), ("MC401", 3, 23)])
    unknown = [d for d in found if d.code == "MC401"][0]
    assert "auth-on-mta-port" in unknown.message  # the suggestion
    assert unknown.fix is None


def test_malformed_directive() -> None:
    text = source("dnl mc-check: disabel=MC101\n")
    found = assert_findings(text, [("MC101", 4, 1), ("MC401", 3, 1)])
    assert found[0].span.end_column == len("dnl mc-check: disabel=MC101") + 1


def test_a_plain_comment_mentioning_mc_check_is_no_directive() -> None:
    text = source("dnl mc-check is run in CI\n")
    assert_findings(text, [("MC101", 4, 1)], rules=["MC401"])


def test_names_of_rules_that_did_not_run_are_not_unused() -> None:
    from mcparse.settings import Settings

    text = source("dnl mc-check: disable=MC101,MC103 -- x\n")
    assert findings(text, ["MC401"], Settings(ignore=["MC103"])) == []


def test_the_unused_suppression_finding_can_itself_be_silenced() -> None:
    text = "dnl mc-check: disable-file=unused-suppression\n" + source("dnl mc-check: disable=MC103\n")
    assert_findings(text, [("MC101", 5, 1)], rules=["MC401"])


def test_fix_removes_a_whole_unused_directive_line() -> None:
    assert_fix(source("dnl mc-check: disable=MC103 -- stale\n"), source(""), rules=["MC401"])


def test_fix_removes_one_unused_name() -> None:
    assert_fix(
        source("dnl mc-check: disable=MC103, MC101 -- x\n"),
        source("dnl mc-check: disable=MC101 -- x\n"),
    )
    assert_fix(
        source("dnl mc-check: disable=MC101,MC103 -- x\n"),
        source("dnl mc-check: disable=MC101 -- x\n"),
    )


def test_fix_keeps_dnl_after_other_text() -> None:
    text = "OSTYPE(`linux')dnl mc-check: disable=MC103\nMAILER(`smtp')dnl\n"
    assert_fix(text, "OSTYPE(`linux')dnl\nMAILER(`smtp')dnl\n", rules=["MC401"])


def test_an_indented_unused_directive_becomes_a_plain_dnl() -> None:
    # m4 copies the blanks before it; with the line gone they would start the
    # next sendmail.cf line and make it a continuation line.
    head = "OSTYPE(`linux')dnl\nLOCAL_CONFIG\n"
    assert_fix(
        head + "  dnl mc-check: disable=MC110\nO LogLevel=3\n", head + "  dnl\nO LogLevel=3\n", rules=["MC401"]
    )
