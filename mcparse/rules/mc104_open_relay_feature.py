"""MC104 open-relay-feature: a FEATURE that widens who may relay through you."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from ._security import reachable_from_network
from .base import Context, Finding, Rule, Severity

# Per feature: who gains relaying (or what check is lost), in an admin's words.
WHO_CAN_RELAY: dict[str, str] = {
    "promiscuous_relay": (
        "makes this host an open relay: anyone on the internet can send mail through it to any "
        "destination, and spammers find such hosts within hours"
    ),
    "relay_local_from": (
        "relays any message whose envelope sender is in one of your domains; the sender is "
        "whatever the client types after MAIL FROM, so anyone can relay by forging one of your "
        "addresses"
    ),
    "relay_mail_from": (
        "relays any message whose envelope sender is marked RELAY in the access map; anyone who "
        "learns or guesses such an address can relay by writing it after MAIL FROM"
    ),
    "relay_based_on_MX": (
        "relays for every domain whose MX record names this host, so whoever controls some "
        "domain's DNS can point it at you and have you relay its mail without asking"
    ),
    "relay_entire_domain": (
        "relays to and from every host in your local domains (class {m}), not only the hosts you "
        "list; if $m is short or a top-level domain that is a large part of the internet"
    ),
    "loose_relay_check": (
        "stops stripping `%` routing from recipients before the relay check, so "
        "`user%elsewhere@yourdomain` passes as local mail and is then forwarded to elsewhere"
    ),
    "accept_unresolvable_domains": (
        "does not by itself let anyone relay, but turns off the check that a sender's domain "
        "exists in DNS, so mail with made-up sender domains is accepted and its bounces go "
        "nowhere"
    ),
}

# How bad each feature is on its own. Findings carry it; the engine currently
# reports every finding at the rule's (or the settings') severity.
SEVERITY: dict[str, Severity] = {
    "promiscuous_relay": "error",
    "relay_local_from": "error",
    "relay_mail_from": "warning",
    "relay_based_on_MX": "warning",
    "relay_entire_domain": "warning",
    "loose_relay_check": "warning",
    "accept_unresolvable_domains": "info",
}

FIX_ADVICE: dict[str, str] = {
    "promiscuous_relay": "remove it and allow relaying with RELAY_DOMAIN, the access map or SMTP AUTH",
    "relay_local_from": "remove it and let your users relay through SMTP AUTH on the submission port",
    "relay_mail_from": "remove it and let your users relay through SMTP AUTH on the submission port",
    "relay_based_on_MX": "remove it and list the domains you back up with RELAY_DOMAIN or in the access map",
    "relay_entire_domain": "remove it and list the hosts or networks that may relay with RELAY_DOMAIN",
    "loose_relay_check": "remove it; cf.README says that if you think you need it, you probably do not",
    "accept_unresolvable_domains": "remove it unless this host sits behind a firewall without full DNS",
}


class OpenRelayFeature(Rule):
    code = "MC104"
    name = "open-relay-feature"
    category = "security"
    severity = "error"
    summary = "A FEATURE widens who may relay mail through this host (promiscuous_relay, relay_local_from, ...)."
    explanation = (
        "Since 8.9 sendmail refuses to relay unless the client host or the recipient domain is "
        "listed (class {R}, the access map) or the client has authenticated. Several features "
        "loosen that default: promiscuous_relay switches the check off entirely (cf.m4 itself "
        "warns that the host becomes an open relay); relay_local_from and relay_mail_from trust "
        "the envelope sender, which any client can forge; relay_based_on_MX lets anyone who can "
        "point an MX record at you decide what you relay; relay_entire_domain relays for every "
        "host in class {m}; loose_relay_check lets `%`-routed addresses through. "
        "accept_unresolvable_domains is listed because it removes a sender check that the "
        "anti-spam rules rely on. Each finding says who gains what. An open relay is abused for "
        "spam within hours and gets the host blocklisted (cf.README: ANTI-SPAM CONFIGURATION "
        "CONTROL; FEATURES). The rule's severity is that of its worst feature, promiscuous_relay. "
        "When every daemon listens only on loopback, no other machine can connect, so only "
        "promiscuous_relay is still reported."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`promiscuous_relay')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "RELAY_DOMAIN(`example.org')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        exposed = reachable_from_network(context)
        for feature in context.config.features:
            consequence = WHO_CAN_RELAY.get(feature.name)
            if consequence is None or not (exposed or feature.name == "promiscuous_relay"):
                continue
            finding = self.finding(
                feature.site.span,
                f"FEATURE(`{feature.name}') {consequence}; {FIX_ADVICE[feature.name]}.",
            )
            yield replace(finding, severity=SEVERITY[feature.name])
