"""MC107 deferred-mode-disables-relay-checks: DeliveryMode=deferred skips anti-relay rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._daemons import daemon_span, describe
from ._security import file_definitions, last_option, plain_define_value, reachable_from_network, report_span
from ._scope import daemons
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix


def _is_deferred(mode: str) -> bool:
    # sendmail reads only the first character of a delivery mode.
    return mode.strip().startswith("d")


class DeferredModeDisablesRelayChecks(Rule):
    code = "MC107"
    name = "deferred-mode-disables-relay-checks"
    category = "security"
    severity = "error"
    summary = "DeliveryMode `deferred` makes cf.m4's relay and sender checks return before testing anything."
    explanation = (
        "In deferred mode sendmail postpones all map lookups, including DNS. The anti-spam "
        "rulesets cf.m4 writes (check_relay, check_mail, check_rcpt) therefore begin by "
        "accepting everything when the delivery mode is `d`, and cf.m4 prints 'Antispam rules "
        "not available in deferred delivery mode' while compiling. The result is an open relay: "
        "an unauthenticated client from anywhere gets `250 Recipient ok` for any remote "
        "address. The same holds for a daemon given `DeliveryMode=d` in DAEMON_OPTIONS. If the "
        "goal is only to avoid delivering at once, `queueonly` queues mail but keeps the checks "
        "(cf.README: ANTI-SPAM CONFIGURATION CONTROL; the DeliveryMode option in the "
        "Installation and Operation Guide). A host whose daemons all listen on loopback is "
        "not reported: only local programs can reach it."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confDELIVERY_MODE', `deferred')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confDELIVERY_MODE', `queueonly')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        if not reachable_from_network(context):
            return
        mode = last_option(context.config, "DeliveryMode", "confDELIVERY_MODE")
        if mode is not None and _is_deferred(mode):
            yield self.finding(
                report_span(context, "confDELIVERY_MODE"),
                f"With DeliveryMode `{mode.strip()}` cf.m4's anti-relay rules accept everything, so "
                "anyone can relay mail through this host; use `queueonly` if mail should only be "
                "queued.",
                self._fix(context),
            )
        for daemon in daemons(context):
            for field in daemon.fields:
                if field.key == "DeliveryMode" and _is_deferred(field.value):
                    yield self.finding(
                        daemon_span(context, daemon),
                        f"Connections to {describe(daemon)} run in deferred delivery mode, where "
                        "cf.m4's anti-relay rules accept everything, so anyone can relay through "
                        "it; use `DeliveryMode=q` (queue only) instead.",
                    )

    def _fix(self, context: Context) -> "Optional[Fix]":
        definitions = file_definitions(context.config, "confDELIVERY_MODE")
        if not definitions:
            return None
        quoted = plain_define_value(context, definitions[-1])
        if quoted is None or not _is_deferred(quoted.value):
            return None
        return self.fix(
            "Use `queueonly`: mail is still queued, and the relay checks run again",
            self.edit(quoted.span.start + 1, quoted.span.end - 1, "queueonly"),
        )
