"""MC206 unknown-domain."""

from __future__ import annotations

from mcparse.settings import Settings

from harness import assert_findings, assert_fix
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"


def test_unknown_domain_is_reported() -> None:
    assert_findings(HEAD + "DOMAIN(`generc')dnl\n", [("MC206", 2, 9)])


def test_shipped_domains_pass() -> None:
    assert_findings(HEAD + "DOMAIN(`generic')dnl\nDOMAIN(`debian-mta')dnl\n", [], rules=["MC206"])


def test_fix_renames() -> None:
    assert_fix(HEAD + "DOMAIN(`generc')dnl\n", HEAD + "DOMAIN(`generic')dnl\n", unsafe=True,
        settings=Settings(select=["MC206"]), rules=["MC206"])


# corpus 047-illumos-solaris-local-net-config.mc: Sun's DOMAIN(`solaris-generic') ships
# with Solaris' sendmail-cf, not with upstream's or Debian's.
SOLARIS = (
    "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
    "divert(0)dnl\nVERSIONID(`sendmail.mc (Sun)')\nOSTYPE(`solaris8')dnl\nDOMAIN(`solaris-generic')dnl\n"
    "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
)


def test_unknown_domain_is_one_finding_not_also_an_m4_error() -> None:
    # m4's "cannot open .../domain/solaris-generic.m4" is left to unknown-domain.
    from harness import findings

    found = findings(SOLARIS, ["MC206", "MC231"], Settings(select=["ALL"]))
    assert [(d.code, d.span.line) for d in found] == [("MC206", 6)]


@requires_m4
def test_m4_cannot_open_the_domain_file() -> None:
    assert "domain/solaris-generic.m4" in compile_mc(SOLARIS).stderr
