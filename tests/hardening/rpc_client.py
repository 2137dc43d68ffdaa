"""A raw JSON-RPC client for the language server, built on benchmarks/lsp.py's.

Raw because the typed pytest-lsp client cannot send what an editor with a
bug, or a fuzzer, sends: unknown methods, params of the wrong type, frames
that are not JSON at all.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from queue import Empty
from typing import Any

_BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "lsp.py"
_spec = importlib.util.spec_from_file_location("mcparse_benchmark_lsp", _BENCHMARK)
assert _spec is not None and _spec.loader is not None
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)


class RawClient(_module.Client):  # type: ignore[misc,name-defined]
    """The benchmark's client plus full responses, raw frames and the server's memory."""

    def start(self) -> None:
        self.call("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        self.notify("initialized", {})

    def call(self, method: str, params: Any, timeout: float = 30.0) -> dict[str, Any]:
        """Send a request and return the whole response (``result`` or ``error``)."""
        self.next_id += 1
        number = self.next_id
        self.send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        return self.response(number, timeout)

    def response(self, number: int, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                _, message = self.messages.get(timeout=max(0.0, deadline - time.monotonic()))  # (arrival time, message)
            except Empty:
                raise TimeoutError(f"no answer to request {number}") from None
            if message.get("id") == number and "method" not in message:
                return message
            self._answer_server_request(message)

    def raw(self, body: bytes) -> None:
        """One frame with a correct length header around any bytes at all."""
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def alive(self) -> bool:
        return self.process.poll() is None
