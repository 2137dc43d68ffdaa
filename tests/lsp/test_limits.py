"""Work the server refuses or stops: documents over ``maxFileSize``, and analyses
whose document changed or closed."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from mcparse_lsp.cancellable import CancellableWork
from raw_client import RawServer

URI = "file:///tmp/mcparse-tests/big%20one.mc"



def publications(server: RawServer, count: int) -> list[dict[str, Any]]:
    """The next ``count`` publishDiagnostics and showMessage notifications, in order."""
    seen = []
    while len(seen) < count:
        message = server.next_message()
        if message.get("method") in ("textDocument/publishDiagnostics", "window/showMessage"):
            seen.append(message)
    return seen


def test_a_document_over_the_limit_is_refused_with_a_clear_message(server: RawServer) -> None:
    server.initialize(options={"mcparse": {"maxFileSize": 1000}})
    text = "dnl a line of a large file\n" * 200  # 5,400 bytes
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": URI, "languageId": "sendmail-mc", "version": 1, "text": text}}})
    shown, published = sorted(publications(server, 2), key=lambda message: message["method"] != "window/showMessage")
    assert "big one.mc is not checked" in shown["params"]["message"]
    assert "mcparse.maxFileSize" in shown["params"]["message"]
    diagnostics = published["params"]["diagnostics"]
    assert len(diagnostics) == 1 and "maxFileSize" in diagnostics[0]["message"]
    hover = server.request(5, "textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 1}})
    assert hover["result"] is None

    # Cut below the limit: analysed as usual, and no second warning.
    server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "FEATURE(`nouucp'\n"}]}})
    (published,) = publications(server, 1)
    assert published["method"] == "textDocument/publishDiagnostics"
    assert any(item["code"] == "MC002" for item in published["params"]["diagnostics"])


def test_cancelled_work_stops_its_thread() -> None:
    started = threading.Event()

    def spin() -> str:
        started.set()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            pass
        return "finished"

    async def run() -> None:
        work = CancellableWork(spin)
        started.wait(10)
        work.cancel()
        with pytest.raises(asyncio.CancelledError):
            await work.future
        work._thread.join(10)
        assert not work._thread.is_alive()
        assert await CancellableWork(lambda: 42).future == 42

    asyncio.run(run())
