"""MC113 dont-blame-sendmail-unsafe."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_risky_values_are_named_in_one_finding() -> None:
    values = "TrustStickyBit,groupwritabledirpathsafe,RunWritableProgram"
    source = HEAD + f"define(`confDONT_BLAME_SENDMAIL', `{values}')dnl\n" + TAIL
    found = assert_findings(source, [("MC113", 2, 1)])
    assert "GroupWritableDirPathSafe" in found[0].message and "RunWritableProgram" in found[0].message
    assert "TrustStickyBit" not in found[0].message


def test_harmless_values_pass() -> None:
    values = "Safe,TrustStickyBit,GroupReadableKeyFile,NonRootSafeAddr"
    source = HEAD + f"define(`confDONT_BLAME_SENDMAIL', `{values}')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC113"])


def test_values_from_debian_mta_are_not_blamed_on_the_file() -> None:
    # DOMAIN(`debian-mta') appends AssumeSafeChown and others itself.
    source = "OSTYPE(`debian')dnl\nDOMAIN(`debian-mta')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC113"])


def test_an_append_reports_only_what_the_file_adds() -> None:
    source = "OSTYPE(`debian')dnl\nDOMAIN(`debian-mta')dnl\n" \
        "define(`confDONT_BLAME_SENDMAIL', defn(`confDONT_BLAME_SENDMAIL')`,GroupWritableSASLDBFile')dnl\n" + TAIL
    found = assert_findings(source, [("MC113", 3, 1)])
    assert "GroupWritableSASLDBFile" in found[0].message
    assert "AssumeSafeChown" not in found[0].message


def test_a_later_define_without_the_value_passes() -> None:
    source = HEAD + "define(`confDONT_BLAME_SENDMAIL', `RunWritableProgram')dnl\n" \
        "define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC113"])


def test_forward_file_values_name_what_they_expose() -> None:
    # corpus 069 (BlueOnyx) sets ForwardFileInGroupWritableDirPath: what a
    # writer of that directory gains is the user's .forward, not the aliases.
    source = "OSTYPE(`linux')dnl\ndefine(`confDONT_BLAME_SENDMAIL', `ForwardFileInGroupWritableDirPath')dnl\nMAILER(`local')dnl\n"
    message = assert_findings(source, [("MC113", 2, 1)])[0].message
    assert ".forward" in message and "aliases" not in message
