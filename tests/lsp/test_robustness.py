"""Bad requests get an answer, not a crash: unknown documents, positions out of range, bad params."""

from __future__ import annotations

import json

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_support import SAMPLE, doc, open_and_wait, uri_for

pytestmark = pytest.mark.asyncio

FAR = types.Position(line=10_000, character=10_000)


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


async def test_malformed_params_get_an_error_and_the_server_lives_on(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    # Written by hand: the typed client cannot even express a hover without a position.
    body = json.dumps({"jsonrpc": "2.0", "id": 999, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}}})
    client.protocol.writer.write(f"Content-Length: {len(body)}\r\n\r\n{body}".encode())
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=types.Position(line=4, character=9))
    )
    assert result is not None and "linux" in result.contents.value


async def test_garbage_document_is_analysed(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    text = "`" * 50 + "FEATURE(" * 50 + ")')\x00\ud83d\ude00 dnl\r\n\rDAEMON_OPTIONS(`M=\n"
    found = await open_and_wait(client, uri, text)
    assert found  # broken quotes and calls are reported, nothing crashed
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert symbols is not None
