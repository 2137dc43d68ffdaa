"""Go to definition, find references and rename for macros the file defines."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from lsp_support import SAMPLE, doc, open_and_wait, position_of, uri_for

pytestmark = pytest.mark.asyncio


def spots(locations: list[types.Location]) -> list[tuple[int, int]]:
    return sorted((location.range.start.line, location.range.start.character) for location in locations)


async def test_definition_of_a_use_inside_quotes(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    use = position_of(SAMPLE, "`MY_RELAY')", 3)  # the use inside SMART_HOST's value
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=use))
    assert spots(found) == [(7, 8)]
    assert found[0].range.end.character == 16


async def test_references_include_quoted_and_bare_uses(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    found = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc(uri), position=position_of(SAMPLE, "MY_RELAY", 2),
                              context=types.ReferenceContext(include_declaration=True))
    )
    assert spots(found) == [(7, 8), (8, 22), (16, 11)]
    without = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc(uri), position=position_of(SAMPLE, "MY_RELAY", 2),
                              context=types.ReferenceContext(include_declaration=False))
    )
    assert spots(without) == [(8, 22), (16, 11)]


async def test_rename_changes_every_occurrence(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    position = position_of(SAMPLE, "C{MyHosts} MY_RELAY", 12)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(uri), position=position)
    )
    assert prepared == types.Range(start=types.Position(line=16, character=11), end=types.Position(line=16, character=19))
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc(uri), position=position, new_name="OUR_HUB")
    )
    edits = edit.document_changes[0].edits
    assert sorted((e.range.start.line, e.range.start.character, e.new_text) for e in edits) == [
        (7, 8, "OUR_HUB"), (8, 22, "OUR_HUB"), (16, 11, "OUR_HUB")]


async def test_sendmail_names_cannot_be_renamed(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    # Refused with the reason as the error message (editors show it), never silently.
    for needle, reason in (("SMART_HOST", "cf.m4"), ("access_db", "feature/access_db.m4"),
                           ("FEATURE", "cf.m4"), ("confLOG_LEVEL", "cf.m4 variable"), ("Kmymap", "not defined in this file")):
        position = position_of(SAMPLE, needle, 2)
        with pytest.raises(JsonRpcException) as refused:
            await client.text_document_prepare_rename_async(
                types.PrepareRenameParams(text_document=doc(uri), position=position)
            )
        assert reason in refused.value.message, (needle, refused.value.message)
        with pytest.raises(JsonRpcException):
            await client.text_document_rename_async(
                types.RenameParams(text_document=doc(uri), position=position, new_name="OTHER")
            )
