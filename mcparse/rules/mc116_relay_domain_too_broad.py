"""MC116 relay-domain-too-broad: a class {R} entry that covers a whole TLD or /8."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, Optional

from ._security import reachable_from_network
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..source import Span

# Generic top-level domains seen in relay lists; every two-letter label is
# a country code as well.
GENERIC_TLDS = frozenset((
    "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "name", "pro", "aero",
    "coop", "museum", "mobi", "asia", "tel", "travel", "jobs", "cat", "arpa", "app", "dev",
    "xyz", "online", "site", "top", "shop", "cloud", "email", "local", "lan", "home",
))
# One-octet prefixes that stay inside a private or loopback network.
PRIVATE_OCTETS = frozenset(("10", "127"))
# Raw class lines in LOCAL_CONFIG: "CR words" or "C{R} words".
_CLASS_R_LINE = re.compile(r"^C(?:R|\{R\})[ \t]*(.*)$", re.MULTILINE)
# Macros whose words land in class {R}.
CLASS_R_MACROS = frozenset(("RELAY_DOMAIN", "VIRTUSER_DOMAIN"))


def too_broad(entry: str) -> Optional[str]:
    """Why a class {R} entry covers far more than one site, or None if it does not."""
    name = entry.strip().rstrip(".").lower()
    if not name:
        return None
    if name.isdigit():
        if int(name) > 255 or name in PRIVATE_OCTETS:
            return None
        return f"every IPv4 address starting with {name}. (a sixteen-million-address block)"
    if "." in name or ":" in name or name == "localhost":
        return None
    if name.isalpha() and (len(name) == 2 or name in GENERIC_TLDS):
        return f"every domain under the top-level domain .{name}"
    return None


class RelayDomainTooBroad(Rule):
    code = "MC116"
    name = "relay-domain-too-broad"
    category = "security"
    severity = "warning"
    summary = "A RELAY_DOMAIN (class {R}) entry is a top-level domain or a one-octet network, opening relaying for a huge part of the internet."
    explanation = (
        "Class {R} lists the hosts and domains sendmail relays for, both as client and as "
        "recipient. An entry matches the name itself and every name below it, and a numeric "
        "entry matches every IP address that starts with it: `128.32` stands for a /16 "
        "(cf.README: ANTI-SPAM CONFIGURATION CONTROL). An entry such as `com`, `de` or `192` "
        "therefore lets a large part of the internet relay through you, which spammers find "
        "quickly. VIRTUSER_DOMAIN entries are added to class {R} too (cf.README: FEATURES, "
        "virtusertable). List exact domains and networks, and consider "
        "FEATURE(`relay_hosts_only') so entries stop matching subdomains. `10` and `127` are "
        "private or loopback networks and are not reported; the contents of confCR_FILE "
        "(/etc/mail/relay-domains) cannot be checked from the .mc. A host whose daemons all "
        "listen on loopback is not reported."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "RELAY_DOMAIN(`example.org com')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "RELAY_DOMAIN(`example.org example.com')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        if not reachable_from_network(context):
            return
        for call in context.config.calls:
            if call.name not in CLASS_R_MACROS:
                continue
            for argument in call.arguments[:1]:
                for entry in argument.split():
                    yield from self._report(call.site.span, entry, call.name)
        for section in context.config.local_sections:
            if section.name != "LOCAL_CONFIG":
                continue
            for match in _CLASS_R_LINE.finditer(section.text):
                span = self._line_span(context, section.site.span, section.text, match.start(), match.end())
                for entry in match.group(1).split():
                    yield from self._report(span, entry, "class {R}")

    def _report(self, span: "Span", entry: str, origin: str) -> Iterator[Finding]:
        covers = too_broad(entry)
        if covers is None:
            return
        yield self.finding(
            span,
            f"The {origin} entry `{entry}` will let {covers} relay mail through this host; list "
            "the exact domains or networks you serve instead.",
        )

    @staticmethod
    def _line_span(context: Context, site: "Span", text: str, start: int, end: int) -> "Span":
        # The section's text follows its LOCAL_CONFIG call; point at the line
        # itself when the file holds that text there, else at the call.
        base = site.end
        if context.text[base:base + len(text)] == text:
            return context.span(base + start, base + end)
        return site
