"""The human formats: ``full`` (with the source line and carets) and ``concise``."""

from __future__ import annotations

import os
import re
from typing import Sequence, TextIO

from ..findings import FileReport, Finding

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
    return f"{where} {code} [{finding.name}] {printable(finding.message)}"


def _snippet(finding: Finding, paint: _Paint) -> list[str]:
    # Tabs are widened to the same 4 columns in the line and under it, so the
    # carets stay under the text they point at.
    line = finding.source_line
    before = line[: finding.start.column - 1]
    if finding.end.line == finding.start.line:
        marked = line[finding.start.column - 1 : finding.end.column - 1]
    else:
        marked = line[finding.start.column - 1 :]
    shown = printable(line.replace("\t", "    "))
    pad = len(before.replace("\t", "    "))
    width = max(1, len(marked.replace("\t", "    ")))
    number = str(finding.start.line)
    gutter = " " * len(number)
    lines = [
        f" {number} | {shown}",
        f" {gutter} | " + " " * pad + paint("^" * width, _SEVERITY_COLOUR.get(finding.severity, "0")),
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
    reports: Sequence[FileReport], *, colour: bool = False, show_suppressed: bool = False, **_: object
) -> str:
    paint = _Paint(colour)
    out: list[str] = []
    for report in reports:
        for finding in report.shown(show_suppressed):
            out.append(_headline(report, finding, paint))
            out.extend(_snippet(finding, paint))
            out.append("")
    out.append(summary(reports))
    return "\n".join(out) + "\n"


def render_concise(
    reports: Sequence[FileReport], *, colour: bool = False, show_suppressed: bool = False, **_: object
) -> str:
    paint = _Paint(colour)
    out = [
        _headline(report, finding, paint) + _suppressed_note(finding)
        for report in reports
        for finding in report.shown(show_suppressed)
    ]
    out.append(summary(reports))
    return "\n".join(out) + "\n"


def _suppressed_note(finding: Finding) -> str:
    return "" if finding.suppressed_reason is None else f" (suppressed: {_reason(finding)})"


def _reason(finding: Finding) -> str:
    """Why a suppressed finding was silenced, as the directive's `-- why` says."""
    return printable(finding.suppressed_reason or "no reason given")


def summary(reports: Sequence[FileReport]) -> str:
    """The closing line: how many findings, how many --fix would take care of."""
    findings = [finding for report in reports for finding in report.visible]
    fixed = sum(report.fixed for report in reports)
    head = f"Fixed {fixed} finding{'s' if fixed != 1 else ''}. " if fixed else ""
    failed = sum(1 for report in reports if report.error)
    if failed:
        head += f"{failed} file{'s' if failed != 1 else ''} could not be checked (see stderr). "
    silenced = sum(1 for report in reports for f in report.findings if f.suppressed_reason is not None)
    tail = (
        f" {silenced} finding{'s' if silenced != 1 else ''} suppressed inline (--show-suppressed shows why)."
        if silenced else ""
    )
    if not findings:
        return head + ("No findings in the others." if failed else "All checks passed.") + tail
    safe = sum(1 for f in findings if f.fix is not None and f.fix.applicability == "safe")
    unsafe = sum(1 for f in findings if f.fix is not None and f.fix.applicability == "unsafe")
    files = sum(1 for report in reports if report.visible)
    text = f"{head}Found {len(findings)} finding{'s' if len(findings) != 1 else ''}"
    text += f" in {files} file{'s' if files != 1 else ''}"
    hints = []
    if safe:
        hints.append(f"{safe} fixable with --fix")
    if unsafe:
        hints.append(f"{unsafe} {'more ' if safe else ''}fixable with --unsafe-fixes")
    return text + (f" ({', '.join(hints)})." if hints else ".") + tail


def render_statistics(reports: Sequence[FileReport], **_: object) -> str:
    """Counts per rule, most frequent first."""
    rows = statistics(reports)
    if not rows:
        return "All checks passed.\n"
    width = max(len(str(row["count"])) for row in rows)
    return "".join(
        f"{str(row['count']).rjust(width)}\t{row['code']}\t[{'*' if row['fixable'] else ' '}] {row['name']}\n"
        for row in rows
    )


def statistics(reports: Sequence[FileReport]) -> list[dict[str, object]]:
    counts: dict[str, dict[str, object]] = {}
    for report in reports:
        for finding in report.visible:
            row = counts.setdefault(
                finding.code, {"code": finding.code, "name": finding.name, "count": 0, "fixable": False}
            )
            row["count"] = int(row["count"]) + 1  # type: ignore[call-overload]
            row["fixable"] = bool(row["fixable"]) or finding.fix is not None
    return sorted(counts.values(), key=lambda row: (-int(row["count"]), str(row["code"])))  # type: ignore[call-overload]
