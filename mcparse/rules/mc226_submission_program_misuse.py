"""MC226 submission-program-misuse: FEATURE(msp)/nullclient mixed with an MTA's lines."""

from __future__ import annotations

from typing import Iterator

from ._correctness import quote_name
from .base import Context, Finding, Rule

# Features whose file includes the local and smtp mailers itself.
CLIENT_FEATURES = ("msp", "nullclient")
# The only feature cf.README allows beside nullclient.
NULLCLIENT_COMPANIONS = ("nullclient", "nocanonify")


class SubmissionProgramMisuse(Rule):
    code = "MC226"
    name = "submission-program-misuse"
    category = "correctness"
    severity = "warning"
    summary = "FEATURE(`msp') or FEATURE(`nullclient') is combined with MAILER lines or with features they do not support."
    explanation = (
        "FEATURE(`msp') turns the file into the configuration of the mail submission program "
        "(submit.cf) and FEATURE(`nullclient') into a host that hands all mail to one hub; "
        "both include the local and smtp mailers themselves. A MAILER line beside them makes "
        "m4 print `*** ERROR: MAILER(smtp) already included' and usually means an MTA's "
        "sendmail.mc and a submit.mc were mixed up. With nullclient the only other feature "
        "that makes sense is nocanonify; the others expect a full MTA configuration that "
        "nullclient does not build (cf.README: FEATURES, nullclient; MESSAGE SUBMISSION "
        "PROGRAM). Features placed after these two are reported by feature-after-mailer."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`nullclient', `mailhub.example.com')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`nullclient', `mailhub.example.com')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        for client in (f for f in config.features if f.name in CLIENT_FEATURES):
            for mailer in config.mailers:
                if mailer.name in ("local", "smtp"):
                    yield self.finding(
                        mailer.site.span,
                        f"FEATURE({quote_name(client.name)}) already includes MAILER({quote_name(mailer.name)}): "
                        f"m4 prints `*** ERROR: MAILER({mailer.name}) already included'; remove this line, or "
                        f"the FEATURE if this file is meant to be a full MTA configuration.",
                    )
            if client.name != "nullclient":
                continue
            for other in config.features:
                if other.name in NULLCLIENT_COMPANIONS or other.site.span.start > client.site.span.start:
                    continue
                yield self.finding(
                    other.site.span,
                    f"FEATURE({quote_name(other.name)}) does not go with FEATURE(`nullclient'), which sends "
                    "everything to the hub and builds no full MTA rules for it to act on; remove it "
                    "(only nocanonify belongs beside nullclient).",
                )
