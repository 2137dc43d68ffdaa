"""MC501 deprecated-feature."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from harness import assert_findings, assert_fix, findings
from m4oracle import compile_mc, requires_m4

from mcparse.fixes import fix_until_stable
from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`access_db')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_deprecated_features() -> None:
    source = HEAD + "FEATURE(`blacklist_recipients')dnl\nFEATURE(`notsticky')dnl\nFEATURE(`tls_failures')dnl\n" + TAIL
    assert_findings(source, [("MC501", 3, 1), ("MC501", 4, 1), ("MC501", 5, 1)])


def test_current_features_pass() -> None:
    assert_findings(HEAD + "FEATURE(`blocklist_recipients')dnl\n" + TAIL, [], rules=["MC501"])


DEPRECATED = HEAD + "FEATURE(`blacklist_recipients')dnl\nFEATURE(`notsticky')dnl\n" + TAIL
CURRENT = HEAD + "FEATURE(`blocklist_recipients')dnl\n" + TAIL


@requires_m4
def test_fixes_rename_and_remove_safely_with_a_new_sendmail_cf() -> None:
    # Debian's sendmail-cf is 8.17: it has blocklist_recipients, so --fix may rename.
    assert_fix(DEPRECATED, CURRENT, rules=["MC501"])
    found = findings(HEAD + "FEATURE(`tls_failures')dnl\n" + TAIL, ["MC501"])
    assert found and found[0].fix is None


def test_fixes_are_unsafe_without_a_known_sendmail_cf() -> None:
    # A fragment is not compiled: nothing says the new name exists where it is used.
    found = findings("FEATURE(`blacklist_recipients')dnl\n", ["MC501"])
    assert [d.fix.safety for d in found if d.fix] == ["unsafe"]
    assert "8.16.1" in found[0].fix.message
    assert fix_until_stable("FEATURE(`blacklist_recipients')dnl\n", Settings(select=["MC501"])).applied == []


@requires_m4
def test_fixes_are_unsafe_with_a_sendmail_cf_older_than_8_16_1(tmp_path: Path) -> None:
    # sendmail-cf 8.15 has no blocklist_recipients.m4: the renamed file would not build.
    old_cf = tmp_path / "cf"
    shutil.copytree("/usr/share/sendmail/cf", old_cf)
    version = old_cf / "m4" / "version.m4"
    version.write_text(re.sub(r"DZ8\.\d+\.\d+(\.\d+)?", "DZ8.15.2", version.read_text()))
    (old_cf / "feature" / "blocklist_recipients.m4").unlink()
    found = findings(DEPRECATED, ["MC501"], Settings(cf_dir=str(old_cf)))
    assert [d.fix.safety for d in found if d.fix] == ["unsafe", "unsafe"]
    assert fix_until_stable(DEPRECATED, Settings(select=["MC501"], cf_dir=str(old_cf))).text == DEPRECATED
    only = Settings(select=["MC501"], cf_dir=str(old_cf))
    assert_fix(DEPRECATED, CURRENT, unsafe=True, settings=only, rules=["MC501"])


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


def test_an_indented_empty_feature_loses_the_call_but_keeps_the_blanks() -> None:
    assert_fix(HEAD + "  FEATURE(`notsticky')dnl\n" + TAIL, HEAD + "  dnl\n" + TAIL, rules=["MC501"])
