"""A bare JSON-RPC client over the real server's stdio, for tests that must send
bytes no well-behaved client library would (broken headers, bad JSON) and
watch the process itself (exit codes, stderr)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from queue import Empty, Queue
from typing import Any, Optional

TIMEOUT = 20.0


class RawServer:
    """``python -m mcparse_lsp`` in a subprocess; messages it sends arrive in a queue."""

    def __init__(self, env: Optional[dict[str, str]] = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mcparse_lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env={**os.environ, **(env or {})},
        )
        self.messages: "Queue[dict[str, Any]]" = Queue()
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.messages.put(json.loads(stream.read(length)))

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr += line

    def write(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def next_message(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        return self.messages.get(timeout=timeout)

    def response(self, msg_id: Any, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The response to ``msg_id`` (answering or skipping what the server sends meanwhile)."""
        while True:
            message = self.next_message(timeout)
            if "method" in message:
                if "id" in message:  # a request of the server's: answer plainly
                    items = message.get("params", {}).get("items", [])
                    result = [None] * len(items) if message["method"] == "workspace/configuration" else None
                    self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
                continue
            if message.get("id") == msg_id:
                return message

    def request(self, msg_id: int, method: str, params: Any = None) -> dict[str, Any]:
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return self.response(msg_id)

    def initialize(self, process_id: Optional[int] = None, options: Any = None) -> dict[str, Any]:
        reply = self.request(1, "initialize", {"processId": process_id, "rootUri": None, "capabilities": {},
                                               "initializationOptions": options})
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        return reply

    def wait(self, timeout: float = TIMEOUT) -> int:
        return self.process.wait(timeout=timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass

    def no_message(self, timeout: float = 0.5) -> bool:
        """True when nothing arrives for ``timeout`` seconds."""
        try:
            self.messages.get(timeout=timeout)
        except Empty:
            return True
        return False
