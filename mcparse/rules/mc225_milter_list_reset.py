"""MC225 milter-list-reset: confINPUT_MAIL_FILTERS after INPUT_MAIL_FILTER drops the earlier milters."""

from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule


class MilterListReset(Rule):
    code = "MC225"
    name = "milter-list-reset"
    category = "correctness"
    severity = "warning"
    summary = "define(`confINPUT_MAIL_FILTERS') after INPUT_MAIL_FILTER() replaces the milters declared before it."
    explanation = (
        "INPUT_MAIL_FILTER(`name', ...) both declares a milter (the X line) and appends its "
        "name to confINPUT_MAIL_FILTERS, the list of milters sendmail actually calls. A later "
        "define(`confINPUT_MAIL_FILTERS', ...) replaces that list: a milter declared before it "
        "and missing from the new value is still declared but never called, so mail is no "
        "longer scanned or signed by it, without any message (cf.README: ADDING NEW MAIL "
        "FILTERS, which warns that setting the variable after INPUT_MAIL_FILTER clears the "
        "list). Either rely on INPUT_MAIL_FILTER alone or list every milter in the define."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "INPUT_MAIL_FILTER(`clamav', `S=local:/run/clamav/clamav-milter.ctl')dnl\n"
        "INPUT_MAIL_FILTER(`opendkim', `S=inet:8891@127.0.0.1')dnl\n"
        "define(`confINPUT_MAIL_FILTERS', `opendkim')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "INPUT_MAIL_FILTER(`clamav', `S=local:/run/clamav/clamav-milter.ctl')dnl\n"
        "INPUT_MAIL_FILTER(`opendkim', `S=inet:8891@127.0.0.1')dnl\n"
        "define(`confINPUT_MAIL_FILTERS', `clamav, opendkim')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        variable = config.conf.get("confINPUT_MAIL_FILTERS")
        if variable is None or not variable.definitions:
            return
        last = variable.definitions[-1]
        if last.value is None or "confINPUT_MAIL_FILTERS" in (last.raw or ""):
            return  # an append (defn of itself) or an undefine: nothing is reset silently
        kept = {name.strip() for name in last.value.split(",")}
        dropped = [
            call.arguments[0].strip() for call in config.calls
            if call.name == "INPUT_MAIL_FILTER" and call.arguments
            and call.site.span.start < last.site.span.start and call.arguments[0].strip() not in kept
        ]
        if not dropped:
            return
        names = ", ".join(f"`{name}'" for name in dict.fromkeys(dropped))
        yield self.finding(
            last.site.span,
            f"This define replaces the milter list INPUT_MAIL_FILTER built: {names} "
            f"{'is' if len(dropped) == 1 else 'are'} declared but never called; add "
            f"{'it' if len(dropped) == 1 else 'them'} to the value or remove the define.",
        )
