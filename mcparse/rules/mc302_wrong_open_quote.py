"""MC302 wrong-open-quote: a straight apostrophe where m4 needs a backquote."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ..syntax.tree import MacroCall
from ._daemons import sentence
from ._m4 import all_calls
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..syntax.tree import Argument
    from ..diagnostics import Edit, Fix

# Openers people type instead of the backquote, with the closer that goes with them.
_OPENERS = {"'": "'", "\u2018": "\u2019"}


class WrongOpenQuote(Rule):
    code = "MC302"
    name = "wrong-open-quote"
    category = "m4"
    severity = "error"
    summary = "An argument is quoted with a straight apostrophe (or a typographic quote) instead of a backquote."
    explanation = (
        "m4 quotes open with a backquote and close with an apostrophe (cf.README, the brief "
        "introduction to m4). An argument written `'confLOG_LEVEL'` is not quoted at all: the "
        "apostrophes become part of the text, so `define('confLOG_LEVEL', '14')` defines a "
        "macro literally named `'confLOG_LEVEL'` that nothing ever reads, and sendmail.cf keeps "
        "its default LogLevel; m4 gives no message. Typographic quotes pasted from a web page "
        "or a word processor do the same. Open each quote with `` ` ``."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define('confLOG_LEVEL', '14')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `14')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    # Unsafe: the define that m4 ignored starts to take effect.
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import load_vocabulary

        macros = load_vocabulary().macros
        for node in all_calls(context):
            if node.name not in macros:
                continue
            wrong = [argument for argument in node.arguments if self._opener(context, argument) is not None]
            if not wrong:
                continue
            shown = ", ".join(context.text[a.content[0].span.start : a.content[-1].span.end] for a in wrong)
            yield self.finding(
                node.span,
                sentence(
                    f"{shown} is not quoted for m4: a quote opens with a backquote, so these "
                    f"quote marks become part of the text and {node.name} does not do what the line "
                    "says; open the quote with `` ` ``."
                ),
                self._fix(context, node, wrong),
            )

    @staticmethod
    def _opener(context: Context, argument: "Argument") -> Optional[str]:
        content = argument.content
        if not content or content[0].kind != "text":
            return None
        # The offset, not the span: this runs for every argument of every call.
        first = context.text[content[0].start]
        return first if first in _OPENERS else None

    def _fix(self, context: Context, call: MacroCall, wrong: "list[Argument]") -> "Optional[Fix]":
        from ..syntax import parse

        edits: list[Edit] = []
        for argument in wrong:
            opener = self._opener(context, argument)
            assert opener is not None
            start = argument.content[0].span.start
            edits.append(self.edit(start, start + 1, "`"))
            if opener != "'":
                # The typographic closer must become m4's apostrophe too.
                end = argument.content[-1].span.end
                closer = context.text.rfind(_OPENERS[opener], start, end)
                if closer == -1:
                    return None
                edits.append(self.edit(closer, closer + 1, "'"))
        # Safe only if the result is one call whose arguments are each one
        # quoted string: the quotes then pair up as the admin meant.
        text = context.text[call.span.start : call.span.end]
        for edit in sorted(edits, key=lambda e: e.start, reverse=True):
            text = text[: edit.start - call.span.start] + edit.replacement + text[edit.end - call.span.start :]
        fixed = parse(text)
        nodes = fixed.syntax.children
        if fixed.diagnostics or len(nodes) != 1 or not isinstance(nodes[0], MacroCall):
            return None
        openers = {argument.content[0].span.start - call.span.start for argument in wrong}
        repaired = [
            argument for argument in nodes[0].arguments
            if argument.content and argument.content[0].span.start in openers
        ]
        if len(repaired) != len(openers) or any(
            [child.kind for child in argument.content if child.kind != "whitespace"] != ["quoted"]
            for argument in repaired
        ):
            return None
        return self.fix("Open the quotes with a backquote", *edits)
