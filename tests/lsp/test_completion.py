"""Completion: FEATURE/MAILER/OSTYPE/DOMAIN/HACK names, conf variables, DAEMON_OPTIONS keys and
letters, top-level snippets."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from mcparse.vocabulary import load_vocabulary

from lsp_support import doc, open_and_wait, uri_for

pytestmark = pytest.mark.asyncio


async def complete(client: LanguageClient, tmp_path, text: str) -> list[types.CompletionItem]:
    """Completion at the end of ``text`` (a one-line document)."""
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, text)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=types.Position(line=0, character=len(text)))
    )
    assert result is not None
    return list(result.items)


async def test_feature_names_inside_feature_quotes(client: LanguageClient, tmp_path) -> None:
    items = await complete(client, tmp_path, "FEATURE(`acc")
    by_label = {item.label: item for item in items}
    item = by_label["access_db"]
    assert item.text_edit.new_text == "access_db"
    # The typed prefix is replaced, the opening quote kept.
    assert item.text_edit.range == types.Range(start=types.Position(line=0, character=9), end=types.Position(line=0, character=12))
    assert "access map" in item.documentation.value
    assert "LOCAL_CONFIG" not in by_label


async def test_feature_names_without_quote_supply_quotes(client: LanguageClient, tmp_path) -> None:
    items = await complete(client, tmp_path, "FEATURE(")
    assert {item.text_edit.new_text for item in items} >= {"`access_db'", "`nouucp'"}


async def test_mailer_names_inside_mailer_quotes_have_documentation(client: LanguageClient, tmp_path) -> None:
    items = await complete(client, tmp_path, "MAILER(`")
    by_label = {item.label: item for item in items}
    smtp = by_label["smtp"]
    assert smtp.text_edit.new_text == "smtp"  # the quote is already there
    assert smtp.documentation.kind == types.MarkupKind.Markdown
    assert smtp.documentation.value.startswith("**MAILER `smtp`**")
    assert "`esmtp`" in smtp.documentation.value  # the delivery agents it defines
    assert set(by_label) == set(load_vocabulary().mailers)  # mailers only, no FEATURE names


@pytest.mark.parametrize(
    ("typed", "name", "table"),
    [("OSTYPE(`lin", "linux", "ostypes"), ("DOMAIN(`", "generic", "domains"), ("HACK(`", "cssubdomain", "hacks")],
)
async def test_names_inside_ostype_domain_hack_quotes(
    client: LanguageClient, tmp_path, typed: str, name: str, table: str
) -> None:
    items = await complete(client, tmp_path, typed)
    by_label = {item.label: item for item in items}
    assert set(by_label) == set(getattr(load_vocabulary(), table))
    item = by_label[name]
    call = typed.split("(")[0]
    assert item.detail.startswith(f"{call}: ")
    assert item.documentation.value.startswith(f"**{call} `{name}`**")
    assert getattr(load_vocabulary(), table)[name].summary in item.documentation.value
    assert item.text_edit.range.start == types.Position(line=0, character=len(call) + 2)  # after the quote


async def test_cf_macro_snippet_has_documentation(client: LanguageClient, tmp_path) -> None:
    items = await complete(client, tmp_path, "MASQ")
    item = next(item for item in items if item.label == "MASQUERADE_AS")
    assert item.insert_text_format == types.InsertTextFormat.Snippet
    assert item.text_edit.new_text == "MASQUERADE_AS(`${1:domain}')dnl$0"
    assert item.detail == "MASQUERADE_AS(`domain')"
    assert load_vocabulary().macros["MASQUERADE_AS"].summary in item.documentation.value
    assert "_cf.m4 macro_" in item.documentation.value


async def test_conf_variables_inside_define(client: LanguageClient, tmp_path) -> None:
    items = await complete(client, tmp_path, "define(`confLOG")
    item = next(item for item in items if item.label == "confLOG_LEVEL")
    assert item.detail == "LogLevel"
    assert item.documentation is not None


async def test_modifier_letters_not_yet_written(client: LanguageClient, tmp_path) -> None:
    items = await complete(client, tmp_path, "DAEMON_OPTIONS(`Port=587, Name=MSA, M=E")
    letters = {item.label for item in items}
    assert "a" in letters and "s" in letters
    assert "E" not in letters  # already there


async def test_daemon_option_keys(client: LanguageClient, tmp_path) -> None:
    items = await complete(client, tmp_path, "DAEMON_OPTIONS(`Port=587, ")
    assert {"Name=", "Modifier=", "Addr=", "Family="} <= {item.label for item in items}


async def test_top_level_macro_snippets_have_quotes_and_dnl(client: LanguageClient, tmp_path) -> None:
    items = await complete(client, tmp_path, "FEA")
    feature = next(item for item in items if item.label == "FEATURE")
    assert feature.insert_text_format == types.InsertTextFormat.Snippet
    assert feature.text_edit.new_text == "FEATURE(`${1:name}')dnl$0"
    define = next(item for item in items if item.label == "define")
    assert define.text_edit.new_text == "define(`${1:name}', `${2:value}')dnl$0"


async def test_nothing_in_comments(client: LanguageClient, tmp_path) -> None:
    assert await complete(client, tmp_path, "dnl FEATURE(`acc") == []
