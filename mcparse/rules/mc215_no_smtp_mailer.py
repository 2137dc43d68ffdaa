"""MC215 no-smtp-mailer: a complete .mc without MAILER(`smtp') cannot send mail to other hosts."""

from __future__ import annotations

from typing import Iterator

from ._correctness import sees_everything
from ._scope import anchor, is_fragment
from .base import Context, Finding, Rule

# FEATUREs whose files include the smtp mailer themselves.
SMTP_FEATURES = ("msp", "nullclient")
SMTP_AGENTS = ("Msmtp", "Mesmtp", "Mrelay", "Msmtp8", "Mdsmtp")


class NoSmtpMailer(Rule):
    code = "MC215"
    name = "no-smtp-mailer"
    category = "correctness"
    severity = "warning"
    summary = "The file has no MAILER(`smtp'), so sendmail has no way to deliver mail to other hosts."
    explanation = (
        "The SMTP delivery agents (smtp, esmtp, smtp8, dsmtp and relay, which SMART_HOST and "
        "MAIL_HUB use) all come from MAILER(`smtp'); cf.m4 only adds the local mailer by "
        "itself. Without it, sendmail.cf builds without a word from m4, but every address on "
        "another host resolves to an error, or, with SMART_HOST, to a mailer that does not "
        "exist, and the mail bounces (cf.README: MAILERS). FEATURE(`msp') and "
        "FEATURE(`nullclient') include the smtp mailer themselves; UUCP-only configurations, "
        "files that define the agents by hand under MAILER_DEFINITIONS, and files meant to "
        "be included by another .mc are not reported."
    )
    bad = "OSTYPE(`linux')dnl\ndefine(`SMART_HOST', `relay.example.com')dnl\nMAILER(`local')dnl\n"
    good = "OSTYPE(`linux')dnl\ndefine(`SMART_HOST', `relay.example.com')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        if is_fragment(context) or not config.cf_included:
            return
        names = {mailer.name for mailer in config.mailers}
        if names & {"smtp", "uucp"} or any(config.has_feature(name) for name in SMTP_FEATURES):
            return
        if not sees_everything(context):
            return  # the missing mailer may come from text mcparse cannot see
        for section in config.local_sections:
            if any(line.startswith(SMTP_AGENTS) for line in section.text.splitlines()):
                return
        local = next((mailer for mailer in config.mailers if mailer.name == "local"), None)
        if local is not None:
            span = local.site.span
        else:
            span = anchor(context)
        yield self.finding(
            span,
            "There is no MAILER(`smtp'): sendmail.cf gets no SMTP delivery agent, so mail for other "
            "hosts (and through SMART_HOST) cannot be delivered and bounces; add MAILER(`smtp')dnl "
            "after MAILER(`local').",
        )
