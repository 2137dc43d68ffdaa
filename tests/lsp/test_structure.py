"""Document symbols, folding ranges, document links and semantic tokens."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_support import SAMPLE, doc, open_and_wait, uri_for

pytestmark = pytest.mark.asyncio


async def test_document_symbols_outline(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    outline = [(symbol.name, symbol.kind) for symbol in symbols]
    assert outline == [
        ("linux", types.SymbolKind.Namespace),
        ("generic", types.SymbolKind.Namespace),
        ("confLOG_LEVEL", types.SymbolKind.Constant),
        ("MY_RELAY", types.SymbolKind.Constant),
        ("SMART_HOST", types.SymbolKind.Constant),
        ("access_db", types.SymbolKind.Module),
        ("daemon MTA", types.SymbolKind.Event),
        ("daemon MSA", types.SymbolKind.Event),
        ("local", types.SymbolKind.Class),
        ("smtp", types.SymbolKind.Class),
        ("LOCAL_CONFIG", types.SymbolKind.Struct),
    ]
    local = symbols[-1]
    assert (local.range.start.line, local.range.end.line) == (14, 16)


async def test_folding_ranges(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc(uri)))
    spans = {(fold.start_line, fold.end_line, fold.kind) for fold in folds}
    assert (14, 16, types.FoldingRangeKind.Region) in spans  # LOCAL_CONFIG
    assert (1, 2, types.FoldingRangeKind.Comment) in spans  # the two dnl comment lines


async def test_document_links_with_cf_dir(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=doc(uri)))
    targets = {link.target.rsplit("/cf/", 1)[-1] for link in links}
    assert {"ostype/linux.m4", "feature/access_db.m4", "mailer/smtp.m4"} <= targets
    ostype = next(link for link in links if link.target.endswith("ostype/linux.m4"))
    assert ostype.range == types.Range(start=types.Position(line=4, character=8), end=types.Position(line=4, character=13))


def decode(data: list[int], legend: list[str]) -> list[tuple[int, int, int, str]]:
    tokens, line, start = [], 0, 0
    for index in range(0, len(data), 5):
        delta_line, delta_start, length, kind, _ = data[index : index + 5]
        line += delta_line
        start = start + delta_start if delta_line == 0 else delta_start
        tokens.append((line, start, length, legend[kind]))
    return tokens


async def test_semantic_tokens(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    tokens = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    legend = ["macro", "function", "variable", "string", "comment", "number"]
    decoded = decode(list(tokens.data), legend)
    assert (4, 0, 6, "macro") in decoded  # OSTYPE
    assert (4, 7, 7, "string") in decoded  # `linux'
    assert (1, 0, 18, "comment") in decoded  # dnl My mail server
    assert (6, 8, 13, "variable") in decoded  # confLOG_LEVEL inside its quotes
    assert (16, 11, 8, "variable") in decoded  # MY_RELAY used in LOCAL_CONFIG
