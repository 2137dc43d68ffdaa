"""MC204 unknown-mailer."""

from __future__ import annotations

from mcparse.settings import Settings

from harness import assert_findings, assert_fix

HEAD = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\n"


def test_delivery_agent_name_is_reported() -> None:
    assert_findings(HEAD + "MAILER(`esmtp')dnl\n", [("MC204", 3, 9)])


def test_known_mailers_pass() -> None:
    assert_findings(HEAD + "MAILER(`smtp')dnl\nMAILER(`procmail')dnl\n", [], rules=["MC204"])


def test_fix_names_the_file_that_defines_the_agent() -> None:
    assert_fix(HEAD + "MAILER(`esmtp')dnl\n", HEAD + "MAILER(`smtp')dnl\n", unsafe=True,
        settings=Settings(select=["MC204"]), rules=["MC204"])


def test_fix_for_a_typo() -> None:
    assert_fix(HEAD + "MAILER(`smpt')dnl\n", HEAD + "MAILER(`smtp')dnl\n", unsafe=True,
        settings=Settings(select=["MC204"]), rules=["MC204"])


# corpus 049-fidogate-morannon-1996-rules.mc: fidogate's own mailer files (ftn, ffx) sit
# beside sendmail-cf's; `ffx' is a FIDO fax gateway, not a misspelt `fax'.
FIDOGATE = "OSTYPE(`linux')dnl\nMAILER(local)dnl\nMAILER(smtp)dnl\nMAILER(uucp)dnl\nMAILER(ftn)dnl\nMAILER(ffx)dnl\n"


def test_short_local_mailer_gets_no_suggestion() -> None:
    found = assert_findings(FIDOGATE, [("MC204", 5, 8), ("MC204", 6, 8)])
    assert all("did you mean" not in d.message and d.fix is None for d in found)
    assert "file you added" in found[1].message


def test_a_four_letter_typo_is_still_suggested() -> None:
    found = assert_findings(HEAD + "MAILER(`smpt')dnl\n", [("MC204", 3, 9)])
    assert "did you mean `smtp'" in found[0].message
    assert found[0].fix is not None


def test_two_edits_in_a_short_name_is_another_name() -> None:
    found = assert_findings(HEAD + "MAILER(`usenetxx')dnl\n", [("MC204", 3, 9)])
    assert "did you mean" not in found[0].message
