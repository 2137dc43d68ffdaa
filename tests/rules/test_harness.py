"""The harness itself must be able to fail."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix, assert_marked, expected_from_markers

BAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\nMAILER(`smtp')dnl\n"


def test_wrong_position_fails() -> None:
    with pytest.raises(AssertionError, match="expected"):
        assert_findings(BAD, [("MC101", 2, 1)])


def test_missing_finding_fails() -> None:
    with pytest.raises(AssertionError):
        assert_findings(BAD, [], rules=["MC101"])


def test_comparing_nothing_is_refused() -> None:
    with pytest.raises(AssertionError, match="needs expected"):
        assert_findings(BAD, [])


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(AssertionError, match="no rule"):
        assert_findings(BAD, [("MC999", 1, 1)])


def test_wrong_fix_fails() -> None:
    with pytest.raises(AssertionError, match="fixed text differs"):
        assert_fix(BAD, BAD.replace("Name=MTA", "Name=MTA, M=a"), unsafe=True)


def test_markers() -> None:
    marked = BAD.replace("DAEMON", "dnl #: auth-on-mta-port MC103@4\nDAEMON")
    assert expected_from_markers(marked) == [("auth-on-mta-port", 4, 1), ("MC103", 4, 4)]
    assert_marked(BAD.replace("DAEMON", "dnl #: MC101\nDAEMON"))
    with pytest.raises(AssertionError):
        assert_marked(BAD.replace("DAEMON", "dnl #: MC101@3\nDAEMON"))
