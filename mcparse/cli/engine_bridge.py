"""The one place the CLI talks to the rule engine, settings and fixes.

Everything the CLI needs from them goes through these functions, so the rest
of the CLI depends on a small, stable surface. The engine is imported on
first use, never at start-up: ``mc-check --version`` and cached runs must
not pay for loading every rule.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Diagnostic


@dataclass(frozen=True)
class Overrides:
    """Rule selection given on the command line; None means "as configured"."""

    select: Optional[tuple[str, ...]] = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    config: Optional[str] = None
    cf_dir: Optional[str] = None  # --cf-dir: wins over the settings files' cf-dir


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    category: str
    severity: str
    summary: str
    fix: str  # "safe", "unsafe" or "" when the rule has no fix
    explanation: str = ""
    url: Optional[str] = None
    examples: tuple[tuple[str, str], ...] = field(default=())


class SettingsError(Exception):
    """A settings file that cannot be used (its message names file and key)."""


# -- settings -----------------------------------------------------------------


def load_settings(path: Optional[str], overrides: Overrides) -> Any:
    """The settings in force for ``path`` (a file, or None for the current directory)."""
    settings_module = _module("mcparse.settings")
    if settings_module is None:
        return overrides
    return _load_with_engine(settings_module, path, overrides)


def _load_with_engine(settings_module: Any, path: Optional[str], overrides: Overrides) -> Any:
    try:
        loaded = settings_module.load_settings(path, config=overrides.config)
        return loaded.with_overrides(
            select=overrides.select, ignore=overrides.ignore, extend_select=overrides.extend_select,
            cf_dir=overrides.cf_dir,
        )
    except settings_module.SettingsError as error:
        raise SettingsError(str(error)) from None


def describe_settings(settings: Any) -> list[tuple[str, str, str]]:
    """(key, value, where it came from) for every setting in force."""
    if not isinstance(settings, Overrides):
        return [tuple(map(str, row)) for row in settings.describe()]  # type: ignore[misc]
    return [
        ("select", ", ".join(settings.select) if settings.select is not None else "(all rules)",
         "command line" if settings.select is not None else "default"),
        ("ignore", ", ".join(settings.ignore) or "(none)", "command line" if settings.ignore else "default"),
        ("extend-select", ", ".join(settings.extend_select) or "(none)",
         "command line" if settings.extend_select else "default"),
    ]


def failure_threshold(settings: Any) -> str:
    """failure-threshold of the settings in force (warning when not set)."""
    inner = getattr(settings, "settings", None)
    return str(getattr(inner, "failure_threshold", "warning"))


def max_findings_per_rule(settings: Any) -> int:
    """max-findings-per-rule of the settings in force (0: no cap)."""
    inner = getattr(settings, "settings", None)
    return int(getattr(inner, "max_findings_per_rule", 50))


def cf_dir(settings: Any) -> Optional[str]:
    """The sendmail-cf directory the settings name, if any."""
    inner = getattr(settings, "settings", None)
    return getattr(inner, "cf_dir", None)


# -- checking -----------------------------------------------------------------


def check(
    data: bytes,
    settings: Any,
    path: Optional[str],
    installed_cf: Optional[tuple[str, str]] = None,
    max_per_rule: int = 0,
    left_out: Optional[list[Any]] = None,
) -> "list[Diagnostic]":
    """Every finding for a file's bytes, sorted by position (suppressed ones included).

    Bytes, not text: the parser decodes them itself and reports invalid UTF-8.
    With ``max_per_rule``, the engine keeps only that many of each rule and
    describes the rest in ``left_out`` (see mcparse.engine.check_parsed).
    """
    engine = _module("mcparse.engine")
    if engine is None:
        from ..syntax import parse

        diagnostics = list(parse(data).diagnostics)
        if not isinstance(settings, Overrides):
            return diagnostics
        return [d for d in diagnostics if _selected(d.code, d.name, settings)]
    return list(
        engine.check(
            data, settings, path=path, include_suppressed=True, installed_cf=installed_cf,
            max_per_rule=max_per_rule, left_out=left_out,
        )
    )


def fix(text: str, settings: Any, path: Optional[str], *, unsafe: bool) -> tuple[str, int]:
    """Apply fixes until none applies; return the new text and how many were applied."""
    fixes = _module("mcparse.fixes")
    if fixes is None:
        return text, 0
    outcome = fixes.fix_until_stable(text, settings, unsafe, path=path)
    return outcome.text, len(outcome.applied)


def _selected(code: str, name: str, overrides: Overrides) -> bool:
    def hit(patterns: Sequence[str]) -> bool:
        return any(p == "ALL" or code.startswith(p) or p == name for p in patterns)

    chosen = hit(overrides.select) if overrides.select is not None else True
    return (chosen or hit(overrides.extend_select)) and not hit(overrides.ignore)


# -- rule documentation ---------------------------------------------------------


def rule_catalogue() -> list[RuleInfo]:
    """Every rule mc-check knows, by code (syntax checks included)."""
    from ..diagnostics import SYNTAX_CODES

    rules = {
        code: RuleInfo(code=code, name=name, category="syntax", severity=severity,
                       summary=_SYNTAX_SUMMARIES.get(code, name), fix="",
                       explanation=_SYNTAX_SUMMARIES.get(code, name))
        for code, name, severity in SYNTAX_CODES.values()
    }
    engine = _module("mcparse.engine")
    if engine is not None:
        for rule in engine.all_rules():
            info = _rule_info(rule)
            rules[info.code] = info
    return sorted(rules.values(), key=lambda info: info.code)


def _rule_info(rule: Any) -> RuleInfo:
    return RuleInfo(
        code=rule.code, name=rule.name, category=str(rule.category), severity=str(rule.severity),
        summary=rule.summary, fix=str(getattr(rule, "fix_safety", None) or ""),
        explanation=getattr(rule, "explanation", ""), url=_url(rule),
    )


def _url(rule: Any) -> Optional[str]:
    url = getattr(rule, "url", None)
    return url() if callable(url) else url


def find_rule(code_or_name: str) -> Optional[RuleInfo]:
    wanted = code_or_name.strip()
    for info in rule_catalogue():
        if wanted.upper() == info.code or wanted.lower() == info.name:
            return info
    return None


def explain(code_or_name: str) -> Optional[str]:
    """A rule's full documentation, or None when no rule has that code or name."""
    engine = _module("mcparse.engine")
    info = find_rule(code_or_name)
    if info is None:
        return None
    if engine is not None:
        try:
            return str(engine.explain(info.code))
        except LookupError:
            pass
    return f"{info.code} ({info.name})\n\n{info.explanation}\n"


_SYNTAX_SUMMARIES = {
    "MC001": "A quote opened with ` is never closed: m4 reads the rest of the file as one string.",
    "MC002": "A macro call's parenthesis is never closed: m4 reads to the end of the file looking for it.",
    "MC003": "The file is not valid UTF-8; the odd bytes are kept exactly as they are.",
}


@functools.cache
def _module(name: str) -> Any:
    """Import an engine module, or None while it does not exist yet."""
    import importlib

    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return None


def warm_up() -> None:
    """Import the parser and the engine now (before forking workers)."""
    from ..syntax import parse

    parse("dnl\n")
    _module("mcparse.engine")
    _module("mcparse.fixes")
