"""MC401 unused-suppression: an mc-check directive that silences nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix
    from ..suppressions import Directive, DirectiveItem


class UnusedSuppression(Rule):
    code = "MC401"
    name = "unused-suppression"
    category = "style"
    severity = "warning"
    summary = "A `dnl mc-check:` directive silences nothing: the rule it names no longer fires there, " \
        "the name is unknown, or the directive cannot be read."
    explanation = (
        "Suppressions are meant to be temporary and explained. One that no longer silences "
        "anything hides the next real problem on that line and misleads readers about the "
        "file, and a misspelt rule name or a malformed directive silences nothing at all. "
        "The form is `dnl mc-check: disable=CODE-OR-NAME[,...] -- reason` (for the next line) "
        "or `disable-file=` (for the whole file). Rules that were not run (not selected) are "
        "never called unused. The fix removes the unused names, or the whole directive. A "
        "suppression is a dnl line, so m4 drops it (cf.README, A BRIEF INTRODUCTION TO M4, on "
        "dnl) and sendmail.cf does not change."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "dnl mc-check: disable=auth-on-mta-port -- relay host behind a firewall\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "dnl mc-check: disable=auth-on-mta-port -- relay host behind a firewall\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    fix_safety = "safe"
    after_suppressions = True

    def check(self, context: Context) -> Iterator[Finding]:
        from ..suppressions import SYNTAX_HINT, describe_scope

        suppressions = context.suppressions
        if suppressions is None:
            return
        for malformed in suppressions.malformed:
            yield self.finding(
                context.span(malformed.start, malformed.end),
                f"this mc-check directive cannot be read, so it silences nothing; write it as `{SYNTAX_HINT}`.",
            )
        for directive in suppressions.directives:
            unused = [
                item for item in directive.items
                if item.code is not None and not item.used and item.code in context.active_codes
            ]
            # Names that silence nothing, known or not, can all go at once.
            removable = [item for item in directive.items if item.code is None or item in unused]
            for item in directive.items:
                if item.code is None:
                    yield self.finding(
                        context.span(item.start, item.end),
                        f"`{item.text}` is not a rule code or name{_suggestion(item.text)}, so this "
                        "directive silences nothing for it.",
                    )
                elif item in unused:
                    yield self.finding(
                        context.span(item.start, item.end),
                        f"`{item.text}` silences nothing {describe_scope(directive)}: that rule does "
                        "not fire there; remove it from the directive.",
                        self._removal(context, directive, item, removable),
                    )

    def _removal(
        self, context: Context, directive: "Directive", item: "DirectiveItem", removable: "list[DirectiveItem]"
    ) -> "Optional[Fix]":
        if len(removable) == len(directive.items):
            return self._remove_directive(context, directive)
        items = directive.items
        position = items.index(item)
        if position + 1 < len(items):
            start, end = item.start, items[position + 1].start  # the name and its comma
        else:
            start, end = items[position - 1].end, item.end  # the comma before the last name
        return self.fix(f"Remove `{item.text}` from the directive", self.edit(start, end, ""))

    def _remove_directive(self, context: Context, directive: "Directive") -> "Fix":
        index = context.index
        line = index.line_of(directive.comment_start)
        start = index.line_starts[line]
        if directive.alone_on_line and start == directive.comment_start:
            end = index.line_starts[line + 1] if line + 1 < len(index.line_starts) else len(context.text)
            return self.fix("Remove the directive", self.edit(start, end, ""))
        # After other text on its line, blanks included (m4 copies them), the
        # comment must stay a dnl, or the line break it swallows would reach
        # sendmail.cf.
        return self.fix("Remove the directive", self.edit(directive.comment_start, directive.comment_end, "dnl"))


def _suggestion(text: str) -> str:
    from . import all_rules
    from ..vocabulary import suggest

    candidates = [rule.code for rule in all_rules()] + [rule.name for rule in all_rules()]
    close = suggest(text, candidates, limit=1)
    return f" (did you mean `{close[0]}`?)" if close else ""
