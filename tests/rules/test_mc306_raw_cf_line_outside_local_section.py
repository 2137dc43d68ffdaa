"""MC306 raw-cf-line-outside-local-section."""

from __future__ import annotations

import pytest
from harness import assert_findings
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"
CF = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"


def test_raw_lines_in_the_main_text() -> None:
    source = HEAD + "DSmail.example.com\nR$* < @ foo > $*\t$#error $: 550 no\nCwlocalhost\n" + TAIL
    assert_findings(source, [("MC306", 2, 1), ("MC306", 3, 1), ("MC306", 4, 1)])


def test_local_sections_prose_and_fragments_pass() -> None:
    source = HEAD + TAIL + "LOCAL_CONFIG\nKfoo hash /etc/mail/foo\nLOCAL_RULESETS\nSLocal_check_mail\nR$*\t$@ OK\n"
    assert_findings(source, [], rules=["MC306"])
    assert_findings(HEAD + "Keep it simple\nDNS is down\n" + TAIL, [], rules=["MC306"])
    assert_findings("Cwlocalhost\n", [], rules=["MC306"])  # a fragment: where it lands is unknown


@requires_m4
@pytest.mark.m4
def test_m4_puts_main_text_before_the_version_line() -> None:
    cf = compile_mc(CF + HEAD + "DSmail.example.com\n" + TAIL).stdout.splitlines()
    assert cf.index("DSmail.example.com") < cf.index("V10/Berkeley")
    # cf.m4's own DS line comes later and wins.
    assert "DS" in cf[cf.index("V10/Berkeley"):]
