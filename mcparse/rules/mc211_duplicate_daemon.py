"""MC211 duplicate-daemon: two daemons on one family, address and port."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._correctness import all_addresses, is_template
from ._daemons import daemon_span, describe
from ._scope import daemons
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..model.config import Daemon


def _socket(daemon: "Daemon") -> Optional[tuple[str, str]]:
    """What a daemon binds to, as (family, port or path); None when unknown."""
    if daemon.family in ("local", "unix"):
        return ("local", (daemon.addr or "").strip()) if daemon.addr else None
    if daemon.port_number is None:
        return None
    return daemon.family, str(daemon.port_number)


def _address(daemon: "Daemon") -> str:
    return (daemon.addr or "").strip().lower()


class _Listeners:
    """The daemons seen so far on one socket, indexed by what they clash with."""

    def __init__(self) -> None:
        self.first: Optional[tuple[int, "Daemon"]] = None
        self.first_wildcard: Optional[tuple[int, "Daemon"]] = None
        self.by_address: dict[str, tuple[int, "Daemon"]] = {}

    def add(self, order: int, daemon: "Daemon") -> None:
        entry = (order, daemon)
        self.first = self.first or entry
        if all_addresses(daemon.addr):
            self.first_wildcard = self.first_wildcard or entry
        self.by_address.setdefault(_address(daemon), entry)

    def first_clash(self, daemon: "Daemon", same_path: bool) -> "Optional[Daemon]":
        """The earliest daemon seen that ``daemon`` cannot listen beside: any
        on a local socket path or when it takes all addresses, else one on
        all addresses or on the same address."""
        if same_path or all_addresses(daemon.addr):
            found = self.first
        else:
            options = [e for e in (self.first_wildcard, self.by_address.get(_address(daemon))) if e is not None]
            found = min(options, key=lambda entry: entry[0], default=None)
        return found[1] if found is not None else None


class DuplicateDaemon(Rule):
    code = "MC211"
    name = "duplicate-daemon"
    category = "correctness"
    severity = "error"
    summary = "Two daemons listen on the same family, address and port, so sendmail cannot open the second and exits."
    explanation = (
        "Each DAEMON_OPTIONS line is one listening socket. When two of them claim the same "
        "port on the same family and overlapping addresses (the same address, or one of them "
        "on all interfaces), the second cannot listen: sendmail logs `Address already in use', "
        "retries for about fifty seconds and then exits, so no port works at all (DAEMON_OPTIONS "
        "in cf.README; DaemonPortOptions in the Installation and Operation Guide). A specific "
        "address beside an all-interfaces daemon clashes on Linux; BSD kernels allow it. A line with "
        "the `O' modifier is optional and is only switched off instead, so it is not reported. "
        "cf.m4's own MSA on port 587 beside yours is reported by default-msa-not-disabled."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=25, Addr=127.0.0.1, Name=MTA-local')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Addr=192.0.2.1, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=25, Addr=127.0.0.1, Name=MTA-local')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        if is_template(context):
            return  # template branches are alternatives, not daemons side by side
        # The implied MSA clashes only with a daemon on 587, which MC201 reports.
        listening = [d for d in daemons(context) if not (d.implied and d.is_submission) and "O" not in d.modifiers]
        # Per socket, the first daemon, the first on all addresses and the
        # first per address: enough to name the earliest clash without
        # comparing every pair (a file may hold thousands of DAEMON_OPTIONS).
        seen: dict[tuple[str, str], _Listeners] = {}
        for order, later in enumerate(listening):
            socket = _socket(later)
            if socket is None:
                continue
            listeners = seen.setdefault(socket, _Listeners())
            earlier = listeners.first_clash(later, socket[0] == "local")
            listeners.add(order, later)
            if earlier is None:
                continue
            same = (earlier.addr or "").strip().lower() == (later.addr or "").strip().lower()
            kernel = "" if same or socket[0] == "local" else " (on Linux, where all interfaces include this address)"
            where = f"port {socket[1]}" if socket[0] != "local" else f"socket {socket[1]}"
            yield self.finding(
                daemon_span(context, later),
                f"This daemon listens on {where} ({socket[0]}) like {describe(earlier)}{kernel}: sendmail "
                "cannot open the second socket, retries for about fifty seconds and exits, taking "
                "every port down; remove one, give them different addresses or ports, or add "
                "modifier `O' to make this one optional.",
            )
