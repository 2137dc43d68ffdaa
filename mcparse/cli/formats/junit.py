"""``junit``: JUnit XML, one test suite per file and one failing test case per finding."""

from __future__ import annotations

import re
from typing import Sequence
from xml.sax.saxutils import quoteattr, escape

from ..findings import FileReport

# XML 1.0 cannot hold these characters even escaped; a .mc file full of
# control bytes must still give a document CI servers can read.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _attr(text: str) -> str:
    return quoteattr(_clean(text))


def render_junit(reports: Sequence[FileReport], **_: object) -> str:
    suites = []
    total_tests = total_failures = total_errors = 0
    for report in reports:
        cases = []
        findings = report.visible
        if report.error:
            total_errors += 1
            cases.append(
                f'    <testcase name="mc-check" classname={_attr(report.path)}>\n'
                f"      <error message={_attr(report.error)}/>\n    </testcase>"
            )
        elif not findings:
            cases.append(f'    <testcase name="mc-check" classname={_attr(report.path)}/>')
        for finding in findings:
            where = f"{report.path}:{finding.start.line}:{finding.start.column}"
            cases.append(
                f"    <testcase name={_attr(f'{finding.code} {finding.name} at line {finding.start.line}')} "
                f"classname={_attr(report.path)} file={_attr(report.path)} line=\"{finding.start.line}\">\n"
                f"      <failure message={_attr(finding.message)} type={_attr(finding.code)}>"
                f"{escape(_clean(f'{where}: {finding.code} [{finding.name}] {finding.message}'))}</failure>\n"
                "    </testcase>"
            )
        tests = max(1, len(findings))
        total_tests += tests
        total_failures += len(findings)
        suites.append(
            f"  <testsuite name={_attr(report.path)} tests=\"{tests}\" failures=\"{len(findings)}\" "
            f"errors=\"{1 if report.error else 0}\">\n" + "\n".join(cases) + "\n  </testsuite>"
        )
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="mc-check" tests="{total_tests}" failures="{total_failures}" errors="{total_errors}">'
    )
    return "\n".join([head, *suites, "</testsuites>"]) + "\n"
