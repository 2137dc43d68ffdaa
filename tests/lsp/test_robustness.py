"""Bad requests get an answer, not a crash: unknown documents, positions out of range, bad params,
a handler that raises."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any, AsyncIterator

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcInternalError, JsonRpcInvalidParams
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp_support import SAMPLE, doc, make_client, open_and_wait, push_capabilities, uri_for
from raising_server import RAISE_COMMAND

pytestmark = pytest.mark.asyncio

FAR = types.Position(line=10_000, character=10_000)
RAISING_SERVER = ClientServerConfig(
    server_command=[sys.executable, str(Path(__file__).with_name("raising_server.py"))], client_factory=make_client
)


@pytest_lsp.fixture(config=RAISING_SERVER)
async def raising_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """The real server with one extra command whose handler raises (see raising_server.py)."""
    await lsp_client.initialize_session(types.InitializeParams(capabilities=push_capabilities()))
    yield
    await lsp_client.shutdown_session()


async def hover_linux(client: LanguageClient, uri: str) -> str:
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=types.Position(line=4, character=9))
    )
    assert result is not None
    return result.contents.value


async def test_unknown_document(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path, "never-opened.mc")
    assert await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=FAR)) is None
    assert await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri))) is None
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=doc(uri)))
    assert list(report.items) == []


async def test_positions_out_of_range(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    assert await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=FAR)) is None
    completion = await client.text_document_completion_async(types.CompletionParams(text_document=doc(uri), position=FAR))
    assert completion is not None
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=doc(uri), range=types.Range(start=FAR, end=types.Position(line=0, character=0)))
    )
    assert hints is not None and len(hints) == 3  # a reversed range is read as the whole text


async def test_malformed_params_get_an_error_and_the_server_lives_on(
    client: LanguageClient, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    # The client sent id 999 behind its own back, so it would drop the reply as unknown:
    # catch it on the way in.
    reply: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    handle_message = client.protocol.handle_message

    def watch(message: Any) -> None:
        if getattr(message, "id", None) == 999 and not reply.done():
            reply.set_result(message)
        handle_message(message)

    monkeypatch.setattr(client.protocol, "handle_message", watch)
    # Written by hand: the typed client cannot even express a hover without a position.
    body = json.dumps({"jsonrpc": "2.0", "id": 999, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}}})
    client.protocol.writer.write(f"Content-Length: {len(body)}\r\n\r\n{body}".encode())
    answer = await asyncio.wait_for(reply, 20)
    assert getattr(answer, "error", None) is not None, answer  # an error response, not a result
    assert answer.error.code == JsonRpcInvalidParams.CODE
    assert "linux" in await hover_linux(client, uri)


async def test_raising_handler_gets_an_error_reply_and_the_server_lives_on(raising_client: LanguageClient, tmp_path) -> None:
    client = raising_client
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    with pytest.raises(JsonRpcInternalError) as raised:
        await client.workspace_execute_command_async(types.ExecuteCommandParams(command=RAISE_COMMAND))
    assert "raised on purpose" in raised.value.message
    assert "linux" in await hover_linux(client, uri)
    with pytest.raises(JsonRpcInternalError):  # and again: the failure left nothing broken behind
        await client.workspace_execute_command_async(types.ExecuteCommandParams(command=RAISE_COMMAND))


async def test_garbage_document_is_analysed(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    text = "`" * 50 + "FEATURE(" * 50 + ")')\x00\ud83d\ude00 dnl\r\n\rDAEMON_OPTIONS(`M=\n"
    found = await open_and_wait(client, uri, text)
    assert found  # broken quotes and calls are reported, nothing crashed
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert symbols is not None
