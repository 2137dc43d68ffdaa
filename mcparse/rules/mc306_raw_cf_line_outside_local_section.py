"""MC306 raw-cf-line-outside-local-section: sendmail.cf lines written in the main text."""

from __future__ import annotations

from typing import Iterator

from ._daemons import sentence
from ._m4 import main_text_lines
from .base import Context, Finding, Rule


class RawCfLineOutsideLocalSection(Rule):
    code = "MC306"
    name = "raw-cf-line-outside-local-section"
    category = "m4"
    severity = "warning"
    summary = "A raw sendmail.cf line (rule, class, map, macro, option) is written in the main text, not in a LOCAL_* section."
    explanation = (
        "Text in the main part of a .mc is copied to the very top of sendmail.cf, before the "
        "version line and before every section cf.m4 writes. A rewriting rule there belongs "
        "to no ruleset, so sendmail rejects it (`missing valid ruleset`); a macro such as "
        "`DSmail.example.com` is overridden by the `DS` line cf.m4 writes later; maps, classes "
        "and options land out of the place they are meant for. cf.README (the sections on "
        "LOCAL_CONFIG and on LOCAL_RULESETS / LOCAL_RULE_n) gives each kind of raw line its "
        "section: put definitions after `LOCAL_CONFIG` and rules after `LOCAL_RULESETS` or the "
        "`LOCAL_RULE_n` they extend, or use the macro cf.m4 offers (SMART_HOST, "
        "define(`confX', ...))."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "MAILER(`smtp')dnl\n"
        "Kmyaccess hash /etc/mail/myaccess\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "MAILER(`smtp')dnl\n"
        "LOCAL_CONFIG\n"
        "Kmyaccess hash /etc/mail/myaccess\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for line in main_text_lines(context):
            if line.kind != "cf":
                continue
            command = line.text.lstrip()[:1]
            effect = _EFFECT.get(command, "it lands out of the place sendmail expects it")
            yield self.finding(
                context.span(line.start, line.end),
                sentence(
                    f"this sendmail.cf line is copied to the top of sendmail.cf, before the sections "
                    f"cf.m4 writes: {effect}. Put it after LOCAL_CONFIG (definitions) or "
                    "LOCAL_RULESETS (rules)."
                ),
            )


_EFFECT = {
    "R": "a rule there belongs to no ruleset and sendmail rejects it",
    "S": "the ruleset it starts comes before cf.m4's own and may be redefined by them",
    "D": "cf.m4 may write its own line for the same macro later, and the later line wins",
    "O": "cf.m4 writes its own option lines later, and for the same option the later line wins",
    "C": "the class is read before cf.m4's own definitions",
    "F": "the class is read before cf.m4's own definitions",
    "V": "sendmail reads a second version line, before cf.m4's own",
}
