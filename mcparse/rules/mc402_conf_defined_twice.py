"""MC402 conf-defined-twice: a conf variable is set twice; the last define wins."""

from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule


class ConfDefinedTwice(Rule):
    code = "MC402"
    name = "conf-defined-twice"
    category = "style"
    severity = "warning"
    summary = "A conf variable is defined twice; only the last define reaches sendmail.cf."
    explanation = (
        "cf.m4 writes the option lines at the very end of the file, from the value each conf "
        "variable has then, so a second `define(`confLOG_LEVEL', ...)` silently replaces the "
        "first wherever they stand, and m4 says nothing. Two defines of one variable usually "
        "mean an edit went to the wrong line, or a copied block brought an old value back "
        "(cf.README, tweaking configuration options: the conf variables). Keep one define. "
        "Extending a value on purpose (`` define(`confX', defn(`confX')`,more') ``) is not "
        "reported."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `14')dnl\n"
        "define(`confLOG_LEVEL', `9')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `14')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        text = context.text
        for variable in context.config.conf.values():
            previous = None
            for definition in variable.definitions:
                site = definition.site
                if site.via and any("/" in step for step in site.via):
                    continue  # set by a cf file (FEATURE(msp) ...), not by the admin
                if definition.value is None:
                    previous = None  # undefine in between: the next define is deliberate
                    continue
                written = text[site.span.start : site.span.end]
                # The append idiom names the variable again inside its value.
                if previous is not None and written.count(variable.name) < 2:
                    first_line = previous.site.span.line
                    same = " with the same value" if previous.value == definition.value else ""
                    yield self.finding(
                        site.span,
                        f"{variable.name} is defined again{same} (first on line {first_line}); this "
                        f"define wins and the one on line {first_line} has no effect. Keep only one.",
                    )
                previous = definition
