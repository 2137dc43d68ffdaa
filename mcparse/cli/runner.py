"""Checking files: one at a time, or across processes when there are many.

Results come back in the order the files were given, whatever order the
workers finish in, so output is the same on every run.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from . import engine_bridge as bridge
from .files import InputError, Target, read_input
from .findings import FileReport

# Below this many files a process pool costs more than it saves. Measured
# with benchmarks/cli.py on 2 CPUs: workers fork after the parser and rules
# are loaded, so the pool costs ~10-20 ms, and break-even lies between 8 and
# 16 ordinary files (a check costs ~5 ms each).
PARALLEL_THRESHOLD = 16


@dataclass(frozen=True)
class Job:
    target: Target
    overrides: bridge.Overrides
    mode: str = "check"  # "check", "fix" or "diff"
    unsafe: bool = False
    stdin: Optional[bytes] = None
    use_cache: bool = False
    # --cf: the installed sendmail.cf (path, text) to compare with the compile.
    installed_cf: Optional[tuple[str, str]] = None
    # --max-findings-per-rule: wins over the settings' max-findings-per-rule.
    max_per_rule: Optional[int] = None


_settings_cache: dict[tuple[str, bridge.Overrides], Any] = {}


def settings_for(path: Optional[str], overrides: bridge.Overrides) -> Any:
    """Settings for a file; files in one directory share them (found upward from there)."""
    directory = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
    key = (directory, overrides)
    if key not in _settings_cache:
        _settings_cache[key] = bridge.load_settings(path, overrides)
    return _settings_cache[key]


def check_one(job: Job) -> FileReport:
    """Check (and with mode fix/diff, fix) one input. Never raises for bad input."""
    report = FileReport(path=job.target.shown)
    try:
        _check(job, report)
    except InputError as error:
        report.error = str(error)
    except bridge.SettingsError as error:
        report.error = f"settings: {error}"
    return report


def _check(job: Job, report: FileReport) -> None:
    data = job.stdin if job.stdin is not None else read_input(job.target.path or "")
    key = None
    # With a cf directory the findings also depend on the files read from it,
    # which the cache key does not cover: such checks are never cached.
    if job.use_cache and job.mode == "check" and job.overrides.cf_dir is None:
        from . import cache

        overrides = job.overrides
        # config stays last: key_for finds the settings file by it.
        selection = (overrides.select, overrides.ignore, overrides.extend_select, job.max_per_rule, overrides.config)
        key = cache.key_for(data, job.target.settings_path, selection)
        cached = cache.load(key) if key else None
        if cached is not None:
            cached.restore(report)
            return
    # Only now the parser, pydantic and the rules: a cache hit never loads them.
    from ..source import LineIndex
    from ..syntax import decode, encode, parse
    from .findings import cap_per_rule, finding_from_diagnostic

    text, bom, _ = decode(data)
    settings = settings_for(job.target.settings_path, job.overrides)
    report.failure_threshold = bridge.failure_threshold(settings)
    path = job.target.settings_path
    if job.mode != "check":
        fixed, count = bridge.fix(text, settings, path, unsafe=job.unsafe)
        if count and fixed != text:
            _refuse_if_broken(parse, text, fixed)
            if job.mode == "diff":
                from .fixing import unified_diff

                report.fixed = count
                report.diff = unified_diff(job.target.shown, text, fixed)
                return
            if job.target.path is None:
                report.fixed_output = encode(fixed, bom)
            else:
                from .fixing import write_atomically

                write_atomically(job.target.path, data, encode(fixed, bom))
            # Counted only now: a write that was refused fixed nothing.
            report.fixed = count
            text, data = fixed, encode(fixed, bom)
        elif job.target.path is None and job.mode == "fix":
            report.fixed_output = data
        if job.mode == "diff":
            return
    index = LineIndex(text)
    limit = job.max_per_rule if job.max_per_rule is not None else bridge.max_findings_per_rule(settings)
    # Capped before conversion: the plain findings copy source text, and a
    # flood of thousands of them is what must not reach memory or output.
    # The engine already leaves out what is over the cap (a flood of findings
    # never sits in memory whole); cap_per_rule counts what it left out.
    left_out: list[Any] = []
    diagnostics = bridge.check(data, settings, path, job.installed_cf, max(limit, 0), left_out)
    kept, report.omitted, report.omitted_suppressed = cap_per_rule(diagnostics, limit, left_out)
    report.findings = [finding_from_diagnostic(d, index) for d in kept]
    if key and bridge.cf_dir(settings) is None:
        cache.store(key, cache.Entry.of(report))


def _refuse_if_broken(parse: Any, before: str, after: str) -> None:
    # A fix must never leave a file m4 cannot read: unbalanced quotes or
    # parentheses it did not have before mean the fix went wrong.
    def syntax_errors(text: str) -> int:
        return sum(1 for d in parse(text).diagnostics if d.severity == "error")

    if syntax_errors(after) > syntax_errors(before):
        raise InputError("internal error: the fixes would leave the file unparsable; nothing written")


def workers_for(count: int, requested: Optional[int]) -> int:
    if requested is not None:
        return max(1, requested)  # main refuses 0 and less; a library caller gets one worker
    if count < PARALLEL_THRESHOLD:
        return 1
    return max(1, min(usable_cpus(), count // (PARALLEL_THRESHOLD // 2)))


def usable_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))  # type: ignore[attr-defined]
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(jobs: Sequence[Job], *, workers: int = 1) -> list[FileReport]:
    """Check every job; results in the jobs' order."""
    if workers <= 1 or len(jobs) <= 1:
        return [check_one(job) for job in jobs]
    import concurrent.futures
    import multiprocessing

    # Load the parser and rules once here: forked workers inherit them
    # instead of each importing them again.
    bridge.warm_up()
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    chunk = max(1, len(jobs) // (workers * 4))
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(check_one, jobs, chunksize=chunk))
