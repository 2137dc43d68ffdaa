"""Fixes of different rules on the same text compose, and the known
offenders of issue #16 stay behind --unsafe-fixes."""

from __future__ import annotations

from m4oracle import CF_M4

from mcparse.diagnostics import Diagnostic, Edit, Fix
from mcparse.engine import check
from mcparse.fixes import apply_fixes, fix_until_stable
from mcparse.settings import Settings
from mcparse.source import LineIndex

TEXT = "define(`x', `Apy')dnl\n"


def _diagnostic(code: str, start: int, end: int, replacement: str) -> Diagnostic:
    return Diagnostic(
        code=code, name="x", severity="warning", message="m", span=LineIndex(TEXT).span(start, end),
        fix=Fix(message="f", edits=(Edit(start=start, end=end, replacement=replacement),), safety="safe"),
    )


def test_an_insertion_next_to_a_rewrite_waits_a_round() -> None:
    value = TEXT.index("Apy")
    split = _diagnostic("MC221", value, value + 3, "A,p,y")
    append = _diagnostic("MC108", value + 3, value + 3, ",p")
    # Whatever order the findings come in, the rewrite goes in alone; the
    # insertion at its end is judged again on the rewritten text next round.
    for diagnostics in ([split, append], [append, split]):
        assert apply_fixes(TEXT, diagnostics) == ("define(`x', `A,p,y')dnl\n", 1)
    before = _diagnostic("MC900", value, value, "p,")
    assert apply_fixes(TEXT, [before, split]) == ("define(`x', `A,p,y')dnl\n", 1)


def test_separate_edits_still_go_in_together() -> None:
    first = _diagnostic("MC900", 0, 1, "D")
    last = _diagnostic("MC901", len(TEXT) - 4, len(TEXT) - 1, "")
    assert apply_fixes(TEXT, [first, last]) == ("Define(`x', `Apy')\n", 2)


SERVER = (
    "OSTYPE(`linux')dnl\n"
    "define(`confSERVER_CERT', `/etc/mail/tls/server.crt')dnl\n"
    "define(`confSERVER_KEY', `/etc/mail/tls/server.key')dnl\n"
    "define(`confAUTH_MECHANISMS', `LOGIN PLAIN')dnl\n"
    "define(`confAUTH_OPTIONS', `{}')dnl\n"
    "FEATURE(`no_default_msa')dnl\n"
    "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
    "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
    "MAILER(`local')dnl\n"
    "MAILER(`smtp')dnl\n"
)


def test_letters_split_and_p_added_say_p_once() -> None:
    # sendmail reads `Apy' as `A': plaintext-auth-without-tls wants `p' added,
    # auth-options-letters-not-separated splits the letters. Once split, `p'
    # is there and the other fix is no longer needed.
    both = Settings(select=["MC108", "MC221"])
    fixed, applied = fix_until_stable(SERVER.format("Apy"), both, unsafe=True)
    assert "define(`confAUTH_OPTIONS', `A,p,y')dnl\n" in fixed
    assert [d.code for d in applied] == ["MC221"]
    fixed, applied = fix_until_stable(SERVER.format("Ay"), both, unsafe=True)
    assert "define(`confAUTH_OPTIONS', `A,y,p')dnl\n" in fixed
    assert sorted(d.code for d in applied) == ["MC108", "MC221"]
    assert not check(fixed, both)


def test_letters_are_split_only_with_unsafe_fixes() -> None:
    source = SERVER.format("A,py")
    assert fix_until_stable(source, Settings(select=["MC221"])).text == source


HASHED_SMART_HOST = (
    f"divert(0)dnl\ninclude(`{CF_M4}')dnl\nOSTYPE(`linux')dnl\n"
    "#define(`SMART_HOST', `relay.example.com')dnl\n"
    "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
)


def test_a_smart_host_behind_a_hash_stays_with_safe_fixes() -> None:
    # m4 runs the define behind `#' (cf.m4 turns m4's comments off): the
    # relay is in use. Turning the line into a dnl comment empties DS.
    select = Settings(select=["MC303", "MC403"])
    assert fix_until_stable(HASHED_SMART_HOST, select).text == HASHED_SMART_HOST
    fixed = fix_until_stable(HASHED_SMART_HOST, select, unsafe=True).text
    assert "dnl define(`SMART_HOST', `relay.example.com')dnl\n" in fixed
