"""The rule engine: parse, resolve, run the selected rules, apply settings and suppressions.

:func:`check` is the whole pipeline for a text; :func:`check_parsed` starts
from a parse and a model the caller already has (the language server caches
both per document version).
"""

from __future__ import annotations

import os
import re
from heapq import heappush, heapreplace
from typing import TYPE_CHECKING, NamedTuple, Optional, Union

from .collector import collector_paused
from .diagnostics import Diagnostic
from .rules import DOCS_BASE_URL, Context, Finding, Rule, all_rules, find_rule, rules_matching
from .settings import LoadedSettings, Settings
from .source import build
from .suppressions import Suppressions, find_suppressions

if TYPE_CHECKING:  # pragma: no cover
    from .model.config import SendmailConfig
    from .source import LineIndex
    from .syntax import ParseResult

PathLike = Union[str, "os.PathLike[str]"]
SettingsLike = Union[Settings, LoadedSettings, None]

INTERNAL_ERROR_CODE = "MC000"
INTERNAL_ERROR_NAME = "internal-error"
INTERNAL_ERROR_URL = f"{DOCS_BASE_URL}#{INTERNAL_ERROR_NAME}"

__all__ = [
    "INTERNAL_ERROR_CODE", "LeftOut", "all_rules", "check", "check_parsed", "explain", "selected_rules",
]


def check(
    text: Union[str, bytes],
    settings: SettingsLike = None,
    *,
    path: Optional[PathLike] = None,
    include_suppressed: bool = False,
    installed_cf: Optional[tuple[str, str]] = None,
    max_per_rule: int = 0,
    left_out: Optional[list["LeftOut"]] = None,
) -> list[Diagnostic]:
    """Every finding for a sendmail.mc text, sorted by position.

    ``settings`` is used as given (None: the defaults); find the settings for
    a file with :func:`mcparse.settings.load_settings`. ``path`` names the file
    for per-file-ignores and for include() resolution under ``cf-dir``; it is
    never read. Suppressed findings are left out unless ``include_suppressed``,
    in which case they come back with ``suppressed_reason`` set.
    ``installed_cf`` (path, text) is a sendmail.cf to compare with what the
    file compiles to (rule cf-out-of-date). ``max_per_rule`` and ``left_out``
    as in :func:`check_parsed`.
    """
    from .syntax import parse

    loaded = _loaded(settings)
    # One pause for the three stages: each pause's end costs a scan of what
    # it built, and the tree lives through all three (see collector.py).
    with collector_paused():
        parse_result = parse(text)
        config, failure = _resolve(parse_result, loaded.settings.cf_dir, path)
        diagnostics = check_parsed(
            parse_result, config, loaded, path, include_suppressed=include_suppressed, installed_cf=installed_cf,
            max_per_rule=max_per_rule, left_out=left_out,
        )
        # Freed here by reference counting, so the collector's first pass
        # after the pause does not scan the whole tree on its way out.
        del parse_result, config
    if failure is not None:
        diagnostics.insert(0, failure)
    return diagnostics


def check_parsed(
    parse_result: "ParseResult",
    config: Optional["SendmailConfig"],
    settings: SettingsLike = None,
    path: Optional[PathLike] = None,
    *,
    include_suppressed: bool = False,
    installed_cf: Optional[tuple[str, str]] = None,
    max_per_rule: int = 0,
    left_out: Optional[list["LeftOut"]] = None,
) -> list[Diagnostic]:
    """Run the rules on a parse and its resolved model (None: an empty model).

    ``max_per_rule`` (0: no cap) keeps only the first that many findings of
    each rule by position, visible and suppressed ones counted apart; each
    one left out is described in ``left_out`` (a list the caller passes)
    instead of being kept whole, so a flood of findings never sits in memory.
    """
    from .source import LineIndex
    from .syntax.parser import source_index

    loaded = _loaded(settings)
    if config is None:
        from .model.config import SendmailConfig

        # Nothing is known of the file's meaning: treat it like a fragment, so
        # rules about what cf.m4 would add or miss stay quiet.
        config = SendmailConfig(fragment=True)
    index = source_index(parse_result.syntax)
    if index.text != parse_result.text:  # a tree this parse_result did not come from
        index = LineIndex(parse_result.text)
    selection = selected_rules(loaded, path)
    path_text = os.fspath(path) if path is not None else None
    suppressions = find_suppressions(parse_result, index)

    diagnostics: list[Diagnostic] = []
    errors: list[Diagnostic] = []
    late: list[tuple[Rule, str]] = []
    shared: dict[str, object] = {}  # per-file tables the rules build once (Context.memo)
    active = frozenset(rule.code for rule, _ in selection)
    # Rules allocate findings, fixes and per-file tables and free none
    # until the file is done (see collector.py).
    with collector_paused():
        for rule, severity in selection:
            if rule.after_suppressions:
                late.append((rule, severity))
                continue
            context = Context(
                parse=parse_result, config=config, options=loaded.settings.options_for(rule), path=path_text,
                active_codes=active, shared=shared, installed_cf=installed_cf,
            )
            context.index = index  # share one index between rules
            _run(rule, severity, context, diagnostics, errors, suppressions, max_per_rule, left_out)

        for rule, severity in late:
            context = Context(
                parse=parse_result, config=config, options=loaded.settings.options_for(rule), path=path_text,
                suppressions=suppressions, active_codes=active, shared=shared, installed_cf=installed_cf,
            )
            context.index = index
            _run(rule, severity, context, diagnostics, errors, suppressions, max_per_rule, left_out)

    if not include_suppressed:
        diagnostics = [diagnostic for diagnostic in diagnostics if diagnostic.suppressed_reason is None]
    diagnostics.extend(errors)
    diagnostics.sort(key=lambda d: (d.span.start, d.span.end, d.code))
    return diagnostics


def _run(
    rule: Rule,
    severity: str,
    context: Context,
    into: list[Diagnostic],
    errors: list[Diagnostic],
    suppressions: Suppressions,
    limit: int = 0,
    left_out: Optional[list["LeftOut"]] = None,
) -> None:
    """Run one rule: its findings as Diagnostics (suppressions applied) into
    ``into``; with ``limit``, only the first ``limit`` by position of its
    visible and of its suppressed findings, the rest described in ``left_out``.

    Findings are taken one at a time, so a rule that reports thousands holds
    only ``limit`` of them at once (a flood must not sit in memory whole).
    """
    url = rule.url()
    kept: list[Diagnostic] = []
    # Per visibility, a heap of the earliest `limit` so far: the root is the
    # latest of them (keys negated), the one to drop when an earlier arrives.
    heaps: dict[bool, list[tuple[tuple[int, int, int], Diagnostic]]] = {False: [], True: []}
    dropped: list[LeftOut] = []
    # A rule that raises must not take the whole check down: its findings for
    # this file are replaced by one diagnostic naming it.
    try:
        for sequence, finding in enumerate(rule.check(context)):
            if not isinstance(finding, Finding):
                raise TypeError(f"yielded {type(finding).__name__}, not a Finding")
            reason = suppressions.reason_for(finding) if suppressions.directives else None  # type: ignore[arg-type]
            # A rule may grade its findings (accept_unresolvable_domains is milder
            # than promiscuous_relay); a severity set in the settings wins over both.
            level = finding.severity if severity == rule.severity else severity
            if limit <= 0:
                kept.append(_diagnostic(finding, level, url, reason))
                continue
            suppressed = reason is not None
            heap = heaps[suppressed]
            span = finding.span
            key = (-span.start, -span.end, -sequence)
            if len(heap) < limit:
                heappush(heap, (key, _diagnostic(finding, level, url, reason)))
            elif key > heap[0][0]:  # earlier than the latest kept: it takes that one's place
                _, latest = heapreplace(heap, (key, _diagnostic(finding, level, url, reason)))
                dropped.append(LeftOut(latest.span.start, latest.span.end, latest.code, latest.name, latest.severity,
                                       suppressed))
            else:  # never kept: described without building its Diagnostic
                dropped.append(LeftOut(span.start, span.end, finding.code, finding.name, level, suppressed))
    except Exception as error:  # noqa: BLE001 - any bug in a rule
        errors.append(_internal_error(f"rule {rule.code} ({rule.name})", error, context.index))
        return
    for heap in heaps.values():
        # Back in the rule's own order: the final sort is stable.
        kept.extend(diagnostic for _, diagnostic in sorted(heap, key=lambda item: -item[0][2]))
    into.extend(kept)
    if left_out is not None:
        left_out.extend(dropped)


def _diagnostic(finding: Finding, level: str, url: Optional[str], reason: Optional[str]) -> Diagnostic:
    return build(
        Diagnostic, code=finding.code, name=finding.name, severity=level, message=finding.message,
        span=finding.span, fix=finding.fix, url=url, suppressed_reason=reason,
    )


class LeftOut(NamedTuple):
    """A finding ``max_per_rule`` left out: enough to count it and sort it among the rest."""

    start: int
    end: int
    code: str
    name: str
    severity: str
    suppressed: bool


def _internal_error(what: str, error: BaseException, index: "LineIndex") -> Diagnostic:
    detail = str(error).splitlines()[0] if str(error) else ""
    message = (
        f"internal error: {what} failed ({type(error).__name__}{': ' + detail if detail else ''}); "
        "its findings for this file are missing. Please report this as an mcparse bug."
    )
    return build(
        Diagnostic, code=INTERNAL_ERROR_CODE, name=INTERNAL_ERROR_NAME, severity="error", message=message,
        span=index.span(0, 0), fix=None, url=INTERNAL_ERROR_URL, suppressed_reason=None,
    )


def _resolve(
    parse_result: "ParseResult", cf_dir: Optional[str], path: Optional[PathLike]
) -> tuple[Optional["SendmailConfig"], Optional[Diagnostic]]:
    try:
        from .model import resolve

        return resolve(parse_result.syntax, cf_dir=cf_dir, path=path), None
    except Exception as error:  # noqa: BLE001 - the model must not crash a check
        from .source import LineIndex

        return None, _internal_error("resolving the model", error, LineIndex(parse_result.text))


def _loaded(settings: SettingsLike) -> LoadedSettings:
    if settings is None:
        return LoadedSettings()
    if isinstance(settings, Settings):
        return LoadedSettings(settings=settings)
    return settings


# -- selection ----------------------------------------------------------------------


def selected_rules(settings: SettingsLike = None, path: Optional[PathLike] = None) -> list[tuple[Rule, str]]:
    """The rules that run on the file at ``path``, each with its severity."""
    loaded = _loaded(settings)
    chosen = loaded.settings
    if chosen.select is None:
        codes = {rule.code for rule in all_rules() if rule.default_enabled}
    else:
        codes = _codes(chosen.select)
    codes |= _codes(chosen.extend_select)
    codes -= _codes(chosen.ignore)
    if path is not None and chosen.per_file_ignores:
        for pattern, selectors in chosen.per_file_ignores.items():
            if _path_matches(pattern, path, loaded.root):
                codes -= _codes(selectors)
    overrides: dict[str, str] = {}
    for key, level in chosen.severity.items():
        rule = find_rule(key)
        if rule is not None:
            overrides[rule.code] = level
    selection = []
    for rule in all_rules():
        if rule.code not in codes:
            continue
        level = overrides.get(rule.code, rule.severity)
        if level != "off":
            selection.append((rule, level))
    return selection


def _codes(selectors: list[str]) -> set[str]:
    codes: set[str] = set()
    for selector in selectors:
        # Rules off by default are reached only by name, exact code or ALL.
        explicit = selector.strip().upper() == "ALL" or find_rule(selector) is not None
        codes.update(rule.code for rule in rules_matching(selector) if explicit or rule.default_enabled)
    return codes


def _path_matches(pattern: str, path: PathLike, root: Optional[os.PathLike[str]]) -> bool:
    absolute = os.path.abspath(os.fspath(path))
    candidates = [absolute.replace(os.sep, "/")]
    if root is not None:
        relative = os.path.relpath(absolute, os.fspath(root))
        if not relative.startswith(".."):
            candidates.append(relative.replace(os.sep, "/"))
    regex = _glob_regex(pattern)
    if "/" not in pattern:
        candidates = [candidate.rsplit("/", 1)[-1] for candidate in candidates]
    return any(regex.fullmatch(candidate) for candidate in candidates)


def _glob_regex(pattern: str) -> "re.Pattern[str]":
    # "**/" spans any number of folders, "*" and "?" stay within one.
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


# -- documentation ----------------------------------------------------------------


def explain(code_or_name: str) -> str:
    """A rule's full documentation as plain text. Raises LookupError for an unknown rule."""
    rule = find_rule(code_or_name)
    if rule is None:
        from .vocabulary import suggest

        close = suggest(code_or_name, [r.name for r in all_rules()] + [r.code for r in all_rules()], limit=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise LookupError(f"no rule named {code_or_name!r}{hint}")
    from .rules.docs import rule_text

    return rule_text(rule)

