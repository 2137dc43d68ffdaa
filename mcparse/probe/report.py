"""Promised against observed, per port: the comparison and its text/JSON forms."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Optional

from .expect import (
    CHECK_LABELS,
    CHECK_LISTENER,
    CHECK_RELAY_WITHOUT_AUTH,
    NOT_LISTENING,
    SENDMAIL_STOPS,
    PortPromise,
)
from .smtp import PortObservation

MATCH = "ok"
MISMATCH = "MISMATCH"
SKIPPED = "skipped"
SEEN = "seen"  # observed without a .mc to compare with

EXIT_MATCH = 0
EXIT_MISMATCH = 1
EXIT_TROUBLE = 2

# Rows whose server reply is worth showing every time (EHLO replies are long).
_COMMAND_CHECKS = frozenset({
    "vrfy", "auth-command", "etrn-command", "mail-without-auth", "relay-without-auth",
    "auth-with-credentials", "mail-with-auth", "relay-with-auth",
})

# sendmail lets these client addresses relay whatever the .mc says (the
# "originated locally" lines of its Relay_ok ruleset).
_LOCAL_CLIENTS = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


@dataclass(frozen=True)
class Row:
    check: str
    label: str
    promised: Optional[str]
    observed: str
    status: str
    reply: str = ""
    why: str = ""
    broken: bool = False  # the .mc promises a broken server here


@dataclass(frozen=True)
class PortReport:
    port: int
    model_port: Optional[int]
    daemon: Optional[str]
    modifiers: Optional[str]
    client_address: Optional[str]
    banner: str
    error: Optional[str]
    trouble: bool  # could not be probed although something should listen there
    rows: tuple[Row, ...]

    @property
    def mismatches(self) -> int:
        return sum(row.status == MISMATCH for row in self.rows)

    @property
    def broken(self) -> bool:
        return any(row.broken for row in self.rows)


@dataclass(frozen=True)
class ProbeReport:
    host: str
    mc: Optional[str]
    ports: tuple[PortReport, ...]

    @property
    def mismatches(self) -> int:
        return sum(port.mismatches for port in self.ports)

    @property
    def exit_status(self) -> int:
        if any(port.trouble for port in self.ports):
            return EXIT_TROUBLE
        # A .mc that promises a broken server is never a clean result, even
        # when the server is broken exactly as predicted.
        return EXIT_MISMATCH if self.mismatches or any(port.broken for port in self.ports) else EXIT_MATCH


def compare(promise: Optional[PortPromise], seen: PortObservation) -> PortReport:
    """Line up one port's promises with what the server did."""
    promised = promise.checks if promise else {}
    rows: list[Row] = []
    for check, label in CHECK_LABELS.items():
        expected = promised.get(check)
        observed = seen.checks.get(check)
        if expected is None and observed is None:
            continue
        if observed is None:
            assert expected is not None
            rows.append(Row(check, label, expected.value, "not checked", SKIPPED, why=expected.why,
                            broken=expected.broken))
            continue
        if expected is None:
            rows.append(Row(check, label, None, observed.value, SEEN, observed.reply))
            continue
        status = MATCH if expected.kept_by(observed.value) else MISMATCH
        why = expected.why
        if check == CHECK_RELAY_WITHOUT_AUTH and seen.client_address in _LOCAL_CLIENTS:
            status = SKIPPED
            why = f"the probe connected from {seen.client_address}, which sendmail always lets relay"
        rows.append(Row(check, label, expected.value, observed.value, status, observed.reply, why, expected.broken))
    listener = promised.get(CHECK_LISTENER)
    expected_silent = listener is not None and listener.value in (NOT_LISTENING, SENDMAIL_STOPS)
    daemon = promise.daemon if promise else None
    return PortReport(
        port=seen.port,
        model_port=promise.model_port if promise else None,
        daemon=daemon.name if daemon else None,
        modifiers=daemon.modifiers if daemon else None,
        client_address=seen.client_address,
        banner=seen.banner,
        error=seen.error,
        trouble=seen.error is not None and not expected_silent,
        rows=tuple(rows),
    )


def render_json(report: ProbeReport) -> str:
    data = {
        "host": report.host,
        "mc": report.mc,
        "mismatches": report.mismatches,
        "broken_mc": any(port.broken for port in report.ports),
        "exit_status": report.exit_status,
        "ports": [
            {**{key: value for key, value in asdict(port).items() if key != "rows"},
             "mismatches": port.mismatches,
             "broken_mc": port.broken,
             "checks": [asdict(row) for row in port.rows]}
            for port in report.ports
        ],
    }
    return json.dumps(data, indent=2)


def _port_heading(port: PortReport) -> str:
    heading = f"port {port.port}"
    if port.model_port is not None and port.model_port != port.port:
        heading += f" (the .mc's port {port.model_port})"
    if port.daemon is not None or port.modifiers:
        modifiers = f"M={port.modifiers}" if port.modifiers else "no modifiers"
        heading += f" - daemon {port.daemon or '(unnamed)'}, {modifiers}"
    if port.client_address:
        heading += f" - probed from {port.client_address}"
    return heading


def render_text(report: ProbeReport) -> str:
    source = f"promises from {report.mc}" if report.mc else "no .mc given: observations only"
    lines = [f"probe of {report.host} ({source})"]
    for port in report.ports:
        lines.append("")
        lines.append(_port_heading(port))
        if port.banner:
            lines.append(f"  {port.banner}")
        if port.error:
            lines.append(f"  {port.error}")
        lines.append(f"  {'check':<22} {'promised':<34} {'observed':<34} status")
        unchecked = [row.label for row in port.rows if row.observed == "not checked"]
        for row in port.rows:
            if row.observed == "not checked":
                continue
            promised = row.promised if row.promised is not None else "-"
            status = f"{row.status} (the .mc is broken)" if row.broken else row.status
            lines.append(f"  {row.label:<22} {promised:<34} {row.observed:<34} {status}")
            if row.broken or (row.status in (MISMATCH, SKIPPED) and row.why):
                lines.append(f"  {'':<22} because: {row.why}")
            if row.reply and (row.status == MISMATCH or row.check in _COMMAND_CHECKS):
                lines.append(f"  {'':<22} server said: {row.reply}")
        if unchecked:
            lines.append(f"  not checked: {', '.join(unchecked)}")
    lines.append("")
    problems = sum(port.trouble for port in report.ports)
    summary = f"{report.mismatches} mismatch{'es' if report.mismatches != 1 else ''}"
    if any(port.broken for port in report.ports):
        summary += ", and the .mc itself describes a server that cannot run"
    if problems:
        summary += f", {problems} port{'s' if problems != 1 else ''} could not be probed"
    lines.append(summary)
    return "\n".join(lines)
