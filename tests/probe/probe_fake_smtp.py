"""A tiny scripted SMTP server on 127.0.0.1 for the probe's unit tests.

It plays a sendmail-like policy (AUTH on or off, AUTH required for MAIL,
ETRN refused, relaying refused) and records every command it receives, so a
test can also check what the probe sends (never DATA, RSET between checks).
"""

from __future__ import annotations

import base64
import socket
import socketserver
import threading
from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass
class Policy:
    auth_mechanisms: tuple[str, ...] = ()  # empty: no AUTH offered (modifier A)
    require_auth: bool = False  # modifier a
    etrn: bool = True  # False: modifier E
    expn: bool = True
    vrfy: bool = True
    relay_allowed: bool = False
    starttls: bool = False
    size: Optional[int] = None
    users: dict[str, str] = field(default_factory=dict)
    greet: bool = True  # False: accept the connection and never say a word
    auth_refusal: str = "503 5.3.3 AUTH not available"  # the reply to AUTH when none is offered
    # Misbehaving servers for the probe's limits:
    ehlo_flood: bool = False  # answer EHLO with `250-` lines until the client hangs up
    trickle_every: Optional[float] = None  # greet one byte at a time, this many seconds apart, forever


class FakeSMTP:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.commands: list[str] = []
        self.peers: list[str] = []
        self.bytes_sent = 0  # by the flood and the trickle
        self.stopped = threading.Event()
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 10

            def handle(self) -> None:
                fake.peers.append(self.client_address[0])
                if not fake.policy.greet:
                    self.rfile.readline()  # wait for the client to give up
                    return
                try:
                    if fake.policy.trickle_every is not None:
                        fake._trickle(self, fake.policy.trickle_every)
                        return
                    fake._session(self)
                except OSError:
                    return  # the client cut the connection: what the limits are for

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeSMTP":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.server.shutdown()
        self.server.server_close()

    def _trickle(self, handler: socketserver.StreamRequestHandler, every: float) -> None:
        # Each byte comes well within any per-read timeout; the line never ends.
        while not self.stopped.is_set():
            handler.wfile.write(b"2" if not self.bytes_sent else b"0")
            handler.wfile.flush()
            self.bytes_sent += 1
            self.stopped.wait(every)

    def _flood(self, send: "Callable[[str], None]") -> None:
        while not self.stopped.is_set():
            send("250-" + "X" * 70)
            self.bytes_sent += 76

    def _session(self, handler: socketserver.StreamRequestHandler) -> None:
        policy = self.policy
        state = {"authed": False, "mail": False}

        def send(line: str) -> None:
            handler.wfile.write(line.encode() + b"\r\n")
            handler.wfile.flush()

        def read() -> Optional[str]:
            raw = handler.rfile.readline()
            if not raw:
                return None
            text = raw.decode().rstrip("\r\n")
            self.commands.append(text)
            return text

        send("220 fake.test.example ESMTP fake")
        while True:
            line = read()
            if line is None:
                return
            verb = line.split(" ", 1)[0].upper()
            argument = line[len(verb):].strip()
            if verb in ("EHLO", "HELO") and policy.ehlo_flood:
                self._flood(send)
                return
            if verb in ("EHLO", "HELO"):
                keywords = ["fake.test.example Hello", "PIPELINING", "8BITMIME"]
                if policy.expn:
                    keywords.append("EXPN")
                keywords.append(f"SIZE {policy.size}" if policy.size else "SIZE")
                if policy.etrn:
                    keywords.append("ETRN")
                if policy.auth_mechanisms:
                    keywords.append("AUTH " + " ".join(policy.auth_mechanisms))
                if policy.starttls:
                    keywords.append("STARTTLS")
                for keyword in keywords[:-1]:
                    send("250-" + keyword)
                send("250 " + keywords[-1])
            elif verb == "VRFY":
                send("250 2.1.5 <postmaster@fake>" if policy.vrfy else "252 2.5.2 Cannot VRFY user")
            elif verb == "AUTH":
                if not policy.auth_mechanisms:
                    send(policy.auth_refusal)
                    continue
                parts = argument.split()
                if len(parts) == 1:
                    send("334 ")
                    response = read()
                    if response == "*":
                        send("501 5.0.0 AUTH aborted")
                        continue
                    parts.append(response or "")
                decoded = base64.b64decode(parts[1] or "").split(b"\0")
                user, password = decoded[1].decode(), decoded[2].decode()
                if policy.users.get(user) == password:
                    state["authed"] = True
                    send("235 2.0.0 OK Authenticated")
                else:
                    send("535 5.7.0 authentication failed")
            elif verb == "ETRN":
                send("250 2.0.0 Queuing started" if policy.etrn else "502 5.7.0 Sorry, we do not allow this operation")
            elif verb == "MAIL":
                if policy.require_auth and not state["authed"]:
                    send("530 5.7.0 Authentication required")
                else:
                    state["mail"] = True
                    send("250 2.1.0 Sender ok")
            elif verb == "RCPT":
                if not state["mail"]:
                    send("503 5.0.0 Need MAIL before RCPT")
                elif policy.relay_allowed or state["authed"]:
                    send("250 2.1.5 Recipient ok")
                else:
                    send("550 5.7.1 Relaying denied")
            elif verb == "RSET":
                state["mail"] = False
                send("250 2.0.0 Reset state")
            elif verb == "DATA":
                send("354 go ahead")  # the probe must never get here
            elif verb == "QUIT":
                send("221 2.0.0 closing connection")
                return
            else:
                send("500 5.5.1 Command unrecognized")


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
