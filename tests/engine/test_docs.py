"""docs/rules.md is generated from the rules and must be current."""

from __future__ import annotations

from mcparse.rules import all_rules
from mcparse.rules.docs import DOCS_PATH, main, render


def test_committed_docs_are_current() -> None:
    assert DOCS_PATH.read_text(encoding="utf-8") == render(), "run: python -m mcparse.rules.docs"
    assert main(["--check"]) == 0


def test_every_rule_has_a_section_with_its_anchor_and_examples() -> None:
    text = render()
    for rule in all_rules():
        section = text.split(f"\n## {rule.name}\n", 1)[1].split("\n## ", 1)[0]
        assert f"**{rule.code}**" in section
        assert rule.summary in section
        assert "Reported:" in section and "Not reported:" in section
