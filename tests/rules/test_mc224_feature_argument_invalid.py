"""MC224 feature-argument-invalid."""

from __future__ import annotations

import pytest

from harness import assert_findings
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


@pytest.mark.parametrize(
    "line",
    [
        "FEATURE(`dnsbl')dnl",
        "FEATURE(`nullclient')dnl",
        "FEATURE(`nouucp', `yes')dnl",
        "FEATURE(`delay_checks', `xyz')dnl",
        "FEATURE(`nocanonify', `yes')dnl",
        "FEATURE(`conncontrol', `nodelay', `term')dnl",
        "FEATURE(`prefixmod', `x')dnl",
    ],
)
def test_bad_arguments(line: str) -> None:
    source = HEAD + "FEATURE(`access_db')dnl\nFEATURE(`delay_checks')dnl\n" + line + "\n" + MAILERS
    if "delay_checks', `xyz" in line:
        source = HEAD + "FEATURE(`access_db')dnl\n" + line + "\n" + MAILERS
        assert_findings(source, [("MC224", 3, 1)])
        return
    assert_findings(source, [("MC224", 4, 1)])


def test_good_arguments_pass() -> None:
    source = HEAD + (
        "FEATURE(`access_db')dnl\nFEATURE(`delay_checks', `friend')dnl\nFEATURE(`nouucp', `reject')dnl\n"
        "FEATURE(`nocanonify', `canonify_hosts')dnl\nFEATURE(`conncontrol', `nodelay', `terminate')dnl\n"
        "FEATURE(`dnsbl', `zen.spamhaus.org')dnl\n"
    ) + MAILERS
    assert_findings(source, [], rules=["MC224"])


@requires_m4
@pytest.mark.parametrize("line", ["FEATURE(`dnsbl')dnl", "FEATURE(`nocanonify', `yes')dnl", "FEATURE(`nouucp', `yes')dnl"])
def test_m4_complains_too(line: str) -> None:
    result = compile_mc("include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD + line + "\n" + MAILERS)
    assert "ERROR" in result.stderr
