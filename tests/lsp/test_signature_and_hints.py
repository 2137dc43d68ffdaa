"""Signature help inside calls and inlay hints in DAEMON_OPTIONS."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_support import SAMPLE, doc, open_and_wait, position_of, uri_for

pytestmark = pytest.mark.asyncio


async def signature_at(client: LanguageClient, uri: str, position: types.Position) -> types.SignatureHelp | None:
    return await client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=doc(uri), position=position)
    )


async def test_signature_help_for_a_known_feature(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    text = "FEATURE(`access_db', `hash /etc/mail/access')dnl\n"
    await open_and_wait(client, uri, text)
    help_ = await signature_at(client, uri, position_of(text, "hash"))
    signature = help_.signatures[0]
    assert signature.label.startswith("FEATURE(`name', `map'")
    assert help_.active_parameter == 1
    assert signature.parameters[1].label == "`map'"


async def test_signature_help_for_a_cf_macro(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    text = "MASQUERADE_AS(`example.com')dnl\n"
    await open_and_wait(client, uri, text)
    help_ = await signature_at(client, uri, position_of(text, "example"))
    assert help_.signatures[0].label == "MASQUERADE_AS(`domain')"
    assert help_.active_parameter == 0


async def test_no_signature_outside_calls(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    assert await signature_at(client, uri, position_of(SAMPLE, "Kmymap")) is None


async def test_inlay_hints_for_port_names_and_modifiers(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=17, character=0))
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(text_document=doc(uri), range=whole))
    labels = {(hint.position.line, hint.position.character): hint.label for hint in hints}
    after_smtp = position_of(SAMPLE, "smtp, Name=MTA", 4)
    assert labels[(after_smtp.line, after_smtp.character)] == "(25)"
    after_submission = position_of(SAMPLE, "submission, Name=MSA", len("submission"))
    assert labels[(after_submission.line, after_submission.character)] == "(587)"
    after_letters = position_of(SAMPLE, "M=Ea", 4)
    modifiers = labels[(after_letters.line, after_letters.character)]
    assert modifiers.startswith("E: refuse the ETRN command, a: clients must authenticate")


async def test_inlay_hints_respect_the_range(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    first_lines = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=5, character=0))
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(text_document=doc(uri), range=first_lines))
    assert not hints  # the same file has hints further down (test above)
