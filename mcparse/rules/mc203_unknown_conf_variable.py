"""MC203 unknown-conf-variable: a define of a conf name cf.m4 never reads."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from ._correctness import close_names, did_you_mean, quote_name, unquoted_name_span
from .base import Context, Finding, Rule


_WORD = re.compile(r"[A-Za-z0-9_]+")


def _word_counts(text: str, wanted: set[str]) -> "Counter[str]":
    """How often each of ``wanted`` occurs in ``text`` as a whole word: one
    pass for all of them (a search per name made large files quadratic), and
    only those counted (a table of every word was megabytes on large files)."""
    counts: "Counter[str]" = Counter()
    for match in _WORD.finditer(text):
        word = match.group()
        if word in wanted:
            counts[word] += 1
    return counts


class UnknownConfVariable(Rule):
    code = "MC203"
    name = "unknown-conf-variable"
    category = "correctness"
    severity = "warning"
    summary = "A define() of a `conf...' name that cf.m4 does not know, so it sets nothing."
    explanation = (
        "cf.m4 turns a fixed list of m4 variables (confLOG_LEVEL, confPRIVACY_FLAGS, ...) into "
        "sendmail.cf options. A define() of any other name is accepted silently by m4 and "
        "then ignored: with a typo such as `confPRIVACY_FLAG' or `confLOGLEVEL' sendmail keeps "
        "its default and nothing tells you (cf.README: the table of variables under TWEAKING "
        "CONFIGURATION OPTIONS). The message suggests the closest known names. A `conf' name "
        "that the file itself uses elsewhere (a helper macro of your own) is not reported."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confPRIVACY_FLAG', `goaway')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confPRIVACY_FLAGS', `goaway')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import load_vocabulary

        known = load_vocabulary().conf_variables
        unknown = [
            (name, variable)
            for name, variable in context.config.conf.items()
            if name not in known and variable.definitions
        ]
        if not unknown:
            return
        counts = _word_counts(context.text, {name for name, _ in unknown})
        for name, variable in unknown:
            # A name the file also reads (define(`confX', `confMINE')) is a helper macro.
            if counts[name] > len(variable.definitions):
                continue
            first = variable.definitions[0]
            candidates = close_names(context, name, known)
            located = unquoted_name_span(context, first.site, ("define",), name)
            fix = None
            if located is not None and len(candidates) == 1:
                fix = self.fix(f"Define {quote_name(candidates[0])}", self.edit(located[0], located[1], candidates[0]))
            yield self.finding(
                context.span(*located) if located is not None else first.site.span,
                f"cf.m4 has no variable {quote_name(name)}: m4 accepts the define and sendmail.cf "
                f"gets nothing from it, so the setting keeps its default{did_you_mean(candidates)}",
                fix,
            )
