"""MC231 m4-error: cf.m4's `*** ERROR' lines and m4's own errors, at the .mc line that caused them."""

from __future__ import annotations

import pytest

from harness import assert_findings, findings
from m4oracle import compile_mc, requires_m4
from mcparse.compiler import find_cf_dir
from mcparse.settings import Settings

ALONE = Settings(select=["MC231"])

pytestmark = pytest.mark.skipif(find_cf_dir() is None, reason="m4-error reads the compiled sendmail.cf: needs sendmail-cf")

CF = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_feature_after_mailer_is_reported_at_the_feature() -> None:
    # Alone (MC210 off), m4-error reports cf.m4's own message.
    assert_findings(CF + MAILERS + "FEATURE(`access_db')dnl\n", [("MC231", 6, 1)], rules=["MC231"], settings=ALONE)


def test_a_more_specific_rule_takes_the_message() -> None:
    found = findings(CF + MAILERS + "FEATURE(`access_db')dnl\n", ["MC231", "MC210"], Settings(select=["MC231", "MC210"]))
    assert [d.code for d in found] == ["MC210"]


def test_an_unknown_feature_file_is_an_m4_error() -> None:
    text = CF + "FEATURE(`no_such_feature_here')dnl\n" + MAILERS
    assert_findings(text, [("MC231", 4, 1)], rules=["MC231"], settings=ALONE)


def test_berkeley_domain_outside_berkeley() -> None:
    # corpus 103 (ucbvax): cf.m4 refuses the Berkeley sample domain, in two errprint lines.
    found = findings(CF + "DOMAIN(`Berkeley.EDU')dnl\n" + MAILERS, ["MC231"])
    assert [(d.code, d.span.line) for d in found] == [("MC231", 4)]
    assert "Berkeley sample configuration" in found[0].message and "files outside" in found[0].message


def test_a_clean_file_and_an_include_outside_the_sandbox_stay_quiet() -> None:
    assert_findings(CF + "FEATURE(`access_db')dnl\n" + MAILERS, [], rules=["MC231"])
    # m4 would read /etc/mail/...; mcparse does not, so it cannot call it an error.
    assert_findings(CF + "include(`/etc/mail/m4/dialup.m4')dnl\n" + MAILERS, [], rules=["MC231"])


def test_a_fragment_is_not_compiled() -> None:
    assert_findings("FEATURE(`access_db')dnl\nMAILER(`smtp')dnl\nFEATURE(`nouucp')dnl\n", [], rules=["MC231"])


@requires_m4
def test_real_m4_prints_the_same_errors() -> None:
    text = CF + MAILERS + "FEATURE(`access_db')dnl\n"
    real = compile_mc(text)
    message = findings(text, ["MC231"], ALONE)[0].message
    assert "*** ERROR: FEATURE() should be before MAILER()" in real.stderr
    assert "FEATURE() should be before MAILER()" in message


def test_a_file_named_by_a_template_placeholder_is_left_to_template_marker() -> None:
    # corpus 013 (Ansible) includes `{{sendmail_mc_include}}': m4 cannot open a
    # path that is only a placeholder until the template is rendered. The near
    # miss, a feature file that really does not exist, is still an error.
    placeholder = CF + "FEATURE(`{{ sendmail_feature }}')dnl\n" + MAILERS
    assert "cannot open" in " ".join(compile_mc(placeholder).errors)
    assert_findings(placeholder, [], rules=["MC231"], settings=ALONE)
    missing = placeholder.replace("{{ sendmail_feature }}", "no_such_feature_here")
    assert_findings(missing, [("MC231", 4, 1)], rules=["MC231"], settings=ALONE)
