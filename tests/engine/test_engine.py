"""mcparse.check: the pipeline, ordering, links, crash isolation."""

from __future__ import annotations

from typing import Iterator

import pytest

import mcparse
from mcparse import engine
from mcparse.diagnostics import Diagnostic
from mcparse.rules import Context, Finding, Rule, all_rules
from mcparse.rules.base import DOCS_BASE_URL, RuleDefinitionError
from mcparse.settings import Settings

# goaway keeps EXPN/VRFY closed so that only the port rules speak on this file.
DEFAULTS = "OSTYPE(`linux')dnl\ndefine(`confPRIVACY_FLAGS', `goaway')dnl\nMAILER(`smtp')dnl\n"


class Boom(Rule):
    code = "MC299"
    name = "boom"
    category = "correctness"
    severity = "error"
    summary = "Always crashes."
    explanation = "A rule with a bug, to show that the engine survives it."
    bad = "x"
    good = "y"

    def check(self, context: Context) -> Iterator[Finding]:
        yield self.finding(context.span(0, 1), "partial")
        raise ZeroDivisionError("division by zero")


class NotAFinding(Boom):
    code = "MC298"
    name = "not-a-finding"

    def check(self, context: Context) -> Iterator[Finding]:
        yield "oops"  # type: ignore[misc]


@pytest.fixture
def with_rule(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def install(*extra: Rule) -> None:
        rules = all_rules() + extra
        monkeypatch.setattr(engine, "all_rules", lambda: rules)

    return install


def test_check_is_the_public_api() -> None:
    assert mcparse.check is engine.check


def test_defaults_report_the_implied_daemons_sorted_with_links() -> None:
    found = mcparse.check(DEFAULTS)
    assert [(d.code, d.span.line) for d in found] == [("MC101", 1), ("MC102", 1)]
    assert all(isinstance(d, Diagnostic) for d in found)
    assert found[0].url == f"{DOCS_BASE_URL}#auth-on-mta-port"
    assert found[0].severity == "warning" and found[0].name == "auth-on-mta-port"


def test_sorted_by_position_across_rules_and_syntax_errors() -> None:
    text = (
        "OSTYPE(`linux')dnl\ndefine(`confPRIVACY_FLAGS', `goaway')dnl\nFEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA')dnl\nFEATURE(`x'\n"
    )
    # Only the rules this test is about, so that rules added later cannot change it.
    found = mcparse.check(text, Settings(select=["MC0", "MC102", "MC103"]))
    assert [d.code for d in found] == ["MC102", "MC103", "MC002"]
    starts = [d.span.start for d in found]
    assert starts == sorted(starts)
    assert found[-1].url and found[-1].url.endswith("#unclosed-call")


def test_bytes_input_and_invalid_utf8() -> None:
    found = mcparse.check(b"dnl caf\xe9\n")
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("MC003", 1, 8)]


def test_a_crashing_rule_becomes_one_internal_error(with_rule) -> None:  # type: ignore[no-untyped-def]
    with_rule(Boom())
    found = mcparse.check(DEFAULTS)
    errors = [d for d in found if d.code == engine.INTERNAL_ERROR_CODE]
    assert len(errors) == 1
    assert "MC299" in errors[0].message and "boom" in errors[0].message
    assert "ZeroDivisionError" in errors[0].message
    assert not [d for d in found if d.code == "MC299"]  # its partial findings are dropped
    assert {"MC101", "MC102"} <= {d.code for d in found}  # the other rules still ran


def test_a_rule_yielding_garbage_is_an_internal_error(with_rule) -> None:  # type: ignore[no-untyped-def]
    with_rule(NotAFinding())
    found = mcparse.check(DEFAULTS)
    assert any(d.code == "MC000" and "MC298" in d.message for d in found)


def test_a_failing_model_is_an_internal_error_and_syntax_still_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import mcparse.model

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("model bug")

    monkeypatch.setattr(mcparse.model, "resolve", broken)
    found = mcparse.check("FEATURE(`x'\n")
    assert [d.code for d in found] == ["MC000", "MC002"]
    assert "model" in found[0].message


def test_check_parsed_reuses_a_parse_and_a_model() -> None:
    parsed = mcparse.parse(DEFAULTS)
    config = mcparse.resolve(parsed.tree)
    assert engine.check_parsed(parsed, config) == mcparse.check(DEFAULTS)
    # Without a model the daemon rules have nothing to look at.
    assert engine.check_parsed(parsed, None) == []


def test_explain_by_code_and_name() -> None:
    text = engine.explain("mc101")
    assert text.startswith("MC101 auth-on-mta-port")
    assert "RFC 4954" in text and "Reported:" in text
    assert engine.explain("etrn-on-msa").startswith("MC103")
    with pytest.raises(LookupError, match="auth-on-mta-port"):
        engine.explain("auth-on-mta-prot")


def test_rule_metadata_is_validated() -> None:
    metadata = {key: getattr(Boom, key) for key in Rule._REQUIRED}
    with pytest.raises(RuleDefinitionError, match="style codes start with MC4"):
        type("Wrong", (Rule,), {**metadata, "code": "MC199", "category": "style"})
    with pytest.raises(RuleDefinitionError, match="kebab"):
        type("Wrong", (Rule,), {**metadata, "name": "Bad_Name"})
    with pytest.raises(RuleDefinitionError, match="lacks explanation"):
        type("Wrong", (Rule,), {k: v for k, v in metadata.items() if k != "explanation"})


def test_registry_rejects_wrongly_named_modules(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    import mcparse.rules as registry

    package = tmp_path / "fake_rules"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mc105_wrong_name.py").write_text(
        "from mcparse.rules.base import Rule\n"
        "class R(Rule):\n"
        "    code='MC105'; name='right-name'; category='security'; severity='info'\n"
        "    summary='s.'; explanation='e'; bad='b'; good='g'\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "__path__", [str(package)])
    monkeypatch.setattr(registry, "__name__", "fake_rules")
    registry._registry.cache_clear()
    try:
        with pytest.raises(RuleDefinitionError, match="mc105_right_name.py"):
            registry.all_rules()
    finally:
        monkeypatch.undo()
        registry._registry.cache_clear()
        sys.modules.pop("fake_rules", None)
        sys.modules.pop("fake_rules.mc105_wrong_name", None)
    assert registry.all_rules()


def test_internal_error_is_documented() -> None:
    from mcparse.rules.docs import render

    assert "## internal-error" in render()


class Scattered(Boom):
    """Findings out of position order, some on the same span, some suppressed."""

    code = "MC297"
    name = "scattered"

    def check(self, context: Context) -> Iterator[Finding]:
        import random

        chance = random.Random(297)
        lines = [line for line in range(1, context.index.line_of(len(context.text)) + 1)]
        for number in range(120):
            line = chance.choice(lines)
            start = context.index.line_starts[line - 1]
            yield self.finding(context.span(start, start + chance.randint(0, 3)), f"finding {number}")


def test_a_capped_rule_keeps_its_first_findings_by_position_whatever_order_it_yields(
    with_rule, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """max_per_rule keeps, of each rule, what capping the full sorted list keeps
    (visible and suppressed apart, ties in the rule's own order), and leaves out
    the rest as LeftOut records (the CLI counts them)."""
    import mcparse.rules
    from mcparse.cli.findings import cap_per_rule

    scattered = Scattered()
    with_rule(scattered)
    known = mcparse.rules.find_rule
    monkeypatch.setattr(mcparse.rules, "find_rule", lambda name: scattered if name == "MC297" else known(name))
    text = DEFAULTS + "".join(
        ("dnl mc-check: disable=MC297 -- testing\n" if number % 4 == 0 else "") + f"dnl line {number}\n"
        for number in range(30)
    )
    whole = mcparse.check(text, include_suppressed=True)
    mine = [d for d in whole if d.code == "MC297"]
    assert len(mine) == 120 and any(d.suppressed_reason for d in mine) and len(whole) > 120
    for limit in (1, 3, 7, 50, 200):
        left_out: list[engine.LeftOut] = []
        kept = mcparse.check(text, include_suppressed=True, max_per_rule=limit, left_out=left_out)
        assert len(kept) + len(left_out) == len(whole)
        assert cap_per_rule(kept, limit, left_out) == cap_per_rule(whole, limit)


def test_fixes_and_edits_are_checked_although_not_validated() -> None:
    # Rule.fix and Rule.edit build their models without pydantic's validation
    # (thousands per file); a wrong type must still fail where it is made.
    from mcparse.rules import find_rule

    rule = find_rule("MC210")
    assert rule is not None
    edit = rule.edit(0, 1, "x")
    fix = rule.fix("Move it", edit)
    assert fix.model_dump() == {
        "message": "Move it", "edits": ({"start": 0, "end": 1, "replacement": "x"},), "safety": "unsafe"
    }
    assert type(fix).model_validate(fix.model_dump()) == fix
    with pytest.raises(TypeError):
        rule.edit("0", 1, "x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rule.edit(0, 1, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rule.fix("Move it", (0, 1, "x"))  # type: ignore[arg-type]
