"""Hover: modifier letters, FEATURE/MAILER/OSTYPE/DOMAIN/HACK names, cf macros, conf variables,
ports, and the daemon from the model."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from mcparse.vocabulary import load_vocabulary

from lsp_support import SAMPLE, doc, open_and_wait, position_of, uri_for

pytestmark = pytest.mark.asyncio

# One real name of each kind sendmail-cf ships, as mcparse's vocabulary knows them.
INCLUDES = """OSTYPE(`linux')dnl
DOMAIN(`generic')dnl
HACK(`cssubdomain')dnl
MASQUERADE_AS(`example.com')dnl
MAILER(`local')dnl
MAILER(`smtp')dnl
"""


async def hover_text(client: LanguageClient, uri: str, position: types.Position) -> str:
    result = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=position))
    assert result is not None
    return result.contents.value


async def test_hover_on_each_modifier_letter(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    on_e = await hover_text(client, uri, position_of(SAMPLE, "M=Ea", 2))
    on_a = await hover_text(client, uri, position_of(SAMPLE, "M=Ea", 3))
    assert "**M=E**" in on_e and "ETRN" in on_e
    assert "**M=a**" in on_a and "authenticate" in on_a


async def test_hover_range_covers_only_the_letter(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    position = position_of(SAMPLE, "M=Ea", 3)
    result = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=position))
    assert result.range == types.Range(start=position, end=types.Position(line=position.line, character=position.character + 1))


async def test_hover_on_feature_name(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    text = await hover_text(client, uri, position_of(SAMPLE, "access_db", 3))
    assert text.startswith("**FEATURE `access_db`**")
    assert "map" in text  # its argument is explained


@pytest.mark.parametrize(
    ("call", "name", "table"),
    [("MAILER", "smtp", "mailers"), ("OSTYPE", "linux", "ostypes"), ("DOMAIN", "generic", "domains"),
     ("HACK", "cssubdomain", "hacks")],
)
async def test_hover_on_included_name_says_what_it_is(
    client: LanguageClient, tmp_path, call: str, name: str, table: str
) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, INCLUDES)
    position = position_of(INCLUDES, f"{call}(`{name}'", len(call) + 3)
    result = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=position))
    assert result is not None
    assert result.contents.value.startswith(f"**{call} `{name}`**")
    assert getattr(load_vocabulary(), table)[name].summary in result.contents.value
    start = position_of(INCLUDES, f"{call}(`{name}'", len(call) + 2)
    assert result.range == types.Range(start=start, end=types.Position(line=start.line, character=start.character + len(name)))


async def test_hover_on_mailer_lists_its_delivery_agents(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, INCLUDES)
    text = await hover_text(client, uri, position_of(INCLUDES, "`smtp'", 2))
    assert "`esmtp`" in text and "`relay`" in text


async def test_hover_on_ostype_says_what_it_sets(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, INCLUDES)
    assert "local_procmail" in await hover_text(client, uri, position_of(INCLUDES, "linux", 1))


async def test_hover_on_cf_macro_name(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, INCLUDES)
    text = await hover_text(client, uri, position_of(INCLUDES, "MASQUERADE_AS", 4))
    assert "MASQUERADE_AS(`domain')" in text  # the signature
    assert load_vocabulary().macros["MASQUERADE_AS"].summary in text
    assert "_cf.m4 macro_" in text


async def test_hover_on_conf_variable_names_the_option(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    assert "`LogLevel`" in await hover_text(client, uri, position_of(SAMPLE, "confLOG_LEVEL", 4))


async def test_hover_on_port_name_gives_number(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    assert "Port 587" in await hover_text(client, uri, position_of(SAMPLE, "submission", 2))


async def test_hover_on_daemon_options_key_and_model(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)  # the model is ready once diagnostics are out
    text = await hover_text(client, uri, position_of(SAMPLE, "Port=submission", 1))
    assert text.startswith("**Port**")
    assert "Daemon `MSA`" in text and "port 587" in text


async def test_hover_on_daemon_options_call_shows_the_daemon(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    text = await hover_text(client, uri, position_of(SAMPLE, "DAEMON_OPTIONS(`Port=submission", 3))
    assert "Daemon `MSA`" in text and "`a`" in text


async def test_hover_in_comment_is_empty(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=position_of(SAMPLE, "My mail server", 1))
    )
    assert result is None
