"""The per-rule test harness (yamllint's RuleTestCase in spirit).

Compare codes and positions, never message text::

    from harness import assert_findings, assert_fix

    def test_port_25_without_a() -> None:
        assert_findings(
            "OSTYPE(`linux')dnl\\nDAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\\n",
            [("MC101", 2, 1)],
            rules=["MC101"],    # compare only these rules' findings
        )

Which findings are compared: those of the rules named in ``expected`` and in
``rules`` (codes or names). Other rules may fire on a snippet without
breaking your test when someone adds a rule later. With nothing named at all
the harness refuses to run (a test that compares nothing cannot fail).

Expected findings can also be written into the snippet, parso-style: a line
``dnl #: MC101`` (or ``dnl #: MC101@12`` for column 12, or several codes
separated by spaces) expects those findings on the line below it::

    assert_marked(
        "OSTYPE(`linux')dnl\n"
        "dnl #: auth-on-mta-port\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n",
        rules=["MC101"],
    )
"""

from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence, Union

from mcparse.diagnostics import Diagnostic
from mcparse.engine import check
from mcparse.fixes import fix_until_stable
from mcparse.rules import find_rule
from mcparse.settings import Settings

Expected = tuple[str, int, int]


def _code(code_or_name: str) -> str:
    rule = find_rule(code_or_name)
    if rule is None:
        raise AssertionError(f"no rule {code_or_name!r} is registered")
    return rule.code


def _settings_running(codes: Iterable[str], settings: Optional[Settings]) -> Settings:
    # Make sure the rules under test run even when they are off by default.
    base = settings or Settings()
    return base.model_copy(update={"extend_select": [*base.extend_select, *codes]})


def findings(
    source: Union[str, bytes],
    rules: Sequence[str],
    settings: Optional[Settings] = None,
    *,
    path: Optional[str] = None,
    installed_cf: Optional[tuple[str, str]] = None,
) -> list[Diagnostic]:
    """The findings of ``rules`` (codes or names) for ``source``, in order."""
    codes = {_code(rule) for rule in rules}
    found = check(source, _settings_running(codes, settings), path=path, installed_cf=installed_cf)
    return [d for d in found if d.code in codes]


def assert_findings(
    source: Union[str, bytes],
    expected: Sequence[Expected],
    settings: Optional[Settings] = None,
    *,
    rules: Sequence[str] = (),
    path: Optional[str] = None,
) -> list[Diagnostic]:
    """Assert that exactly ``expected`` (code or name, line, column; 1-based)
    are found among the compared rules. Returns the findings for further checks."""
    compared = {_code(code) for code, _, _ in expected} | {_code(rule) for rule in rules}
    if not compared:
        raise AssertionError("assert_findings needs expected findings or rules=[...] to compare")
    found = findings(source, sorted(compared), settings, path=path)
    actual = [(d.code, d.span.line, d.span.column) for d in found]
    wanted = sorted((_code(code), line, column) for code, line, column in expected)
    assert sorted(actual) == wanted, _mismatch(source, wanted, found)
    return found


_MARKER = re.compile(r"^[ \t]*dnl #:(?P<items>(?:[ \t]+[A-Za-z0-9-]+(?:@\d+)?)+)[ \t]*$")


def expected_from_markers(source: str) -> list[Expected]:
    """The findings ``dnl #: CODE[@column]`` lines announce for the line below them."""
    expected: list[Expected] = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = _MARKER.match(line)
        if match is None:
            continue
        for item in match.group("items").split():
            code, _, column = item.partition("@")
            expected.append((code, number + 1, int(column or 1)))
    return expected


def assert_marked(
    source: str, settings: Optional[Settings] = None, *, rules: Sequence[str] = (), path: Optional[str] = None
) -> list[Diagnostic]:
    """:func:`assert_findings` with the expectations written into ``source``."""
    return assert_findings(source, expected_from_markers(source), settings, rules=rules, path=path)


def _mismatch(source: Union[str, bytes], wanted: list[Expected], found: list[Diagnostic]) -> str:
    shown = "\n".join(f"  {d.code} {d.span.line}:{d.span.column} {d.message}" for d in found) or "  (none)"
    return f"expected {wanted}\nfound:\n{shown}\nin:\n{source!r}"


def assert_fix(
    source: str,
    fixed: str,
    *,
    unsafe: bool = False,
    settings: Optional[Settings] = None,
    rules: Sequence[str] = (),
) -> None:
    """Assert that fixing ``source`` (safe fixes, plus unsafe ones if ``unsafe``)
    gives exactly ``fixed`` and that the rules whose fixes were applied (and
    ``rules``) no longer fire on it."""
    codes = {_code(rule) for rule in rules}
    result, applied = fix_until_stable(source, _settings_running(codes, settings), unsafe=unsafe)
    assert result == fixed, f"fixed text differs:\n--- got\n{result}\n--- expected\n{fixed}"
    if source != fixed:
        assert applied, "the text changed but no fix was reported as applied"
    codes |= {d.code for d in applied}
    remaining = findings(result, sorted(codes), settings) if codes else []
    assert not remaining, "still reported after the fix:\n" + "\n".join(
        f"  {d.code} {d.span.line}:{d.span.column} {d.message}" for d in remaining
    )


def assert_no_fix(source: str, *, rule: str, unsafe: bool = True) -> None:
    """Assert that ``rule`` fires on ``source`` but offers no applicable fix."""
    found = findings(source, [rule])
    assert found, f"{rule} does not fire on {source!r}"
    allowed = {"safe", "unsafe"} if unsafe else {"safe"}
    assert all(d.fix is None or d.fix.safety not in allowed for d in found), [d.fix for d in found]
