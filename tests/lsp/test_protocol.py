"""Protocol hygiene over real stdio bytes: parse errors, requests before initialize,
shutdown/exit codes, the editor's process dying, broken headers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from raw_client import RawServer

HOVER = {"textDocument": {"uri": "file:///nowhere.mc"}, "position": {"line": 0, "character": 0}}


def framed(body: bytes, length: int) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % length + body


def test_bad_json_gets_parse_error_and_the_server_goes_on(server: RawServer) -> None:
    server.write(framed(b'{"jsonrpc": "2.0", "id": 1, "method": ', 37))
    reply = server.next_message()
    assert reply["error"]["code"] == -32700 and reply["id"] is None
    assert "capabilities" in server.initialize()["result"]


def test_json_that_is_not_a_message_gets_invalid_request(server: RawServer) -> None:
    server.write(framed(b"[1, 2]", 6))
    assert server.next_message()["error"]["code"] == -32600
    assert "result" in server.initialize()


def test_request_before_initialize_is_refused_without_a_traceback(server: RawServer) -> None:
    reply = server.request(7, "textDocument/hover", HOVER)
    assert reply["error"]["code"] == -32002
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {}})  # dropped quietly
    assert "result" in server.initialize()
    server.request(2, "shutdown")
    server.send({"jsonrpc": "2.0", "method": "exit"})
    assert server.wait() == 0
    assert b"Traceback" not in server.stderr, server.stderr.decode()


def test_shutdown_then_exit_exits_0(server: RawServer) -> None:
    server.initialize()
    reply = server.request(2, "shutdown")
    assert reply["result"] is None and "error" not in reply
    after = server.request(3, "textDocument/hover", HOVER)
    assert after["error"]["code"] == -32600  # only exit is accepted now
    server.send({"jsonrpc": "2.0", "method": "exit"})
    assert server.wait() == 0


def test_exit_without_shutdown_exits_1(server: RawServer) -> None:
    server.initialize()
    server.send({"jsonrpc": "2.0", "method": "exit"})
    assert server.wait() == 1


def test_end_of_input_ends_the_server(server: RawServer) -> None:
    server.initialize()
    assert server.process.stdin is not None
    server.process.stdin.close()
    assert server.wait() == 1


def test_server_exits_when_the_editor_process_dies() -> None:
    editor = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    server = RawServer(env={"MCPARSE_LSP_PARENT_POLL": "0.2"})
    try:
        server.initialize(process_id=editor.pid)
        assert server.request(2, "textDocument/hover", HOVER)["result"] is None
        editor.kill()
        editor.wait()
        assert server.wait(timeout=20) == 1
    finally:
        editor.kill()
        server.close()


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(framed(b'{"jsonrpc": "2.0", "method": "initialized", "params": {}}', 20), id="short-length"),
        pytest.param(b"this is not a header\r\n\r\n", id="garbage-header"),
        pytest.param(b"Content-Type: application/json\r\n\r\n{}", id="missing-length"),
        pytest.param(b"X-Junk: 1\r\ncontent-length:   2\r\nMore-Junk\r\n\r\n{}", id="odd-but-readable"),
    ],
)
def test_bad_header_never_wedges(server: RawServer, broken: bytes) -> None:
    server.write(broken)
    reply = server.initialize()
    assert "capabilities" in reply["result"], reply
    assert server.request(2, "textDocument/hover", HOVER)["result"] is None


def test_content_length_longer_than_the_body_recovers_at_the_next_message(server: RawServer) -> None:
    server.write(framed(b'{"jsonrpc": "2.0", "method": "initialized", "params": {}}', 120))
    reply = server.initialize()
    # The long frame swallowed the start of the initialize request: a parse error, then the
    # request read from where its own header begins.
    assert "capabilities" in reply["result"], reply
