"""MC234 daemon-key-repeated."""

from __future__ import annotations

import pytest
from harness import assert_findings
from m4oracle import compile_mc, corpus_dir, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
# corpus 055-fedora-dovecot-milters-after-mailer.mc line 152 (and 077, line 145): meant
# as "enable both ipv6 and ipv4", but one DAEMON_OPTIONS is one daemon.
BOTH_IN_ONE = "DAEMON_OPTIONS(`Name=MTA-v4, Family=inet, Name=MTA-v6, Family=inet6')\n"


def test_name_and_family_twice_is_one_finding() -> None:
    found = assert_findings(HEAD + BOTH_IN_ONE + TAIL, [("MC234", 2, 43)])
    assert "`Name=MTA-v6'" in found[0].message and "`Family=inet6'" in found[0].message


def test_keys_are_compared_by_first_letter_like_sendmail() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Name=MTA, N=Other')dnl\n" + TAIL, [("MC234", 2, 27)])
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=E, M=A')dnl\n" + TAIL, [("MC234", 2, 43)])


def test_one_line_per_daemon_and_lookalike_keys_pass() -> None:
    # The near miss: two calls, and refuseLA / RcvBufSize are different keys (r, R).
    source = HEAD + (
        "DAEMON_OPTIONS(`Name=MTA-v4, Family=inet')dnl\n"
        "DAEMON_OPTIONS(`Name=MTA-v6, Family=inet6')dnl\n"
        "DAEMON_OPTIONS(`Port=2525, Name=Alt, refuseLA=20, RcvBufSize=65536')dnl\n"
    ) + TAIL
    assert_findings(source, [], rules=["MC234"])


def test_client_options_too() -> None:
    assert_findings(HEAD + "CLIENT_OPTIONS(`Family=inet, Family=inet6')dnl\n" + TAIL, [("MC234", 2, 30)])


def test_the_corpus_line_is_as_copied() -> None:
    path = corpus_dir() / "055-fedora-dovecot-milters-after-mailer.mc"
    if not path.is_file():
        pytest.skip("corpus not available")
    assert BOTH_IN_ONE.strip() in path.read_text().splitlines()


@requires_m4
def test_m4_passes_the_line_whole_as_one_daemon() -> None:
    cf = compile_mc("divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD + BOTH_IN_ONE + TAIL)
    daemons = [line for line in cf.stdout.splitlines() if line.startswith("O DaemonPortOptions=")]
    assert "O DaemonPortOptions=Name=MTA-v4, Family=inet, Name=MTA-v6, Family=inet6" in daemons
    assert not any(line.endswith("Name=MTA-v4, Family=inet") for line in daemons)


def test_two_modifier_fields_lose_the_first_letters() -> None:
    # corpus 101-openbsd-courtesan-header-checks.mc line 66 (OpenBSD's sendmail.mc, also
    # corpus 054): sendmail clears the modifier set at each M=, so `O' is lost.
    line = "DAEMON_OPTIONS(`Family=inet6, address=::, Port=587, Name=MSA6, M=O, M=E')dnl\n"
    found = assert_findings(HEAD + line + TAIL, [("MC234", 2, 69)])
    assert "`M=OE'" in found[0].message
