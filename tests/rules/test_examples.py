"""Every rule's documented examples are tests: ``bad`` fires it, ``good`` does not."""

from __future__ import annotations

import pytest

from harness import findings
from mcparse.rules import all_rules
from mcparse.compiler import find_cf_dir
from mcparse.rules.base import Rule

RULES = all_rules()


def _installed(rule: Rule) -> "tuple[str, str] | None":
    if not rule.examples_installed_cf_from_good:
        return None
    import mcparse

    return ("/etc/mail/sendmail.cf", mcparse.compile(rule.good).cf)


@pytest.mark.parametrize("rule", RULES, ids=[f"{rule.code}-{rule.name}" for rule in RULES])
def test_bad_example_is_reported(rule: Rule) -> None:
    if rule.needs_sendmail_cf and find_cf_dir() is None:
        pytest.skip(f"{rule.code} reads the compiled sendmail.cf: needs sendmail-cf installed")
    assert findings(rule.bad, [rule.code], installed_cf=_installed(rule)), (
        f"{rule.code} {rule.name}: its bad example is not reported"
    )


@pytest.mark.parametrize("rule", RULES, ids=[f"{rule.code}-{rule.name}" for rule in RULES])
def test_good_example_is_not_reported(rule: Rule) -> None:
    if rule.needs_sendmail_cf and find_cf_dir() is None:
        pytest.skip(f"{rule.code} reads the compiled sendmail.cf: needs sendmail-cf installed")
    found = findings(rule.good, [rule.code], installed_cf=_installed(rule))
    assert not found, f"{rule.code} {rule.name}: its good example is reported: {[d.message for d in found]}"


@pytest.mark.parametrize("rule", RULES, ids=[f"{rule.code}-{rule.name}" for rule in RULES])
def test_metadata_reads_well(rule: Rule) -> None:
    assert rule.summary.strip() and rule.summary.strip()[-1] == ".", "summary: one sentence ending in a period"
    assert len(rule.explanation) >= 120, "explanation: say why, with the cf.README section or RFC"
    assert rule.bad != rule.good
    assert rule.url().endswith(f"#{rule.name}")


def test_the_catalogue_is_found() -> None:
    codes = [rule.code for rule in RULES]
    assert {"MC001", "MC101", "MC102", "MC103", "MC201", "MC401"} <= set(codes)
    assert codes == sorted(codes)
