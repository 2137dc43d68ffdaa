"""MC501 deprecated-feature."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix, findings
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`access_db')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_deprecated_features() -> None:
    source = HEAD + "FEATURE(`blacklist_recipients')dnl\nFEATURE(`notsticky')dnl\nFEATURE(`tls_failures')dnl\n" + TAIL
    assert_findings(source, [("MC501", 3, 1), ("MC501", 4, 1), ("MC501", 5, 1)])


def test_current_features_pass() -> None:
    assert_findings(HEAD + "FEATURE(`blocklist_recipients')dnl\n" + TAIL, [], rules=["MC501"])


def test_fixes_rename_and_remove() -> None:
    assert_fix(
        HEAD + "FEATURE(`blacklist_recipients')dnl\nFEATURE(`notsticky')dnl\n" + TAIL,
        HEAD + "FEATURE(`blocklist_recipients')dnl\n" + TAIL,
        rules=["MC501"],
    )
    found = findings(HEAD + "FEATURE(`tls_failures')dnl\n" + TAIL, ["MC501"])
    assert found and found[0].fix is None


@requires_m4
@pytest.mark.m4
def test_m4_renamed_feature_gives_the_same_rules() -> None:
    cf = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
    old = compile_mc(cf + HEAD + "FEATURE(`blacklist_recipients')dnl\n" + TAIL)
    new = compile_mc(cf + HEAD + "FEATURE(`blocklist_recipients')dnl\n" + TAIL)
    assert "deprecated" in old.stderr and "deprecated" not in new.stderr

    def rules(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.startswith(("R", "S", "K"))]

    assert rules(old.stdout) == rules(new.stdout)
