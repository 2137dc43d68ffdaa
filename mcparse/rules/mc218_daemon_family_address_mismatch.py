"""MC218 daemon-family-address-mismatch: an IPv6 address on an inet line, or IPv4 on inet6."""

from __future__ import annotations

import ipaddress
from typing import Iterator, Optional

from ._correctness import field_span, field_texts, macro_of, port_options
from .base import Context, Finding, Rule


def _literal_version(address: str) -> Optional[int]:
    try:
        return ipaddress.ip_address(address.strip()).version
    except ValueError:
        return None


class DaemonFamilyAddressMismatch(Rule):
    code = "MC218"
    name = "daemon-family-address-mismatch"
    category = "correctness"
    severity = "error"
    summary = "Addr= is an address of the other family than Family= (IPv6 on inet, IPv4 on inet6)."
    explanation = (
        "sendmail parses Addr= in the family the line declares, and Family defaults to inet "
        "(IPv4). `Addr=::1' without `Family=inet6', or `Family=inet6, Addr=127.0.0.1', cannot "
        "be parsed: sendmail reports `host \"::1\" unknown' when it reads sendmail.cf and the "
        "line does not listen (or connect from) where you meant. IPv4-mapped IPv6 addresses "
        "(::ffff:a.b.c.d) are valid for inet6 (DaemonPortOptions and ClientPortOptions in the "
        "Installation and Operation Guide; cf.README: DAEMON_OPTIONS)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA6, Addr=::1, M=A')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA6, Family=inet6, Addr=::1, M=A')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for options in port_options(context):
            if options.addr is None or options.family not in ("inet", "inet6"):
                continue
            version = _literal_version(options.addr)
            if version is None or (version == 4) == (options.family == "inet"):
                continue
            located = None
            for field, where in field_texts(context, options):
                if field.key == "Addr":
                    located = where  # sendmail keeps the last Addr=
            if version == 6:
                how = "add `Family=inet6' (Family defaults to inet, IPv4)"
            else:
                how = "use an IPv6 address or drop `Family=inet6'"
            yield self.finding(
                field_span(context, options, located),
                f"`Addr={options.addr.strip()}' is an IPv{version} address but this {macro_of(options)} is "
                f"Family={options.family}: sendmail reports `host \"{options.addr.strip()}\" unknown' and the "
                f"address is not used; {how}.",
            )
