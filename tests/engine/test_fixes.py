"""apply_edits, apply_fixes and fix_until_stable."""

from __future__ import annotations

from typing import Iterator

import pytest

from mcparse import engine
from mcparse.diagnostics import Diagnostic, Edit, Fix
from mcparse.fixes import OverlappingEdits, apply_edits, apply_fixes, fix_until_stable
from mcparse.rules import Context, Finding, Rule, all_rules

TEXT = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=587, Name=MSA')dnl\nMAILER(`smtp')dnl\n"


def test_apply_edits_uses_original_offsets() -> None:
    assert apply_edits("abcdef", [Edit(start=4, end=5, replacement="E"), Edit(start=0, end=1, replacement="AA")]) == "AAbcdEf"
    assert apply_edits("abc", []) == "abc"
    # Insertions at one offset keep their order.
    assert apply_edits("ab", [Edit(start=1, end=1, replacement="x"), Edit(start=1, end=1, replacement="y")]) == "axyb"


def test_apply_edits_rejects_overlaps_and_bad_offsets() -> None:
    with pytest.raises(OverlappingEdits):
        apply_edits("abcdef", [Edit(start=0, end=3, replacement=""), Edit(start=2, end=4, replacement="")])
    with pytest.raises(ValueError, match="outside"):
        apply_edits("abc", [Edit(start=2, end=9, replacement="")])


def _diagnostic(start: int, end: int, replacement: str, safety: str = "safe", suppressed: str | None = None) -> Diagnostic:
    from mcparse.source import LineIndex

    return Diagnostic(
        code="MC999", name="x", severity="info", message="m", span=LineIndex("abcdef").span(start, end),
        fix=Fix(message="f", edits=(Edit(start=start, end=end, replacement=replacement),), safety=safety),  # type: ignore[arg-type]
        suppressed_reason=suppressed,
    )


def test_apply_fixes_skips_unsafe_suppressed_and_overlapping() -> None:
    diagnostics = [
        _diagnostic(0, 1, "A"),
        _diagnostic(0, 2, "Z"),  # overlaps the first: waits for another round
        _diagnostic(2, 3, "C", safety="unsafe"),
        _diagnostic(4, 5, "E", suppressed="reason"),
        _diagnostic(5, 6, "F"),
        _diagnostic(5, 6, "F"),  # the same remedy twice: one edit, two fixed
    ]
    assert apply_fixes("abcdef", diagnostics) == ("AbcdeF", 3)
    assert apply_fixes("abcdef", diagnostics, unsafe=True) == ("AbCdeF", 4)


def test_fix_until_stable_iterates_and_reports_what_it_fixed() -> None:
    fixed, applied = fix_until_stable(TEXT, unsafe=True)
    assert "DAEMON_OPTIONS(`Port=587, Name=MSA, M=aE')dnl" in fixed
    assert sorted(d.code for d in applied) == ["MC102", "MC103"]  # no daemon on 25 here
    assert fix_until_stable(fixed, unsafe=True) == (fixed, [])


def test_fix_until_stable_without_unsafe_changes_nothing_here() -> None:
    assert fix_until_stable(TEXT) == (TEXT, [])


class BreaksQuotes(Rule):
    code = "MC499"
    name = "breaks-quotes"
    category = "style"
    severity = "info"
    summary = "Test rule whose fix deletes a closing quote."
    explanation = "Used to show that a fix producing a syntax error is refused."
    bad = "x"
    good = "y"
    fix_safety = "safe"

    def check(self, context: Context) -> Iterator[Finding]:
        position = context.text.find("')")
        if position >= 0:
            yield self.finding(context.span(position, position + 1), "m", self.fix("f", self.edit(position, position + 1, "")))


class Forever(BreaksQuotes):
    code = "MC498"
    name = "forever"

    def check(self, context: Context) -> Iterator[Finding]:
        yield self.finding(context.span(0, 0), "m", self.fix("f", self.edit(0, 0, "dnl\n")))


def test_a_fix_that_breaks_the_syntax_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = all_rules() + (BreaksQuotes(),)
    monkeypatch.setattr(engine, "all_rules", lambda: rules)
    text = "OSTYPE(`linux')dnl\nMAILER(`smtp')dnl\n"
    assert fix_until_stable(text) == (text, [])


def test_max_rounds_bounds_a_fix_that_never_converges(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = all_rules() + (Forever(),)
    monkeypatch.setattr(engine, "all_rules", lambda: rules)
    fixed, applied = fix_until_stable("dnl\n", max_rounds=3)
    assert fixed == "dnl\n" * 4 and len(applied) == 3
