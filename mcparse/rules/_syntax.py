"""Shared check of the parser's own problems (MC001-MC003) as rules.

The parser finds them; exposing each as a rule lets settings, severity
overrides, suppressions and the docs treat them like any other finding.
"""

from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule


class ParserRule(Rule, abstract=True):
    """A rule whose findings are the parser's diagnostics with its code."""

    def check(self, context: Context) -> Iterator[Finding]:
        for diagnostic in context.parse.diagnostics:
            if diagnostic.code == self.code:
                yield self.finding(diagnostic.span, diagnostic.message, diagnostic.fix)
