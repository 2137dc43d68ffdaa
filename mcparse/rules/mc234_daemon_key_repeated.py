"""MC234 daemon-key-repeated: one DAEMON_OPTIONS sets the same key twice; only the last counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ._correctness import field_span, field_texts, macro_of, port_options
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..model.config import DaemonField


class DaemonKeyRepeated(Rule):
    code = "MC234"
    name = "daemon-key-repeated"
    category = "correctness"
    severity = "warning"
    summary = "A DAEMON_OPTIONS or CLIENT_OPTIONS value sets the same key twice, so sendmail keeps only the last value."
    explanation = (
        "sendmail reads a PortOptions value field by field and stores each key as it comes: a "
        "second `Name=', `Family=', `Port=', `Addr=' or `M=' in the same value replaces the first "
        "(M= too: the modifier set is cleared before the new letters are read, so `M=O, M=E' "
        "is only `M=E' and the socket is no longer optional). One "
        "DAEMON_OPTIONS is always one daemon, so `Name=MTA-v4, Family=inet, Name=MTA-v6, "
        "Family=inet6' opens a single IPv6 socket named MTA-v6 rather than an IPv4 and an IPv6 "
        "listener (cf.README: DAEMON_OPTIONS under TWEAKING CONFIGURATION OPTIONS shows one "
        "call per daemon). Keys are told apart the way sendmail does, by their first letter, "
        "so `Name=' and `N=' are the same key. Write one DAEMON_OPTIONS per daemon, each key once."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "DAEMON_OPTIONS(`Name=MTA-v4, Family=inet, Name=MTA-v6, Family=inet6')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "DAEMON_OPTIONS(`Name=MTA-v4, Family=inet')dnl\n"
        "DAEMON_OPTIONS(`Name=MTA-v6, Family=inet6')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for options in port_options(context):
            located = field_texts(context, options)
            last: dict[str, "DaemonField"] = {}
            repeated: list[tuple["DaemonField", object]] = []
            for field, where in located:
                if field.key is None or "=" not in field.written:
                    continue  # unknown keys and fields without a value: other rules
                if field.key in last:
                    repeated.append((field, where))
                last[field.key] = field
            if not repeated:
                continue
            keys = list(dict.fromkeys(field.key for field, _ in repeated))
            kept = ", ".join(f"`{last[key].written.strip()}'" for key in keys)
            what = " and ".join(f"{key}" for key in keys)
            macro = macro_of(options)
            one_daemon = ""
            if set(keys) & {"Name", "Family", "Port", "Addr"}:
                what_one = "daemon" if macro == "DAEMON_OPTIONS" else "set of outgoing connection settings"
                one_daemon = f" One {macro} is one {what_one}: write a separate {macro} for each."
            if "Modifier" in keys:
                # getmodifiers() clears the set for each M= field: the letters of
                # the earlier ones are lost (corpus 054/101, OpenBSD: `M=O, M=E').
                letters = "".join(dict.fromkeys("".join(
                    field.value.strip() for field, _ in located if field.key == "Modifier" and "=" in field.written
                )))
                one_daemon += f" Put all modifier letters in one field: `M={letters}'."
            first_field, first_where = repeated[0]
            yield self.finding(
                field_span(context, options, first_where),  # type: ignore[arg-type]
                f"This {macro} sets {what} more than once; sendmail keeps only the last "
                f"({kept}) and ignores the earlier value.{one_daemon}",
            )
