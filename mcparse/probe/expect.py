"""What a resolved .mc promises about each port, in the terms the probe observes.

Every promise is derived from the model (``SendmailConfig``), never from the
text, so a daemon written through a user macro or a default daemon cf.m4 adds
counts exactly as sendmail will see it. The facts behind each promise were
checked against a live sendmail 8.17 (the project's research notes, V-8 to
V-14): ``A`` hides AUTH and answers ``503 5.3.3``; ``a`` answers MAIL without
AUTH with ``530 5.7.0``; ``E`` answers ETRN with ``502 5.7.0``; the stock
rulesets refuse relaying for an unauthenticated stranger with ``550 5.7.1``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Optional

from ..model.config import Daemon, SendmailConfig

# sendmail's compiled-in AuthMechanisms when the .mc leaves it unset; the
# server then offers those of them its SASL library provides.
SENDMAIL_DEFAULT_MECHANISMS = ("GSSAPI", "KERBEROS_V4", "DIGEST-MD5", "CRAM-MD5")
# Mechanisms that send the password in the clear; AuthOptions ``p`` hides
# them until the session is encrypted.
PLAINTEXT_MECHANISMS = frozenset({"PLAIN", "LOGIN"})
# Modes in which cf.m4 leaves the anti-relay rulesets out (research V-10).
_NO_RELAY_CHECK_MODES = ("d",)
OPEN_RELAY_FEATURES = ("promiscuous_relay",)

# Check identifiers: stable, used as JSON keys and in the text table.
CHECK_LISTENER = "listener"
CHECK_EHLO_AUTH = "ehlo-auth"
CHECK_EHLO_MECHANISMS = "ehlo-auth-mechanisms"
CHECK_EHLO_STARTTLS = "ehlo-starttls"
CHECK_EHLO_ETRN = "ehlo-etrn"
CHECK_EHLO_EXPN = "ehlo-expn"
CHECK_EHLO_SIZE = "ehlo-size"
CHECK_VRFY = "vrfy"
CHECK_AUTH_WITHOUT_CREDENTIALS = "auth-command"
CHECK_ETRN = "etrn-command"
CHECK_MAIL_WITHOUT_AUTH = "mail-without-auth"
CHECK_RELAY_WITHOUT_AUTH = "relay-without-auth"
CHECK_AUTH_WITH_CREDENTIALS = "auth-with-credentials"
CHECK_MAIL_WITH_AUTH = "mail-with-auth"
CHECK_RELAY_WITH_AUTH = "relay-with-auth"

CHECK_LABELS = {
    CHECK_LISTENER: "daemon listening",
    CHECK_EHLO_AUTH: "EHLO offers AUTH",
    CHECK_EHLO_MECHANISMS: "AUTH mechanisms",
    CHECK_EHLO_STARTTLS: "EHLO offers STARTTLS",
    CHECK_EHLO_ETRN: "EHLO offers ETRN",
    CHECK_EHLO_EXPN: "EHLO offers EXPN",
    CHECK_EHLO_SIZE: "EHLO offers SIZE",
    CHECK_VRFY: "VRFY answers",
    CHECK_AUTH_WITHOUT_CREDENTIALS: "AUTH command",
    CHECK_ETRN: "ETRN command",
    CHECK_MAIL_WITHOUT_AUTH: "MAIL without AUTH",
    CHECK_RELAY_WITHOUT_AUTH: "relay without AUTH",
    CHECK_AUTH_WITH_CREDENTIALS: "AUTH with password",
    CHECK_MAIL_WITH_AUTH: "MAIL after AUTH",
    CHECK_RELAY_WITH_AUTH: "relay after AUTH",
}

# Observed values (what smtp.py reports) that the promises below speak of.
OFFERED = "offered"
NOT_OFFERED = "not offered"
ACCEPTED = "accepted"
REFUSED = "refused"
AUTH_REQUIRED = "refused: authentication required"
REFUSED_OTHER = "refused: other reason"
REFUSED_TEMPORARILY = "refused temporarily"
# The two refusals the submission split is about, by their reply codes: a
# refusal with another code (a 502 from a proxy, a 553 for the probe's own
# address) proves nothing about AUTH or relaying, so it does not keep the promise.
AUTH_UNAVAILABLE = "refused (503)"
RELAY_DENIED = "refused (550)"
NOT_REACHED = "not reached"
SUCCEEDED = "succeeded"
FAILED = "failed"
LISTENING = "listening"
NOT_LISTENING = "not listening"
NO_GREETING = "no greeting"
SENDMAIL_STOPS = "sendmail stops"


@dataclass(frozen=True)
class Expected:
    """One promise: the value shown, the observed values that keep it, and why."""

    value: str
    why: str
    accepts: frozenset[str] = frozenset()
    # The .mc itself promises a broken server (two daemons on one port): the
    # probe still compares, but the result can never be "all is well".
    broken: bool = False

    def kept_by(self, observed: str) -> bool:
        return observed == self.value or observed in self.accepts


@dataclass(frozen=True)
class PortPromise:
    """What the .mc promises for one port the probe connects to."""

    port: int  # where the probe connects
    model_port: Optional[int]  # the port the .mc names (differs when remapped)
    daemon: Optional[Daemon]
    others: tuple[Daemon, ...] = ()  # further daemons the .mc puts on the same port
    checks: dict[str, Expected] = field(default_factory=dict)

    @property
    def implicit_tls(self) -> bool:
        return self.daemon is not None and "s" in self.daemon.modifiers


def _words(value: Optional[str]) -> list[str]:
    return (value or "").replace(",", " ").split()


def _daemon_label(daemon: Daemon) -> str:
    name = daemon.name or "unnamed daemon"
    modifiers = f"M={daemon.modifiers}" if daemon.modifiers else "no modifiers"
    origin = "added by cf.m4" if daemon.implied else "in the .mc"
    return f"{name} ({modifiers}, {origin})"


def _subsets(names: tuple[str, ...]) -> frozenset[str]:
    found = set()
    for size in range(1, len(names) + 1):
        for combination in itertools.combinations(sorted(names), size):
            found.add(" ".join(combination))
    return frozenset(found)


def mechanism_text(names: "list[str] | tuple[str, ...] | set[str]") -> str:
    """Mechanisms in one canonical spelling, so that order never makes a mismatch."""
    return " ".join(sorted({name.upper() for name in names})) or "none"


def _auth_promises(config: SendmailConfig, daemon: Daemon, tls: bool) -> tuple[Expected, Expected]:
    configured = _words(config.conf_value("confAUTH_MECHANISMS"))
    options = config.conf_value("confAUTH_OPTIONS") or ""
    if "A" in daemon.modifiers:
        why = "modifier A on this daemon turns AUTH off"
        return Expected(NOT_OFFERED, why), Expected("none", why)
    mechanisms = tuple(name.upper() for name in configured) or SENDMAIL_DEFAULT_MECHANISMS
    hidden = "p" in options and not tls
    if hidden:
        mechanisms = tuple(name for name in mechanisms if name not in PLAINTEXT_MECHANISMS)
    if not mechanisms:
        why = "confAUTH_OPTIONS has p: plaintext mechanisms wait for STARTTLS, and no other is listed"
        return Expected(NOT_OFFERED, why), Expected("none", why)
    if configured:
        why = "confAUTH_MECHANISMS" + (" without plaintext ones (confAUTH_OPTIONS p, no TLS)" if hidden else "")
        return Expected(OFFERED, "no modifier A; " + why), Expected(mechanism_text(mechanisms), why)
    # Left to sendmail's default: only those the SASL library provides show up.
    why = "confAUTH_MECHANISMS unset: sendmail's default list, limited to what SASL provides"
    return (
        Expected(OFFERED, "no modifier A; " + why, accepts=frozenset({NOT_OFFERED})),
        Expected(mechanism_text(mechanisms), why, accepts=_subsets(mechanisms) | {"none"}),
    )


def _privacy_flags(config: SendmailConfig) -> set[str]:
    return {flag.lower() for flag in _words(config.conf_value("confPRIVACY_FLAGS"))}


def _size_promise(config: SendmailConfig) -> Expected:
    limit = (config.conf_value("confMAX_MESSAGE_SIZE") or "").strip()
    if limit.isdigit() and int(limit) > 0:
        return Expected(f"{OFFERED} ({int(limit)} bytes)", "confMAX_MESSAGE_SIZE")
    return Expected(OFFERED, "no confMAX_MESSAGE_SIZE: no limit announced")


def _tls_configured(config: SendmailConfig) -> bool:
    return bool(config.conf_value("confSERVER_CERT")) and bool(config.conf_value("confSERVER_KEY"))


def promise_for_daemon(
    config: SendmailConfig,
    daemon: Daemon,
    *,
    port: int,
    others: tuple[Daemon, ...] = (),
    tls: bool = False,
    with_credentials: bool = False,
) -> PortPromise:
    """The promises one daemon makes, as seen by a probe on ``port``.

    ``tls`` says whether the checks run inside TLS (STARTTLS or ``s``), which
    changes which AUTH mechanisms sendmail may show.
    """
    modifiers = daemon.modifiers
    label = _daemon_label(daemon)
    checks: dict[str, Expected] = {CHECK_LISTENER: Expected(LISTENING, label)}

    tls_active = tls or "s" in modifiers
    auth, mechanisms = _auth_promises(config, daemon, tls_active)
    checks[CHECK_EHLO_AUTH] = auth
    checks[CHECK_EHLO_MECHANISMS] = mechanisms

    if tls_active:
        checks[CHECK_EHLO_STARTTLS] = Expected(
            NOT_OFFERED, "already encrypted", accepts=frozenset({OFFERED}) if not tls else frozenset()
        )
    elif "S" in modifiers:
        checks[CHECK_EHLO_STARTTLS] = Expected(NOT_OFFERED, "modifier S on this daemon")
    elif _tls_configured(config):
        checks[CHECK_EHLO_STARTTLS] = Expected(OFFERED, "confSERVER_CERT and confSERVER_KEY are set")
    else:
        checks[CHECK_EHLO_STARTTLS] = Expected(NOT_OFFERED, "no confSERVER_CERT/confSERVER_KEY")

    flags = _privacy_flags(config)
    if "E" in modifiers:
        etrn_why = "modifier E on this daemon"
    elif "noetrn" in flags:
        etrn_why = "confPRIVACY_FLAGS has noetrn"
    else:
        etrn_why = ""
    checks[CHECK_EHLO_ETRN] = Expected(NOT_OFFERED if etrn_why else OFFERED, etrn_why or "no E, no noetrn")
    checks[CHECK_ETRN] = Expected(REFUSED if etrn_why else ACCEPTED, etrn_why or "no E, no noetrn")

    expn_off = flags & {"noexpn", "goaway"}
    checks[CHECK_EHLO_EXPN] = Expected(
        NOT_OFFERED if expn_off else OFFERED,
        f"confPRIVACY_FLAGS has {sorted(expn_off)[0]}" if expn_off else "confPRIVACY_FLAGS allows EXPN",
    )
    vrfy_off = flags & {"novrfy", "goaway"}
    checks[CHECK_VRFY] = Expected(
        REFUSED if vrfy_off else ACCEPTED,
        f"confPRIVACY_FLAGS has {sorted(vrfy_off)[0]}" if vrfy_off else "confPRIVACY_FLAGS allows VRFY",
    )
    checks[CHECK_EHLO_SIZE] = _size_promise(config)

    auth_offered = auth.value == OFFERED
    checks[CHECK_AUTH_WITHOUT_CREDENTIALS] = Expected(
        ACCEPTED if auth_offered else AUTH_UNAVAILABLE,
        auth.why,
        accepts=frozenset({AUTH_UNAVAILABLE}) if auth.accepts else frozenset(),
    )

    requires_auth = "a" in modifiers and "A" not in modifiers
    if requires_auth:
        checks[CHECK_MAIL_WITHOUT_AUTH] = Expected(AUTH_REQUIRED, "modifier a on this daemon")
        checks[CHECK_RELAY_WITHOUT_AUTH] = Expected(NOT_REACHED, "MAIL is refused first (modifier a)")
    else:
        why = "no modifier a" + (" (A wins over a)" if "a" in modifiers else "")
        # A sender check may still refuse the probe's address for reasons of its own.
        checks[CHECK_MAIL_WITHOUT_AUTH] = Expected(ACCEPTED, why, accepts=frozenset({REFUSED_OTHER}))
        checks[CHECK_RELAY_WITHOUT_AUTH] = _relay_promise(config)

    if with_credentials:
        if auth_offered:
            checks[CHECK_AUTH_WITH_CREDENTIALS] = Expected(SUCCEEDED, "AUTH is offered here")
            checks[CHECK_MAIL_WITH_AUTH] = Expected(ACCEPTED, "authenticated")
            # The probe authenticates with PLAIN (LOGIN where PLAIN is not offered).
            trusted = {name.upper() for name in config.trust_auth_mech}
            if trusted & PLAINTEXT_MECHANISMS:
                checks[CHECK_RELAY_WITH_AUTH] = Expected(ACCEPTED, f"TRUST_AUTH_MECH({' '.join(sorted(trusted))})")
            else:
                checks[CHECK_RELAY_WITH_AUTH] = Expected(
                    RELAY_DENIED, "TRUST_AUTH_MECH lists neither PLAIN nor LOGIN: authenticating does not allow relaying"
                )
        else:
            checks[CHECK_AUTH_WITH_CREDENTIALS] = Expected(NOT_OFFERED, auth.why)
    return PortPromise(port=port, model_port=daemon.port_number, daemon=daemon, others=others, checks=checks)


def _relay_promise(config: SendmailConfig) -> Expected:
    for name in OPEN_RELAY_FEATURES:
        if config.has_feature(name):
            return Expected(ACCEPTED, f"FEATURE(`{name}') lets anyone relay")
    mode = (config.conf_value("confDELIVERY_MODE") or "").strip().lower()
    if mode.startswith(_NO_RELAY_CHECK_MODES):
        return Expected(ACCEPTED, "confDELIVERY_MODE deferred: cf.m4 leaves the anti-relay checks out")
    # A 4xx (the server could not look the client up) still keeps the relay closed.
    return Expected(
        RELAY_DENIED,
        "the stock rulesets refuse relaying for unauthenticated strangers",
        accepts=frozenset({REFUSED_TEMPORARILY}),
    )


def listening_daemons(config: SendmailConfig) -> dict[int, list[Daemon]]:
    """TCP daemons by port number, in the order sendmail opens them."""
    ports: dict[int, list[Daemon]] = {}
    for daemon in config.daemons:
        if daemon.family not in ("inet", "inet6") or daemon.port_number is None:
            continue
        ports.setdefault(daemon.port_number, []).append(daemon)
    return ports


def _same_socket(first: Daemon, second: Daemon) -> bool:
    # Two daemons only fight when family and address overlap; one address
    # unset means "every address" and overlaps everything.
    if first.family != second.family:
        return False
    return not first.addr or not second.addr or first.addr == second.addr


def promises(
    config: SendmailConfig,
    ports: "list[tuple[int, int]] | None" = None,
    *,
    tls: bool = False,
    with_credentials: bool = False,
) -> list[PortPromise]:
    """Promises for each ``(probe port, model port)`` pair, or for every daemon.

    A model port no daemon uses yields a promise that nothing listens there.
    """
    by_port = listening_daemons(config)
    wanted = ports if ports is not None else [(number, number) for number in by_port]
    clash = _first_clash(by_port)
    found: list[PortPromise] = []
    for probe_port, model_port in wanted:
        daemons = by_port.get(model_port, [])
        if not daemons:
            found.append(
                PortPromise(
                    port=probe_port,
                    model_port=model_port,
                    daemon=None,
                    checks={CHECK_LISTENER: Expected(NOT_LISTENING, f"no daemon in the .mc uses port {model_port}")},
                )
            )
            continue
        first = daemons[0]
        others = tuple(other for other in daemons[1:] if _same_socket(first, other))
        promise = promise_for_daemon(
            config, first, port=probe_port, others=others, tls=tls, with_credentials=with_credentials
        )
        if clash is not None:
            promise.checks[CHECK_LISTENER] = clash
        found.append(promise)
    return found


def _first_clash(by_port: dict[int, list[Daemon]]) -> Optional[Expected]:
    """Two daemons on one socket take the whole server down, every port with it.

    sendmail retries the socket it cannot open (about ten times, five seconds
    apart) without greeting anyone, then exits (research V-7).
    """
    for port, daemons in by_port.items():
        first = daemons[0]
        others = [other for other in daemons[1:] if _same_socket(first, other)]
        if others:
            names = ", ".join(_daemon_label(daemon) for daemon in (first, *others))
            return Expected(
                SENDMAIL_STOPS,
                f"{names} all want port {port}: sendmail cannot open the second socket, greets no one "
                "while it retries and exits after about 50 seconds "
                "(add FEATURE(`no_default_msa') or remove the duplicate daemon)",
                accepts=frozenset({NO_GREETING, NOT_LISTENING}),
                broken=True,
            )
    return None
