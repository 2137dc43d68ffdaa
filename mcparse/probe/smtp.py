"""The SMTP conversation: what one port of a live server actually does.

The probe behaves like an admin with telnet: EHLO, a few commands whose
answers show the server's policy, RSET between checks and QUIT at the end.
It never sends DATA, so no message is ever submitted, relayed or delivered.
Every socket operation is bounded by the caller's timeout, every reply by a
size limit, and the whole probe by a deadline: a server that answers EHLO
with endless ``250-`` lines, or trickles a byte now and then so that no
single read times out, is cut off instead of filling memory or holding the
probe for hours.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

from .expect import (
    ACCEPTED,
    AUTH_UNAVAILABLE,
    AUTH_REQUIRED,
    CHECK_AUTH_WITH_CREDENTIALS,
    CHECK_AUTH_WITHOUT_CREDENTIALS,
    CHECK_EHLO_AUTH,
    CHECK_EHLO_ETRN,
    CHECK_EHLO_EXPN,
    CHECK_EHLO_MECHANISMS,
    CHECK_EHLO_SIZE,
    CHECK_EHLO_STARTTLS,
    CHECK_ETRN,
    CHECK_LISTENER,
    CHECK_MAIL_WITH_AUTH,
    CHECK_MAIL_WITHOUT_AUTH,
    CHECK_RELAY_WITH_AUTH,
    CHECK_RELAY_WITHOUT_AUTH,
    CHECK_VRFY,
    FAILED,
    LISTENING,
    NO_GREETING,
    NOT_LISTENING,
    NOT_OFFERED,
    NOT_REACHED,
    OFFERED,
    REFUSED,
    REFUSED_OTHER,
    REFUSED_TEMPORARILY,
    RELAY_DENIED,
    SUCCEEDED,
    mechanism_text,
)

# Limits on one reply. RFC 5321 (4.5.3.1.5) allows 512 octets per reply
# line; sendmail's EHLO reply has about 15 lines. Far above anything real,
# far below anything that costs memory.
MAX_REPLY_LINE = 2048
MAX_REPLY_LINES = 100
MAX_REPLY_BYTES = 64 * 1024

# A domain that can never be the server's own (RFC 2606), for the relay test.
DEFAULT_RELAY_TO = "mcparse-probe@relay-test.invalid"
DEFAULT_HELO = "mcparse-probe.invalid"


@dataclass(frozen=True)
class Observed:
    """What the server did for one check, and the reply that shows it."""

    value: str
    reply: str = ""


@dataclass
class PortObservation:
    port: int
    client_address: Optional[str] = None
    banner: str = ""
    error: Optional[str] = None  # why the conversation stopped early, if it did
    checks: dict[str, Observed] = field(default_factory=dict)


@dataclass(frozen=True)
class ProbeOptions:
    timeout: float = 10.0
    starttls: bool = False
    implicit_tls: bool = False
    user: Optional[str] = None
    password: Optional[str] = None
    source_address: Optional[str] = None
    helo: str = DEFAULT_HELO
    mail_from: str = ""  # the null sender needs no DNS lookup on the server
    relay_to: str = DEFAULT_RELAY_TO
    verify_tls: bool = True
    # time.monotonic() by which the whole probe must be over (None: no deadline).
    deadline: Optional[float] = None


class _Lost(Exception):
    """The server went away or stopped answering in time."""


class ReplyTooLarge(smtplib.SMTPServerDisconnected):
    """The server's reply broke a size limit; the connection was closed."""


class _BoundedReplies:
    """smtplib's reply reader with limits on the lines and bytes of one reply.

    smtplib caps each line but collects continuation lines without end, so
    an endless ``250-`` reply grows memory until the process dies.
    """

    sock: Optional[socket.socket]
    file: "Optional[object]"

    def getreply(self) -> tuple[int, bytes]:
        if self.file is None:
            assert self.sock is not None
            self.file = self.sock.makefile("rb")
        lines: list[bytes] = []
        total = 0
        while True:
            try:
                line = self.file.readline(MAX_REPLY_LINE + 1)  # type: ignore[attr-defined]
            except OSError as error:
                self.close()  # type: ignore[attr-defined]
                raise smtplib.SMTPServerDisconnected(f"Connection unexpectedly closed: {error}") from None
            if not line:
                self.close()  # type: ignore[attr-defined]
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            total += len(line)
            if len(line) > MAX_REPLY_LINE:
                self._too_large(f"a reply line longer than {MAX_REPLY_LINE} bytes")
            if len(lines) >= MAX_REPLY_LINES:
                self._too_large(f"a reply of more than {MAX_REPLY_LINES} lines")
            if total > MAX_REPLY_BYTES:
                self._too_large(f"a reply of more than {MAX_REPLY_BYTES} bytes")
            lines.append(line[4:].strip(b" \t\r\n"))
            try:
                code = int(line[:3])
            except ValueError:
                return -1, b"\n".join(lines)
            if line[3:4] != b"-":
                return code, b"\n".join(lines)

    def _too_large(self, what: str) -> None:
        self.close()  # type: ignore[attr-defined]
        raise ReplyTooLarge(f"the server sent {what}; the probe stopped reading")


class _SMTP(_BoundedReplies, smtplib.SMTP):
    pass


class _SMTPOverTLS(_BoundedReplies, smtplib.SMTP_SSL):
    pass


class _Watchdog:
    """Cuts the connection when the probe's deadline passes.

    Per-operation timeouts cannot stop a server that sends one byte just
    before each would expire; shutting the socket down from a timer ends
    whatever read is under way, wherever in smtplib it is.
    """

    def __init__(self, client: smtplib.SMTP, deadline: Optional[float]) -> None:
        self.client = client
        self.expired = False
        self._timer: Optional[threading.Timer] = None
        if deadline is not None:
            self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._expire)
            self._timer.daemon = True
            self._timer.start()

    def _expire(self) -> None:
        self.expired = True
        sock = self.client.sock
        if sock is not None:
            try:
                # The plain socket's shutdown, also for TLS: it only touches
                # the descriptor, so a read in the other thread ends cleanly.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _reply_text(code: int, message: "bytes | str") -> str:
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    first = message.splitlines()[0] if message else ""
    return f"{code} {first}".strip()


def _tls_context(verify: bool) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not verify:
        # A probe of a test server with a self-signed certificate; the user asked for it.
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class _Conversation:
    """smtplib with every reply captured and every failure turned into _Lost."""

    def __init__(self, client: smtplib.SMTP) -> None:
        self.client = client

    def command(self, line: str) -> tuple[int, str]:
        try:
            code, message = self.client.docmd(line)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            raise _Lost(f"connection lost after {line.split()[0]}: {error or 'closed'}") from error
        return code, _reply_text(code, message)

    def ehlo(self, name: str) -> tuple[int, str]:
        try:
            code, message = self.client.ehlo(name)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            raise _Lost(f"connection lost after EHLO: {error or 'closed'}") from error
        return code, _reply_text(code, message)


def _connect(host: str, port: int, options: ProbeOptions) -> smtplib.SMTP:
    source = (options.source_address, 0) if options.source_address else None
    # No single operation may outlast the deadline either (the connect
    # itself runs before the watchdog has a socket to cut).
    timeout = options.timeout if options.deadline is None else max(
        0.01, min(options.timeout, options.deadline - time.monotonic())
    )
    if options.implicit_tls:
        client: smtplib.SMTP = _SMTPOverTLS(
            timeout=timeout, source_address=source, context=_tls_context(options.verify_tls)
        )
    else:
        client = _SMTP(timeout=timeout, source_address=source)
    # smtplib takes the TLS server name from _host, which only its constructor
    # sets; the constructor cannot be used because it hides the banner reply.
    client._host = host
    return client


def _ehlo_checks(client: smtplib.SMTP, found: dict[str, Observed], reply: str) -> list[str]:
    features = client.esmtp_features

    def offered(keyword: str) -> Observed:
        return Observed(OFFERED if keyword in features else NOT_OFFERED, reply)

    found[CHECK_EHLO_AUTH] = offered("auth")
    mechanisms = features.get("auth", "").split()
    found[CHECK_EHLO_MECHANISMS] = Observed(mechanism_text(mechanisms), reply)
    found[CHECK_EHLO_ETRN] = offered("etrn")
    found[CHECK_EHLO_EXPN] = offered("expn")
    size = features.get("size")
    if size is None:
        found[CHECK_EHLO_SIZE] = Observed(NOT_OFFERED, reply)
    elif size.strip().isdigit() and int(size) > 0:
        found[CHECK_EHLO_SIZE] = Observed(f"{OFFERED} ({int(size)} bytes)", reply)
    else:
        found[CHECK_EHLO_SIZE] = Observed(OFFERED, reply)
    return mechanisms


def _vrfy(talk: _Conversation) -> Observed:
    code, reply = talk.command("VRFY postmaster")
    # 250/251 verify, 550/551/553 say "no such user": either way VRFY works.
    # 252 ("cannot VRFY") and 502 are how sendmail turns it off.
    return Observed(ACCEPTED if code in (250, 251, 550, 551, 553) else REFUSED, reply)


def _auth_without_credentials(talk: _Conversation, mechanisms: list[str]) -> Observed:
    # Start an exchange and abandon it: shows whether AUTH is available without
    # sending anything that could count as a password guess.
    mechanism = "PLAIN" if not mechanisms or "PLAIN" in (m.upper() for m in mechanisms) else mechanisms[0]
    code, reply = talk.command(f"AUTH {mechanism}")
    if code == 334:
        talk.command("*")
        return Observed(ACCEPTED, reply)
    return Observed(AUTH_UNAVAILABLE if code == 503 else REFUSED, reply)


def _etrn(talk: _Conversation, relay_to: str) -> Observed:
    domain = relay_to.rpartition("@")[2] or "relay-test.invalid"
    code, reply = talk.command(f"ETRN {domain}")
    # 458/459: the command is there, it just has nothing for that node.
    return Observed(ACCEPTED if 200 <= code < 300 or code in (458, 459) else REFUSED, reply)


def _mail(talk: _Conversation, sender: str) -> Observed:
    code, reply = talk.command(f"MAIL FROM:<{sender}>")
    if 200 <= code < 300:
        return Observed(ACCEPTED, reply)
    if code == 530:
        return Observed(AUTH_REQUIRED, reply)
    return Observed(REFUSED_OTHER, reply)


def _rcpt(talk: _Conversation, recipient: str) -> Observed:
    code, reply = talk.command(f"RCPT TO:<{recipient}>")
    if 200 <= code < 300:
        return Observed(ACCEPTED, reply)
    if 400 <= code < 500:
        return Observed(REFUSED_TEMPORARILY, reply)
    return Observed(RELAY_DENIED if code == 550 else REFUSED, reply)


def _transaction(talk: _Conversation, options: ProbeOptions, mail_check: str, relay_check: str,
                 found: dict[str, Observed]) -> None:
    mail = _mail(talk, options.mail_from)
    found[mail_check] = mail
    if mail.value == ACCEPTED:
        found[relay_check] = _rcpt(talk, options.relay_to)
    else:
        found[relay_check] = Observed(NOT_REACHED, mail.reply)
    # RSET, never DATA: nothing is ever queued.
    talk.command("RSET")


def _authenticate(client: smtplib.SMTP, talk: _Conversation, mechanisms: list[str], user: str,
                  password: str) -> Observed:
    upper = [m.upper() for m in mechanisms]
    mechanism = "PLAIN" if "PLAIN" in upper else "LOGIN" if "LOGIN" in upper else None
    if mechanism is None:
        return Observed(FAILED, f"neither PLAIN nor LOGIN offered (offered: {' '.join(mechanisms) or 'none'})")
    client.user, client.password = user, password
    handler: Callable[..., str] = client.auth_plain if mechanism == "PLAIN" else client.auth_login
    try:
        code, message = client.auth(mechanism, handler)
    except smtplib.SMTPAuthenticationError as error:
        return Observed(FAILED, _reply_text(error.smtp_code, error.smtp_error))
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        raise _Lost(f"connection lost during AUTH: {error or 'closed'}") from error
    except smtplib.SMTPException as error:
        return Observed(FAILED, str(error))
    return Observed(SUCCEEDED if code == 235 else FAILED, _reply_text(code, message))


def observe_port(host: str, port: int, options: ProbeOptions) -> PortObservation:
    """Talk to one port and record what it does; never raises for network trouble."""
    seen = PortObservation(port=port)
    if options.deadline is not None and time.monotonic() >= options.deadline:
        seen.error = "not probed: the probe's overall deadline had passed"
        return seen
    client = _connect(host, port, options)
    watchdog = _Watchdog(client, options.deadline)
    try:
        _observe(client, host, port, options, seen)
    finally:
        watchdog.stop()
    if watchdog.expired:
        # Whatever the cut connection looked like to smtplib, the reason is the deadline.
        seen.error = "stopped: the probe's overall deadline passed during this port"
        if CHECK_LISTENER not in seen.checks:
            seen.checks[CHECK_LISTENER] = Observed(NO_GREETING, seen.error)
    return seen


def _observe(client: smtplib.SMTP, host: str, port: int, options: ProbeOptions, seen: PortObservation) -> None:
    try:
        try:
            code, banner = client.connect(host, port)
        except ReplyTooLarge as error:
            seen.error = str(error)
            seen.checks[CHECK_LISTENER] = Observed(NO_GREETING, seen.error)
            return
        except ConnectionRefusedError:
            seen.error = "connection refused"
            seen.checks[CHECK_LISTENER] = Observed(NOT_LISTENING, "connection refused")
            return
        except (socket.timeout, TimeoutError, smtplib.SMTPServerDisconnected):
            # The kernel may accept the connection for a daemon that never
            # greets (one stuck retrying a socket it cannot open); smtplib
            # reports that as a timeout or as a closed connection.
            seen.error = f"connected, but no greeting within {options.timeout:g} s"
            seen.checks[CHECK_LISTENER] = Observed(NO_GREETING, seen.error)
            return
        except (OSError, smtplib.SMTPException, ssl.SSLError) as error:
            seen.error = f"cannot connect: {error}"
            seen.checks[CHECK_LISTENER] = Observed(NOT_LISTENING, seen.error)
            return
        seen.banner = _reply_text(code, banner)
        seen.checks[CHECK_LISTENER] = Observed(LISTENING, seen.banner)
        try:
            seen.client_address = client.sock.getsockname()[0] if client.sock else None
        except OSError:
            seen.client_address = None
        if code != 220:
            seen.error = f"server refused the session: {seen.banner}"
            return
        _converse(client, seen, options)
    except _Lost as lost:
        seen.error = str(lost)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


def _converse(client: smtplib.SMTP, seen: PortObservation, options: ProbeOptions) -> None:
    talk = _Conversation(client)
    code, reply = talk.ehlo(options.helo)
    if code != 250:
        raise _Lost(f"EHLO refused: {reply}")
    found = seen.checks
    found[CHECK_EHLO_STARTTLS] = Observed(OFFERED if "starttls" in client.esmtp_features else NOT_OFFERED, reply)
    if options.starttls and "starttls" in client.esmtp_features:
        try:
            client.starttls(context=_tls_context(options.verify_tls))
        except (smtplib.SMTPException, ssl.SSLError, OSError) as error:
            raise _Lost(f"STARTTLS failed: {error}") from error
        code, reply = talk.ehlo(options.helo)
        if code != 250:
            raise _Lost(f"EHLO after STARTTLS refused: {reply}")
    mechanisms = _ehlo_checks(client, found, reply)
    found[CHECK_VRFY] = _vrfy(talk)
    found[CHECK_AUTH_WITHOUT_CREDENTIALS] = _auth_without_credentials(talk, mechanisms)
    found[CHECK_ETRN] = _etrn(talk, options.relay_to)
    _transaction(talk, options, CHECK_MAIL_WITHOUT_AUTH, CHECK_RELAY_WITHOUT_AUTH, found)
    if options.user is None or options.password is None:
        return
    if "auth" not in client.esmtp_features:
        found[CHECK_AUTH_WITH_CREDENTIALS] = Observed(NOT_OFFERED, reply)
        return
    authenticated = _authenticate(client, talk, mechanisms, options.user, options.password)
    found[CHECK_AUTH_WITH_CREDENTIALS] = authenticated
    if authenticated.value == SUCCEEDED:
        _transaction(talk, options, CHECK_MAIL_WITH_AUTH, CHECK_RELAY_WITH_AUTH, found)
