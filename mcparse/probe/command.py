"""``mc-check probe``: check that a running sendmail keeps what its .mc promises.

Exit status: 0 every check matches, 1 at least one mismatch, 2 the probe
could not do its job (bad arguments, unreadable .mc, a port that should
answer but does not).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time
from typing import TYPE_CHECKING, NoReturn, Optional, Sequence

from .report import EXIT_TROUBLE, ProbeReport, compare, render_json, render_text

if TYPE_CHECKING:  # pragma: no cover - the model imports pydantic, slow for --help
    from ..model.config import SendmailConfig

PASSWORD_VARIABLE = "MCPARSE_PROBE_PASSWORD"
# The default overall deadline, in --timeout units: room for a slow greeting
# and a dozen commands on each of a few ports, not for a server that stalls.
DEADLINE_TIMEOUTS = 10
DEFAULT_PORTS = (25, 587)
_FORBIDDEN_IN_HOST = set("/*,; \t\n")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_TROUBLE, f"mc-check probe: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mc-check probe",
        # A prefix must never turn one option into another: "--password x"
        # must not become "--password-env x".
        allow_abbrev=False,
        description="Connect to one mail server and compare what each port does with what the .mc promises. "
        "Never sends a message: every check ends with RSET, the session with QUIT.",
    )
    parser.add_argument("host", metavar="HOST", help="the one server to probe (a name or an address, never a range)")
    parser.add_argument("--mc", metavar="FILE", help="the sendmail.mc whose promises to check")
    parser.add_argument(
        "--port",
        action="append",
        default=[],
        metavar="PORT[=MCPORT]",
        help="probe PORT (repeatable); PORT=MCPORT checks PORT against the .mc's daemon on MCPORT "
        "(a forwarded or remapped port). Default: every port the .mc listens on, or 25 and 587",
    )
    parser.add_argument("--starttls", action="store_true", help="run the checks inside STARTTLS where offered")
    parser.add_argument("--no-verify-tls", action="store_true", help="accept any TLS certificate (test servers)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds per network operation")
    parser.add_argument(
        "--deadline",
        type=float,
        metavar="S",
        help="seconds for the whole probe, name lookup and every port included; a server that is "
        "still talking then is cut off (default: 10 times --timeout)",
    )
    parser.add_argument("--user", metavar="U", help="also check that AUTH with this user succeeds")
    parser.add_argument(
        "--password",
        metavar="P",
        help="the password for --user (other users on this machine can read it in the process list: "
        f"prefer {PASSWORD_VARIABLE} or --password-env)",
    )
    parser.add_argument(
        "--password-env",
        metavar="VAR",
        help=f"environment variable holding the password (default {PASSWORD_VARIABLE})",
    )
    parser.add_argument("--source-address", metavar="ADDR", help="local address to connect from")
    parser.add_argument("--helo", metavar="NAME", help="the name to send in EHLO")
    parser.add_argument("--mail-from", metavar="ADDRESS", help="sender for the MAIL checks (default: <>)")
    parser.add_argument("--relay-to", metavar="ADDRESS", help="a recipient in a domain that is not the server's")
    parser.add_argument("--output-format", choices=("text", "json"), default="text")
    return parser


def _port_pairs(specs: list[str]) -> list[tuple[int, int]]:
    pairs = []
    for spec in specs:
        probe_text, _, model_text = spec.partition("=")
        try:
            probe_port = int(probe_text)
            model_port = int(model_text) if model_text else probe_port
        except ValueError:
            raise _UsageError(f"--port {spec!r}: expected PORT or PORT=MCPORT, numbers") from None
        for number in (probe_port, model_port):
            if not 0 < number < 65536:
                raise _UsageError(f"--port {spec!r}: {number} is not a TCP port")
        pairs.append((probe_port, model_port))
    return pairs


def _password(options: argparse.Namespace) -> Optional[str]:
    if options.user is None:
        if options.password is not None:
            raise _UsageError("--password given without --user")
        return None
    if options.password is not None:
        return str(options.password)
    variable = options.password_env or PASSWORD_VARIABLE
    password = os.environ.get(variable)
    if password is None:
        raise _UsageError(f"--user given but the environment variable {variable} holds no password")
    return password


def _check_host(host: str) -> None:
    # One named server only: anything that looks like a list or a network is refused.
    if not host or _FORBIDDEN_IN_HOST & set(host):
        raise _UsageError(f"HOST {host!r}: give one host name or address")


def run(argv: "list[str] | Sequence[str]") -> int:
    """Entry point for ``mc-check probe ARGS``; returns the exit status."""
    options = build_parser().parse_args(list(argv))
    try:
        return _run(options)
    except _UsageError as error:
        print(f"mc-check probe: error: {error}", file=sys.stderr)
        return EXIT_TROUBLE
    except KeyboardInterrupt:
        return EXIT_TROUBLE


def _run(options: argparse.Namespace) -> int:
    from .expect import promises
    from .smtp import DEFAULT_HELO, DEFAULT_RELAY_TO, ProbeOptions, observe_port

    _check_host(options.host)
    if not 0 < options.timeout <= 300:
        raise _UsageError("--timeout must be between 0 and 300 seconds")
    budget = options.deadline if options.deadline is not None else DEADLINE_TIMEOUTS * options.timeout
    if not 0 < budget <= 3600:
        raise _UsageError("--deadline must be between 0 and 3600 seconds")
    deadline = time.monotonic() + budget
    pairs = _port_pairs(options.port)
    password = _password(options)

    port_promises = None
    if options.mc is not None:
        config = _load_model(options.mc)
        port_promises = promises(
            config, pairs or None, tls=options.starttls, with_credentials=options.user is not None
        )
        if not port_promises:
            raise _UsageError(f"{options.mc}: sendmail would listen on no TCP port; name one with --port")
        targets = [(promise.port, promise) for promise in port_promises]
    else:
        targets = [(probe_port, None) for probe_port, _ in pairs or [(p, p) for p in DEFAULT_PORTS]]

    # Before any port: a name that does not resolve is one problem, not one
    # "not listening" per port (which a .mc that predicts a stopped sendmail
    # would even count as kept).
    problem = resolution_problem(options.host, min(options.timeout, deadline - time.monotonic()))
    if problem is not None:
        print(f"mc-check probe: {options.host}: {problem}", file=sys.stderr)
        return EXIT_TROUBLE

    reports = []
    for port, promise in targets:
        probe_options = ProbeOptions(
            timeout=options.timeout,
            starttls=options.starttls,
            implicit_tls=promise.implicit_tls if promise else port == 465,
            user=options.user,
            password=password,
            source_address=options.source_address,
            helo=options.helo or DEFAULT_HELO,
            mail_from=options.mail_from or "",
            relay_to=options.relay_to or DEFAULT_RELAY_TO,
            verify_tls=not options.no_verify_tls,
            deadline=deadline,
        )
        seen = observe_port(options.host, port, probe_options)
        port_report = compare(promise, seen)
        if port_report.trouble:
            print(f"mc-check probe: {options.host} port {port}: {seen.error}", file=sys.stderr)
        reports.append(port_report)

    report = ProbeReport(host=options.host, mc=options.mc, ports=tuple(reports))
    print(render_json(report) if options.output_format == "json" else render_text(report))
    return report.exit_status


def resolution_problem(host: str, timeout: float) -> Optional[str]:
    """Why ``host`` cannot be probed by name (it does not resolve, or not
    within ``timeout`` seconds), or None when it resolves."""
    outcome: list[BaseException] = []
    finished = threading.Event()

    def look_up() -> None:
        try:
            socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            outcome.append(error)
        finally:
            finished.set()

    # getaddrinfo takes no timeout: it runs in a thread that is given up on.
    threading.Thread(target=look_up, name="mc-check-probe-dns", daemon=True).start()
    if not finished.wait(max(0.0, timeout)):
        return f"cannot resolve the name within {timeout:g} s"
    if outcome:
        error = outcome[0]
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return f"cannot resolve the name: {reason}"
    return None


def _load_model(path: str) -> "SendmailConfig":
    from ..model import resolve
    from ..syntax import parse

    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise _UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    return resolve(parse(data).syntax)
