"""MC211 duplicate-daemon: two daemons on one family, address and port."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._correctness import all_addresses, is_template
from ._daemons import daemon_span, describe
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


def _overlap(first: "Daemon", second: "Daemon") -> bool:
    if first.family in ("local", "unix"):
        return True  # same socket path
    if all_addresses(first.addr) or all_addresses(second.addr):
        return True
    return (first.addr or "").strip().lower() == (second.addr or "").strip().lower()


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
        daemons = [d for d in context.config.daemons if not (d.implied and d.is_submission) and "O" not in d.modifiers]
        reported: set[int] = set()
        for later_index, later in enumerate(daemons):
            socket = _socket(later)
            if socket is None:
                continue
            for earlier in daemons[:later_index]:
                if _socket(earlier) != socket or not _overlap(earlier, later) or later_index in reported:
                    continue
                reported.add(later_index)
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
