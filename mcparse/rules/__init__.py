"""The rule registry: every module in this package named ``mc<code>_<name>.py`` is a rule.

Adding a rule
=============
1. Pick the next free code in the category's hundred (``MC1xx`` security,
   ``MC2xx`` correctness, ``MC3xx`` m4, ``MC4xx`` style, ``MC5xx`` deprecated;
   ``MC0xx`` are the parser's). ``python -m mcparse.rules.docs --list`` shows
   the codes in use.
2. Create ``mcparse/rules/mc<digits>_<name_with_underscores>.py`` holding one
   subclass of :class:`Rule`::

       from typing import Iterator
       from .base import Context, Finding, Rule

       class EtrnOnMsa(Rule):
           code = "MC103"
           name = "etrn-on-msa"            # kebab-case; the file name spells it with _
           category = "security"
           severity = "warning"
           summary = "One line: what is wrong."
           explanation = "Why it matters, in our own words, citing cf.README / the RFC."
           bad = "...a whole small .mc that triggers the rule..."
           good = "...the same file, corrected..."
           fix_safety = None               # or "safe" / "unsafe" when findings carry a fix
           options = None                  # or a pydantic model with extra="forbid"

           def check(self, context: Context) -> Iterator[Finding]:
               for daemon in context.config.daemons:
                   ...
                   yield self.finding(span, "what sendmail will do; how to fix it")

   ``context`` holds ``parse`` (tree, text), ``index``/``span()`` for
   positions, ``config`` (the resolved :class:`~mcparse.model.SendmailConfig`)
   and ``options``. Follow the model, not the text. Use ``self.fix(message,
   self.edit(start, end, text))`` for fixes: edits on the original offsets.
   Keep module imports light (import heavy things inside ``check``).
3. Add ``tests/rules/test_mc<digits>_<name>.py`` with failing and passing
   snippets, using ``tests/rules/harness.py`` (``from harness import
   assert_findings, assert_fix, assert_marked``): positions are asserted,
   message text is not. The ``bad``/``good`` examples are already tested by
   ``tests/rules/test_examples.py``. Helpers for daemons live in
   ``_daemons.py``; modules starting with ``_`` are never taken for rules.
4. Regenerate the docs and the settings schema:
   ``python -m mcparse.rules.docs`` and ``python -m mcparse.settings``
   (tests fail while either is stale).

Discovery reads the package folder with :mod:`pkgutil` and imports each
module once; a module that breaks the conventions (wrong file name, duplicate
code or name, missing metadata) raises :class:`RuleDefinitionError`, so a bad
rule is caught by the test suite rather than silently skipped.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
from typing import Optional

from .base import (
    CATEGORIES,
    DOCS_BASE_URL,
    Context,
    Finding,
    Rule,
    RuleDefinitionError,
)

__all__ = [
    "CATEGORIES", "DOCS_BASE_URL", "Context", "Finding", "Rule", "RuleDefinitionError",
    "all_rules", "find_rule", "rules_matching",
]

_MODULE_NAME = re.compile(r"^mc(\d{3})_([a-z0-9_]+)$")


@functools.cache
def _registry() -> tuple[Rule, ...]:
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for module_info in pkgutil.iter_modules(__path__):
        match = _MODULE_NAME.match(module_info.name)
        if match is None:
            continue  # base, docs and other helpers
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        classes = [
            value for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, Rule) and value is not Rule
            and value.__module__ == module.__name__
        ]
        if len(classes) != 1:
            raise RuleDefinitionError(f"{module_info.name}.py must define exactly one Rule subclass")
        rule = classes[0]()
        expected = f"mc{rule.code[2:]}_{rule.name.replace('-', '_')}"
        if module_info.name != expected:
            raise RuleDefinitionError(f"rule {rule.code} ({rule.name}) belongs in {expected}.py")
        if rule.code in rules:
            raise RuleDefinitionError(f"code {rule.code} is used by two rules")
        if rule.name in names:
            raise RuleDefinitionError(f"name {rule.name} is used by {names[rule.name]} and {rule.code}")
        rules[rule.code] = rule
        names[rule.name] = rule.code
    return tuple(sorted(rules.values(), key=lambda rule: rule.code))


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, by code."""
    return _registry()


def find_rule(code_or_name: str) -> Optional[Rule]:
    """The rule with this code (any case) or name, or None."""
    wanted = code_or_name.strip()
    for rule in _registry():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    return None


def rules_matching(selector: str) -> tuple[Rule, ...]:
    """The rules a selector names: ``ALL``, a code, a code prefix (``MC1``),
    a rule name or a category. Empty when it names nothing."""
    wanted = selector.strip()
    upper, lower = wanted.upper(), wanted.lower()
    if upper == "ALL":
        return _registry()
    if re.fullmatch(r"MC\d{0,3}", upper):
        return tuple(rule for rule in _registry() if rule.code.startswith(upper))
    if lower in CATEGORIES:
        return tuple(rule for rule in _registry() if rule.category == lower)
    return tuple(rule for rule in _registry() if rule.name == lower)
