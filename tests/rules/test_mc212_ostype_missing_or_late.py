"""MC212 ostype-missing-or-late."""

from __future__ import annotations

from harness import assert_findings
from m4oracle import compile_mc, requires_m4

CF = "divert(-1)\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')\ndivert(0)dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_missing_ostype_is_reported_at_the_include() -> None:
    assert_findings(CF + MAILERS, [("MC212", 2, 1)])


def test_ostype_after_a_mailer() -> None:
    assert_findings(CF + MAILERS + "OSTYPE(`linux')dnl\n", [("MC212", 6, 1)])


def test_second_ostype() -> None:
    assert_findings(CF + "OSTYPE(`linux')dnl\nOSTYPE(`debian')dnl\n" + MAILERS, [("MC212", 5, 1)])


def test_submit_mc_and_fragments_pass() -> None:
    assert_findings(CF + "define(`__OSTYPE__', `')dnl\nFEATURE(`msp')dnl\n", [], rules=["MC212"])
    assert_findings("FEATURE(`access_db')dnl\n", [], rules=["MC212"])
    assert_findings(CF + "OSTYPE(`linux')dnl\n" + MAILERS, [], rules=["MC212"])


@requires_m4
def test_m4_agrees() -> None:
    missing = compile_mc(CF + MAILERS)
    late = compile_mc(CF + MAILERS + "OSTYPE(`linux')dnl\n")
    early = compile_mc(CF + "OSTYPE(`linux')dnl\n" + MAILERS)
    assert "No system type defined" in missing.stderr
    local = [line for line in late.stdout.splitlines() if line.startswith("Mlocal")]
    assert "P=/bin/mail" in local[0]
    assert "P=/bin/mail" not in next(line for line in early.stdout.splitlines() if line.startswith("Mlocal"))


def test_missing_ostype_is_one_finding_not_also_an_m4_error() -> None:
    from harness import findings
    from mcparse.settings import Settings

    found = findings(CF + MAILERS, ["MC212", "MC231"], Settings(select=["ALL"]))
    assert [(d.code, d.span.line) for d in found] == [("MC212", 2)]


def test_template_piece_without_ostype_is_quiet() -> None:
    # corpus 019-smoeding-header-fragment.m4.erb: puppet's header piece includes cf.m4 and
    # nothing else; OSTYPE comes in another piece. m4 alone would say "No system type
    # defined", but the piece is a fragment (rules/_scope.py): neither rule reports it.
    piece = (
        "divert(0)dnl\n# Host: <%= @fqdn %>\ndefine(`_USE_ETC_MAIL_')dnl\n<% case @operatingsystem -%>\n"
        "<% when 'Debian' -%>\ndnl #\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\ndnl #\n<% end -%>\n"
    )
    assert_findings(piece, [], rules=["MC212", "MC231"])
