"""MC237 host-ip-without-brackets."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix
from m4oracle import compile_mc, requires_m4

from mcparse.compiler import find_cf_dir
from mcparse.settings import Settings

pytestmark = pytest.mark.skipif(find_cf_dir() is None, reason="reads the compiled sendmail.cf: needs sendmail-cf")

CF = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
HEAD = CF + "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
# corpus 095-debian-submit-harker-client-paste.mc, lines 59-73: a submit.mc pasted from a
# client setup, every host given as a bare address.
HARKER = (
    CF
    + "define(`__OSTYPE__',`')\n"
    + "MASQUERADE_AS(`192.168.0.71')dnl\n"
    + "define(`SMART_HOST',`192.168.0.71')dnl\n"
    + "FEATURE(`msp', `192.168.0.71')dnl\n"
)
# corpus 022-chef-cookbook-file-relay.mc line 26: the near miss, with brackets.
BRACKETED = "define(`SMART_HOST', `[10.10.41.55]')dnl\n"


def test_bare_addresses_in_masquerade_smart_host_and_msp() -> None:
    found = assert_findings(HARKER, [("MC237", 4, 16), ("MC237", 5, 22), ("MC237", 6, 17)])
    assert "user@192.168.0.71" in found[0].message and "MX" in found[1].message


def test_brackets_host_names_and_longer_numbers_pass() -> None:
    assert_findings(HEAD + BRACKETED + TAIL, [], rules=["MC237"])
    assert_findings(HEAD + "define(`SMART_HOST', `relay.example.com')dnl\n" + TAIL, [], rules=["MC237"])
    assert_findings(HEAD + "define(`SMART_HOST', `192.168.0.710')dnl\n" + TAIL, [], rules=["MC237"])


def test_mailer_prefix_and_mail_hub() -> None:
    source = HEAD + "define(`SMART_HOST', `esmtp:192.0.2.1')dnl\ndefine(`MAIL_HUB', `192.0.2.2')dnl\n" + TAIL
    assert_findings(source, [("MC237", 4, 29), ("MC237", 5, 21)])


def test_fix_adds_the_brackets() -> None:
    assert_fix(
        HEAD + "define(`SMART_HOST', `192.0.2.1')dnl\n" + TAIL,
        HEAD + "define(`SMART_HOST', `[192.0.2.1]')dnl\n" + TAIL,
        unsafe=True, settings=Settings(select=["MC237"]), rules=["MC237"],
    )


@requires_m4
def test_m4_writes_the_bare_address_and_the_fix_changes_only_that_line() -> None:
    # Unsafe by design: the DS line changes (sendmail stops looking up MX records).
    before = compile_mc(HEAD + "define(`SMART_HOST', `192.0.2.1')dnl\n" + TAIL).stdout.splitlines()
    after = compile_mc(HEAD + "define(`SMART_HOST', `[192.0.2.1]')dnl\n" + TAIL).stdout.splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b and not a.startswith("#")]
    assert changed == [("DS192.0.2.1", "DS[192.0.2.1]")]
