"""MC403 hash-comment-in-output."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from harness import assert_findings, assert_fix
from m4oracle import CF_M4, compile_mc, requires_m4

CF = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
HEAD = CF + "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_comment_blocks_after_the_include() -> None:
    source = HEAD + "# one\n# block\ndnl\n# another\n" + TAIL
    assert_findings(source, [("MC403", 4, 1), ("MC403", 7, 1)])


def test_comments_before_the_include_in_sections_and_dnl_pass() -> None:
    source = "divert(0)dnl\n# header meant for sendmail.cf\n" + CF + "OSTYPE(`linux')dnl\ndnl # note\n" + TAIL \
        + "LOCAL_CONFIG\n# a cf comment\n"
    assert_findings(source, [], rules=["MC403"])


def test_fix_turns_the_block_into_dnl_comments() -> None:
    assert_fix(HEAD + "# one\n# two\n" + TAIL, HEAD + "dnl # one\ndnl # two\n" + TAIL, rules=["MC403"])


@requires_m4
@pytest.mark.m4
def test_m4_copies_the_comment_and_expands_names_in_it() -> None:
    out = compile_mc(HEAD + "# raise confLOG_LEVEL\n" + TAIL).stdout
    assert "# raise 9" in out.splitlines()


# corpus 072-cyrus-doc-cyrusv2-tabs.mc (Cyrus IMAP's doc/cyrusv2.mc), compiled as
# `m4 cf.m4 cyrusv2.mc`: cf.m4 has turned comments off before line 1, so
# `# divert(-1)` really diverts and the copyright lines below it are discarded.
CYRUS = (
    "# divert(-1)\n"
    "#\n"
    "#\t(C) Copyright 2000 by Carnegie Mellon University\n"
    "#\n"
    "#\tThis sample mc file is for a site that uses the Cyrus IMAP server\n"
    "#\texclusively for local mail.\n"
    "#\n"
    "\n"
    "divert(0)dnl\n"
    "VERSIONID(`cyrus v2 sample configuartion')\n"
    "\n"
    "OSTYPE(linux)\n"
    "MAILER(`local')\n"
    "MAILER(`smtp')\n"
)


def test_hash_divert_is_a_call_not_a_comment() -> None:
    # One finding: macro-in-hash-comment says the line runs divert; nothing is
    # called a comment copied into sendmail.cf, and no dnl fix is offered that
    # would let the copyright lines into it.
    assert_findings(CYRUS, [("MC303", 1, 1)], rules=["MC403"])


def test_hash_divert_after_the_include_is_a_call_too() -> None:
    source = HEAD + "# divert(-1)\n# discarded\ndivert(0)dnl\n" + TAIL
    assert_findings(source, [("MC303", 4, 1)], rules=["MC403"])


def test_preloaded_plain_hash_comment_is_still_reported() -> None:
    # The near miss (corpus 041, crux): `#` lines that call nothing are copied.
    source = "#\n# /etc/mail/sendmail.mc: sendmail(8) configuration\n#\n\nOSTYPE(linux)\nMAILER(local)\n"
    assert_findings(source, [("MC403", 1, 1)])


@requires_m4
def test_m4_discards_the_lines_after_hash_divert() -> None:
    with tempfile.TemporaryDirectory() as folder:
        mc = Path(folder) / "cyrusv2.mc"
        mc.write_text(CYRUS)
        out = subprocess.run(["m4", str(CF_M4), str(mc)], capture_output=True, text=True, check=True,
                             cwd=str(CF_M4.parent)).stdout
    assert "Carnegie Mellon" not in out
    assert "# #####  cyrus v2 sample configuartion  #####" in out


@pytest.mark.parametrize(
    "line",
    [
        "\t# was authwarnings\n",  # a continuation of the line before in sendmail.cf
        "# customise confRECEIVED_HEADER later\n",  # expands to several tab-led lines
        "# see m4exit here\n",  # a builtin m4 runs without arguments
        "# note MYX\n",  # the file's own macro
        "# Enable AUTH\n",  # an upper-case word may be one of cf.m4's macros
        "# at CF_LEVEL\n",  # cf.m4 internal names are upper case
    ],
)
def test_no_fix_where_dnl_would_change_sendmail_cf(line: str) -> None:
    source = HEAD + "define(`MYX', `a\nO LogLevel=3')dnl\nO PrivacyOptions=goaway\n" + line + TAIL
    found = assert_findings(source, [("MC403", 7, 1)])
    assert found[0].fix is None


def test_a_plain_lowercase_comment_keeps_its_fix() -> None:
    assert_fix(HEAD + "# Keep the log quiet\n" + TAIL, HEAD + "dnl # Keep the log quiet\n" + TAIL, rules=["MC403"])
