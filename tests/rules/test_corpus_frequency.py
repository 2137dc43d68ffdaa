"""Every rule runs over the whole corpus without a crash, and docs/rule-frequency.md is current."""

from __future__ import annotations

import pytest

import corpus_frequency


@pytest.mark.skipif(not corpus_frequency.corpus_files(), reason="corpus not found beside the repository (../shared)")
def test_frequency_table_is_current_and_no_rule_crashes() -> None:
    text = corpus_frequency.render()
    assert "Internal errors" not in text
    assert corpus_frequency.TARGET.read_text(encoding="utf-8") == text, (
        "docs/rule-frequency.md is stale: run python tests/rules/corpus_frequency.py"
    )
