"""The human formats: ``full`` (with the source line and carets) and ``concise``."""

from __future__ import annotations

import os
import re
from typing import Optional, Sequence, TextIO

from ..findings import FileReport, Finding, Omitted, fails

_SEVERITY_COLOUR = {"error": "31", "warning": "33", "info": "36"}
# Control characters from the checked file must not reach a terminal, where
# an escape sequence hidden in a .mc file could rewrite the screen.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def use_colour(stream: TextIO, choice: str = "auto") -> bool:
    """Colour on a terminal; NO_COLOR turns it off, FORCE_COLOR on (NO_COLOR wins, as in CPython)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text


def printable(text: str) -> str:
    return _UNPRINTABLE.sub("?", text)


def _headline(report: FileReport, finding: Finding, paint: _Paint) -> str:
    where = paint(f"{printable(report.path)}:{finding.start.line}:{finding.start.column}:", "1")
    code = paint(finding.code, "1;" + _SEVERITY_COLOUR.get(finding.severity, "0"))
    # Exactly `path:line:col: CODE [name] message`: CI log parsers match this
    # line (issue #5), so whether a fix exists is said below it, not in it.
    # One line per finding, even for a message with a line break in it.
    message = " ".join(finding.message.splitlines())
    return f"{where} {code} [{finding.name}] {printable(message)}"


def _snippet(finding: Finding, paint: _Paint) -> list[str]:
    # Tabs are widened to the same 4 columns in the line and under it, so the
    # carets stay under the text they point at.
    # source_line may be a window of a very long line: columns count from its start.
    line = finding.source_line
    start = finding.start.column - 1 - finding.source_offset
    before = line[:start]
    if finding.end.line == finding.start.line:
        marked = line[start : finding.end.column - 1 - finding.source_offset]
    else:
        marked = line[start:]
    shown = printable(line.replace("\t", "    "))
    pad = len(before.replace("\t", "    "))
    width = max(1, len(marked.replace("\t", "    ")))
    number = str(finding.start.line)
    gutter = " " * len(number)
    lines = [
        f" {number} | {shown}",
        f" {gutter} | " + " " * pad + paint("^" * width, _SEVERITY_COLOUR.get(finding.severity, "0")),
        # Below the headline, whose `path:line:col: CODE [name] message` CI parsers match.
        f" {gutter} = severity: {finding.severity}",
    ]
    if finding.suppressed_reason is not None:
        lines.append(f" {gutter} = suppressed inline: {_reason(finding)}")
    elif finding.fix is not None:
        how = "--fix" if finding.fix.applicability == "safe" else "--unsafe-fixes"
        lines.append(f" {gutter} = fix ({finding.fix.applicability}, {how}): {printable(finding.fix.message)}")
    if finding.url:
        lines.append(f" {gutter} = docs: {finding.url}")
    return lines


def render_full(
    reports: Sequence[FileReport], *, colour: bool = False, show_suppressed: bool = False, summary: bool = True,
    threshold: Optional[str] = None, **_: object,
) -> str:
    paint = _Paint(colour)
    out: list[str] = []
    for report in reports:
        for finding in report.shown(show_suppressed):
            out.append(_headline(report, finding, paint))
            out.extend(_snippet(finding, paint))
            out.append("")
        out.extend(omitted_line(report, item) for item in report.omitted)
        if report.omitted:
            out.append("")
    if summary:
        out.append(summary_line(reports, threshold))
    return "\n".join(out) + "\n" if out else ""


def render_concise(
    reports: Sequence[FileReport], *, colour: bool = False, show_suppressed: bool = False, summary: bool = True,
    threshold: Optional[str] = None, **_: object,
) -> str:
    paint = _Paint(colour)
    out: list[str] = []
    for report in reports:
        out.extend(
            # The severity goes after the message, like the suppression note:
            # the `path:line:col: CODE [name] message` start stays as it was.
            f"{_headline(report, finding, paint)} ({finding.severity}){_suppressed_note(finding)}"
            for finding in report.shown(show_suppressed)
        )
        out.extend(omitted_line(report, item) for item in report.omitted)
    if summary:
        out.append(summary_line(reports, threshold))
    return "\n".join(out) + "\n" if out else ""


def omitted_line(report: FileReport, item: Omitted) -> str:
    """The one line standing for a rule's findings left out beyond the cap."""
    return (
        f"{printable(report.path)}: {item.count} more {item.code} [{item.name}] finding"
        f"{'s' if item.count != 1 else ''} left out (max-findings-per-rule; --max-findings-per-rule 0 lists all)"
    )


def _suppressed_note(finding: Finding) -> str:
    return "" if finding.suppressed_reason is None else f" (suppressed: {_reason(finding)})"


def _reason(finding: Finding) -> str:
    """Why a suppressed finding was silenced, as the directive's `-- why` says."""
    return printable(finding.suppressed_reason or "no reason given")


def summary_line(reports: Sequence[FileReport], threshold: Optional[str] = None) -> str:
    """The closing line: how many findings, how many --fix would take care of,
    and how many stay below the failure threshold (those never fail the run)."""
    findings = [finding for report in reports for finding in report.visible]
    total = sum(report.visible_count for report in reports)
    fixed = sum(report.fixed for report in reports)
    head = f"Fixed {fixed} finding{'s' if fixed != 1 else ''}. " if fixed else ""
    failed = sum(1 for report in reports if report.error)
    if failed:
        head += f"{failed} file{'s' if failed != 1 else ''} could not be checked (see stderr). "
    silenced = sum(1 for report in reports for f in report.findings if f.suppressed_reason is not None)
    silenced += sum(report.omitted_suppressed for report in reports)
    tail = (
        f" {silenced} finding{'s' if silenced != 1 else ''} suppressed inline (--show-suppressed shows why)."
        if silenced else ""
    )
    if not total:
        return head + ("No findings in the others." if failed else "All checks passed.") + tail
    safe = sum(1 for f in findings if f.fix is not None and f.fix.applicability == "safe")
    unsafe = sum(1 for f in findings if f.fix is not None and f.fix.applicability == "unsafe")
    files = sum(1 for report in reports if report.visible_count)
    text = f"{head}Found {total} finding{'s' if total != 1 else ''}"
    text += f" in {files} file{'s' if files != 1 else ''}"
    hints = []
    if safe:
        hints.append(f"{safe} fixable with --fix")
    if unsafe:
        hints.append(f"{unsafe} {'more ' if safe else ''}fixable with --unsafe-fixes")
    text += f" ({', '.join(hints)})." if hints else "."
    return text + _below_threshold(reports, total, threshold) + tail


def _below_threshold(reports: Sequence[FileReport], total: int, threshold: Optional[str]) -> str:
    failing = sum(report.failing(threshold) for report in reports)
    below = total - failing
    if not below:
        return ""
    chosen = {threshold} if threshold else {report.failure_threshold for report in reports if report.visible_count}
    named = "/".join(sorted(chosen))
    if not failing:
        return f" None fails the run (failure threshold: {named})."
    return f" {below} below the failure threshold ({named}) do{'es' if below == 1 else ''} not fail the run."


# The name other modules and tests know the closing line by.
summary = summary_line


def render_statistics(
    reports: Sequence[FileReport], *, threshold: Optional[str] = None, summary: bool = True, **_: object
) -> str:
    """Counts per rule, most frequent first, with each rule's severity, then
    a line saying whether they fail the run: the same verdict as the exit status."""
    rows = statistics(reports, threshold)
    if not rows:
        return "All checks passed.\n" if summary else ""
    width = max(len(str(row["count"])) for row in rows)
    text = "".join(
        f"{str(row['count']).rjust(width)}\t{row['code']}\t{row['severity']}\t"
        f"[{'*' if row['fixable'] else ' '}] {row['name']}\n"
        for row in rows
    )
    if summary:
        total = sum(int(row["count"]) for row in rows)  # type: ignore[call-overload]
        text += f"Found {total} finding{'s' if total != 1 else ''}.{_below_threshold(reports, total, threshold)}\n"
    return text


def statistics(reports: Sequence[FileReport], threshold: Optional[str] = None) -> list[dict[str, object]]:
    """One row per rule: code, name, severity, count (left-out findings
    included), fixable, and fails: whether its findings fail the run."""
    counts: dict[str, dict[str, object]] = {}

    def row_for(code: str, name: str, severity: str, chosen: str) -> dict[str, object]:
        row = counts.setdefault(
            code, {"code": code, "name": name, "severity": severity, "count": 0, "fixable": False, "fails": False}
        )
        row["fails"] = bool(row["fails"]) or fails(severity, chosen)
        return row

    for report in reports:
        chosen = threshold or report.failure_threshold
        for finding in report.visible:
            row = row_for(finding.code, finding.name, finding.severity, chosen)
            row["count"] = int(row["count"]) + 1  # type: ignore[call-overload]
            row["fixable"] = bool(row["fixable"]) or finding.fix is not None
        for item in report.omitted:
            row = row_for(item.code, item.name, item.severity, chosen)
            row["count"] = int(row["count"]) + item.count  # type: ignore[call-overload]
    return sorted(counts.values(), key=lambda row: (-int(row["count"]), str(row["code"])))  # type: ignore[call-overload]
