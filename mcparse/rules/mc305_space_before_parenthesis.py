"""MC305 space-before-parenthesis: `FEATURE (x)` calls FEATURE with no arguments."""

from __future__ import annotations

from typing import Iterator

from ._daemons import sentence
from ._m4 import spaced_calls
from .base import Context, Finding, Rule


class SpaceBeforeParenthesis(Rule):
    code = "MC305"
    name = "space-before-parenthesis"
    category = "m4"
    severity = "error"
    summary = "A macro name is followed by a blank before `(`, so m4 calls it without arguments."
    explanation = (
        "m4 only collects arguments when `(` follows the macro name immediately. In "
        "`FEATURE (`access_db')` FEATURE runs with no argument (cf.m4 then tries to include "
        "`feature/.m4` and m4 stops with an error) and the parenthesised text is copied into "
        "sendmail.cf; `define (...)` is not recognised as a call at all and lands in "
        "sendmail.cf as text, which sendmail rejects as an unknown configuration line "
        "(cf.README, the brief introduction to m4, shows every call with the parenthesis "
        "against the name). Remove the blank."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE (`access_db')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`access_db')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    # Unsafe: the call that m4 did not make (a space before the parenthesis) is made.
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import load_vocabulary

        macros = load_vocabulary().macros
        for name, blank in spaced_calls(context):
                if macros[name.text].kind == "builtin":
                    what = (
                        f"m4 does not treat `{name.text}` as a call here because a blank stands between "
                        "the name and `(`: the whole text is copied into sendmail.cf"
                    )
                else:
                    what = (
                        f"m4 calls {name.text} without arguments here because a blank stands between "
                        "the name and `(`; the parenthesised text is copied into sendmail.cf"
                    )
                yield self.finding(
                    context.span(name.span.start, blank.span.end + 1),
                    sentence(f"{what}. Remove the blank: `{name.text}(`."),
                    self.fix("Remove the blank before the parenthesis", self.edit(blank.span.start, blank.span.end, "")),
                )
