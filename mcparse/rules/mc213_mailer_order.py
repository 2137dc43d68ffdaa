"""MC213 mailer-order: MAILER lines in an order cf.m4 does not expect."""

from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule

# (mailer written too early, mailer it must follow, what goes wrong)
ORDER = (
    (
        "uucp", "smtp",
        "m4 prints that MAILER(`smtp') must appear before MAILER(`uucp') and leaves out the "
        "uucp-dom and uucp-uudom mailers",
    ),
    ("cyrus", "local", "cf.README requires the cyrus mailer to be defined after the local mailer"),
    ("cyrusv2", "local", "cf.README requires the cyrusv2 mailer to be defined after the local mailer"),
)


class MailerOrder(Rule):
    code = "MC213"
    name = "mailer-order"
    category = "correctness"
    severity = "warning"
    summary = "A MAILER() comes before a mailer it depends on (uucp before smtp, cyrus before local)."
    explanation = (
        "Some mailer files build on mailers defined earlier. MAILER(`uucp') adds its "
        "uucp-dom and uucp-uudom variants only when MAILER(`smtp') came first; otherwise m4 "
        "prints a warning and those mailers are missing. The cyrus and cyrusv2 mailers must "
        "follow MAILER(`local') (cf.README: MAILERS). The usual order is local, smtp, then the "
        "others."
    )
    bad = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`uucp')dnl\nMAILER(`smtp')dnl\n"
    good = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\nMAILER(`uucp')dnl\n"

    def check(self, context: Context) -> Iterator[Finding]:
        order = [mailer.name for mailer in context.config.mailers]
        for early, needed, harm in ORDER:
            if early not in order or needed not in order:
                continue
            position = order.index(early)
            if position < order.index(needed):
                yield self.finding(
                    context.config.mailers[position].site.span,
                    f"MAILER(`{early}') comes before MAILER(`{needed}'): {harm}; "
                    f"move it after MAILER(`{needed}').",
                )
