"""MC236 rewrite-rule-without-tab: an R line with no tab, which sendmail rejects."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..model.config import LocalSection
    from ..source import Span

# Text copied from a web page or a book often spells the tab out.
_TAB_WORD = re.compile(r"(?<![A-Za-z])(?:TAB|<TAB>|<tab>|\\t)(?=\s)")


class RewriteRuleWithoutTab(Rule):
    code = "MC236"
    name = "rewrite-rule-without-tab"
    category = "correctness"
    severity = "error"
    summary = "A rewriting rule (R line) has no tab between its pattern and its replacement, so sendmail rejects it."
    explanation = (
        "In sendmail.cf the left-hand side of an R line ends at the first tab character; blanks "
        "are part of the pattern. A rule written with spaces only (an editor that expands tabs, "
        "a copy from a web page, the word `TAB' where a tab belongs) has no end to its pattern: "
        "sendmail reports `invalid rewrite line ... (tab expected)' when it reads the file and "
        "leaves the rule out of its ruleset, so the rewriting or the check it was meant to do "
        "never happens (readcf.c; cf.README, the LOCAL_RULE and LOCAL_RULESETS sections, and "
        "the Installation and Operation Guide on R lines). The rule is checked in the LOCAL_* "
        "and MAILER_DEFINITIONS sections the file writes; a continuation line that starts with "
        "a tab counts as the separator. Write a tab between the pattern and the replacement "
        "(and before a trailing comment)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
        "LOCAL_RULE_0\n"
        "Rbb + $+ < @ $=w . >    $#local $: + $1\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
        "LOCAL_RULE_0\n"
        "Rbb + $+ < @ $=w . >\t$#local $: + $1\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for section in context.config.local_sections:
            # Consecutive broken lines are one finding (a pasted block is one mistake).
            block: list[tuple["Span", bool]] = []
            cursor = section.site.span.start
            for line in _rule_lines(section.text):
                first_line = line.split("\n", 1)[0]
                at = _locate(context.text, first_line, cursor)
                if at >= 0:
                    cursor = at + len(first_line)  # the next line is found after this one
                if "\t" in line:
                    if block:
                        yield self._report(context, section, block)
                        block = []
                    continue
                # A span only for a line reported: a file of rules has thousands of good ones.
                span = context.span(at, cursor) if at >= 0 else section.site.span
                if block and span.line != block[-1][0].line + 1:
                    yield self._report(context, section, block)
                    block = []
                block.append((span, bool(_TAB_WORD.search(line))))
            if block:
                yield self._report(context, section, block)

    def _report(self, context: Context, section: "LocalSection", block: "list[tuple[Span, bool]]") -> Finding:
        if any(spelled for _, spelled in block):
            cause = "the word `TAB` stands where a tab character belongs"
        else:
            cause = "only blanks separate the pattern from the replacement"
        what = "This R line has no tab" if len(block) == 1 else f"These {len(block)} R lines have no tab"
        rules = "the rule is" if len(block) == 1 else "the rules are"
        first, last = block[0][0], block[-1][0]
        span = context.span(first.start, max(last.end, first.end)) if last.start >= first.start else first
        return self.finding(
            span,
            f"{what}: {cause}, so sendmail finds no end to the pattern, rejects the line (`invalid "
            f"rewrite line ... (tab expected)') and {rules} missing from {section.name}; put a tab "
            "character between the pattern and the replacement.",
        )


def _rule_lines(text: str) -> Iterator[str]:
    """Each R line of a section, with its continuation lines (those starting
    with a blank or a tab) joined on, as sendmail folds them."""
    current: list[str] = []
    for line in text.split("\n"):
        if line[:1] in (" ", "\t") and current:
            current.append(line)
            continue
        if current:
            yield "\n".join(current)
        current = [line] if line.startswith("R") else []
    if current:
        yield "\n".join(current)


def _locate(text: str, line: str, start: int) -> int:
    """Where ``line`` (what m4 wrote) starts a line of the source after
    ``start``; -1 when it does not (the finding then goes to the section's macro)."""
    at = text.find(line, start)
    while at > 0 and text[at - 1] != "\n":
        at = text.find(line, at + 1)
    return at
