"""MC237 host-ip-without-brackets: a relay host or masquerade name is a bare IP address."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, Optional

from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..compiled import CfLine
    from ..diagnostics import Fix
    from ..source import Span

# The sendmail.cf macro lines that name a host to relay through, and the .mc
# construct that writes each (proto.m4; FEATURE(`msp') writes D{MTAHost}).
RELAY_MACROS = {
    "DS": "SMART_HOST",
    "DH": "MAIL_HUB",
    "DR": "LOCAL_RELAY",
    "D{MTAHost}": "FEATURE(`msp')",
}
MASQUERADE_MACRO = "DM"
# An optional `mailer:' in front, then a dotted quad and nothing else.
_BARE_IPV4 = re.compile(r"^(?:[A-Za-z0-9_.-]+:)?((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})$")


class HostIpWithoutBrackets(Rule):
    code = "MC237"
    name = "host-ip-without-brackets"
    category = "correctness"
    severity = "warning"
    summary = "SMART_HOST, MAIL_HUB, LOCAL_RELAY, FEATURE(`msp') or MASQUERADE_AS names a bare IP address instead of `[1.2.3.4]`."
    explanation = (
        "sendmail treats a relay host without square brackets as a name to look up: it asks "
        "DNS for MX records of `192.0.2.1', and only when that fails does it connect to the "
        "address itself. Every message then waits on a pointless DNS query, and when DNS is "
        "unreachable the mail is deferred with a host name lookup failure although the relay's "
        "address is right there. Square brackets (`[192.0.2.1]') tell sendmail to skip MX "
        "lookups and use the address as written (cf.README: FEATURE(`msp') notes that MX "
        "records are used unless the host is in square brackets; the mailertable section says "
        "the same of `[gateway.domain]'). For MASQUERADE_AS the brackets matter for another "
        "reason: addresses become `user@192.0.2.1', which is not a valid domain, while "
        "`user@[192.0.2.1]' is the address-literal form of RFC 5321. mcparse reads the values "
        "from the compiled sendmail.cf (DS, DH, DR, D{MTAHost}, DM lines). The fix adds the "
        "brackets; it is unsafe because sendmail.cf changes."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`SMART_HOST', `192.0.2.25')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`SMART_HOST', `[192.0.2.25]')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"
    needs_sendmail_cf = True

    def check(self, context: Context) -> Iterator[Finding]:
        compiled = context.config.compiled
        if compiled is None:
            return
        for line in compiled.lines_starting("D"):  # DS, DH, DR, DM, D{MTAHost}
            found = _bare_address(line)
            if found is None or line.origin.mc_offset is None:
                continue
            macro, address = found
            located = self._locate(context, line.origin.mc_offset, address)
            span = context.span(*located) if located is not None else _line_span(context, line.origin.mc_offset)
            fix = self._brackets(located) if located is not None else None
            if macro == MASQUERADE_MACRO:
                message = (
                    f"MASQUERADE_AS names the bare address `{address}`: mail will go out as "
                    f"`user@{address}`, which is not a valid domain; write `[{address}]` (the "
                    "RFC 5321 address literal) or a host name."
                )
            else:
                message = (
                    f"{RELAY_MACROS[macro]} names the bare address `{address}`: sendmail first looks "
                    "up MX records for it as if it were a host name, so each delivery waits on DNS and "
                    f"is deferred when DNS is down; write `[{address}]` so sendmail connects to the "
                    "address directly."
                )
            yield self.finding(span, message, fix)

    @staticmethod
    def _locate(context: Context, offset: int, address: str) -> Optional[tuple[int, int]]:
        # The compile points at the value, or at the call that wrote it
        # (FEATURE(`msp')): the address written on that line is the one.
        text = context.text
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        at = text.find(address, offset, end)
        if at < 0:
            return None
        before = text[at - 1 : at] if at > 0 else ""
        after = text[at + len(address) : at + len(address) + 1]
        if before.isdigit() or before == "." or after.isdigit() or after == ".":
            return None  # part of a longer number: not this address
        return at, at + len(address)

    def _brackets(self, located: tuple[int, int]) -> "Fix":
        return self.fix(
            "Put the address in square brackets",
            self.edit(located[0], located[0], "["),
            self.edit(located[1], located[1], "]"),
        )


def _bare_address(line: "CfLine") -> Optional[tuple[str, str]]:
    """(macro, address) for a relay or masquerade line whose value is a bare IPv4 address."""
    for macro in (*RELAY_MACROS, MASQUERADE_MACRO):
        if line.text.startswith(macro):
            match = _BARE_IPV4.match(line.text[len(macro) :].strip())
            if match is not None:
                return macro, match.group(1)
            return None
    return None


def _line_span(context: Context, offset: int) -> "Span":
    text = context.text
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return context.span(offset, max(end, offset))
