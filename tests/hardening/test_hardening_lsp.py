"""The language server survives garbage: 1,000 random and malformed requests and
10,000 rapid edits leave it alive, answering correctly, with flat memory."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Iterator

import pytest
from rpc_client import RawClient

SAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "submission-split.mc").read_text()
URI = "file:///tmp/mcparse-hardening/sendmail.mc"
# Allowed growth of the server's resident memory over the whole run.
RSS_GROWTH_KB = 40 * 1024

METHODS = [
    "textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/references",
    "textDocument/documentSymbol", "textDocument/codeAction", "textDocument/semanticTokens/full",
    "textDocument/inlayHint", "textDocument/signatureHelp", "textDocument/foldingRange",
    "textDocument/documentLink", "textDocument/rename", "textDocument/prepareRename", "textDocument/diagnostic",
    "textDocument/formatting", "workspace/symbol", "workspace/executeCommand", "completionItem/resolve",
    "codeAction/resolve", "$/cancelRequest", "textDocument/noSuchThing", "mcparse/unknown", "", "initialize",
]
NOTIFICATIONS = ["textDocument/didOpen", "textDocument/didChange", "textDocument/didClose", "textDocument/didSave",
                 "workspace/didChangeConfiguration", "$/setTrace", "$/cancelRequest", "mystery/notification"]
RAW_FRAMES = [b"{", b"not json at all", b"[]", b"42", b"null", b'"text"', b'{"jsonrpc": "2.0"}',
              b'{"jsonrpc": "2.0", "id": {"a": 1}, "method": "textDocument/hover"}', b"\xff\xfe\x00",
              b'{"jsonrpc": "1.0", "id": 1, "method": 5}', b'{"id": null, "method": "shutdown"}']


def _junk(rng: random.Random) -> Any:
    """A value of some wrong (or accidentally right) shape."""
    far = rng.choice([-1, 0, 3, 10_000, 2**31, 2**53, -(2**40)])
    position = {"line": far, "character": rng.choice([far, 0, -5, "x", None])}
    uri = rng.choice([URI, "file:///never/opened.mc", "untitled:x", "", "http://example.invalid/a.mc", 5, None])
    return rng.choice([
        None, [], 42, "text", True, {}, {"textDocument": 5}, {"textDocument": {"uri": uri}},
        {"textDocument": {"uri": uri}, "position": position},
        {"textDocument": {"uri": uri}, "range": {"start": position, "end": {"line": 0, "character": 0}}},
        {"textDocument": {"uri": uri}, "range": {"start": position, "end": position}, "context": {"diagnostics": 5}},
        {"textDocument": {"uri": uri, "version": "v", "text": 12}, "contentChanges": [{"text": None}]},
        {"textDocument": {"uri": uri, "languageId": "sendmail-mc", "version": 1, "text": "FEATURE(`" * 50}},
        {"query": rng.choice(["", "a" * 10_000, None])}, {"command": "mcparse.nope", "arguments": [1, {}]},
        {"settings": {"mcparse": {"select": 5, "cfDir": ["x"]}}}, {"id": rng.randint(-5, 2000)},
    ])


@pytest.fixture
def server() -> Iterator[RawClient]:
    client = RawClient()
    try:
        client.start()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "sendmail-mc", "version": 1,
                                                                "text": SAMPLE}})
        client.wait_diagnostics(URI, 1)
        yield client
    finally:
        if client.alive():
            client.close()
        if client.alive():
            client.process.kill()


def _hover_works(client: RawClient, *, on_sample: bool = True) -> None:
    """A hover is answered; on the unedited sample it also explains the FEATURE
    (after random edits the line may hold anything, so only the answer counts)."""
    line = next(n for n, text in enumerate(SAMPLE.splitlines()) if text.startswith("FEATURE(`"))
    answer = client.call("textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": line, "character": 10}})
    assert "error" not in answer and "result" in answer, answer
    if on_sample:
        assert answer["result"] is not None, answer


def test_a_thousand_malformed_requests(server: RawClient) -> None:
    rng = random.Random(8)
    _hover_works(server)
    before = server.rss_kb()
    answered = 0
    for _ in range(1_000):
        kind = rng.random()
        if kind < 0.6:
            method = rng.choice(METHODS + [f"random/{rng.randint(0, 99)}"])
            if method in ("initialize",):
                continue
            answer = server.call(method, _junk(rng))
            assert "result" in answer or "error" in answer
            answered += 1
        elif kind < 0.9:
            method = rng.choice(NOTIFICATIONS)
            params = _junk(rng)
            if method == "textDocument/didOpen" and isinstance(params, dict) and params.get("textDocument", {}) == {"uri": URI}:
                continue  # do not replace the document the last check reads
            server.notify(method, params)
        else:
            server.raw(rng.choice(RAW_FRAMES))
    assert server.alive() and answered > 400
    # The junk may have closed or rewritten the document: open it afresh.
    server.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
    server.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "sendmail-mc", "version": 99_999,
                                                            "text": SAMPLE}})
    server.wait_diagnostics(URI, 99_999)
    _hover_works(server)
    assert server.rss_kb() - before < RSS_GROWTH_KB


def _edit(rng: random.Random, lines: int, version: int) -> dict[str, Any]:
    line = rng.randrange(lines)
    piece = rng.choice(["x", "`", "'", "(", ")", ",", "dnl ", "#", "FEATURE(", "\n"])
    position = {"line": line, "character": rng.randrange(40)}
    return {"textDocument": {"uri": URI, "version": version},
            "contentChanges": [{"range": {"start": position, "end": position}, "text": piece}]}


def test_ten_thousand_rapid_edits(server: RawClient) -> None:
    rng = random.Random(10)
    lines = SAMPLE.count("\n")
    for version in range(2, 502):  # warm up: caches and the interpreter's arenas fill
        server.notify("textDocument/didChange", _edit(rng, lines, version))
    _hover_works(server, on_sample=False)
    before = server.rss_kb()
    last = 10_502
    for version in range(502, last):
        server.notify("textDocument/didChange", _edit(rng, lines, version))
    # Back to the original text: the diagnostics must be those of the original.
    final = last + 1
    server.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": final},
                                             "contentChanges": [{"text": SAMPLE}]})
    server.wait_diagnostics(URI, final, timeout=60)
    assert server.alive()
    _hover_works(server)
    symbols = server.call("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
    assert symbols.get("result"), symbols
    assert server.rss_kb() - before < RSS_GROWTH_KB


def test_the_raw_frames_are_really_malformed() -> None:
    for frame in RAW_FRAMES:
        try:
            message = json.loads(frame)
        except ValueError:
            continue
        assert not (isinstance(message, dict) and message.get("jsonrpc") == "2.0" and isinstance(message.get("method"), str)
                    and isinstance(message.get("id"), (int, str))), frame


def test_a_request_with_params_of_the_wrong_shape_gets_an_error_response(server: RawClient) -> None:
    """pygls only logs such a request; lsp/server.py's AnsweringProtocol answers it."""
    answer = server.call("textDocument/hover", {"textDocument": 5}, timeout=10)
    assert answer["error"]["code"] == -32602
    _hover_works(server)
