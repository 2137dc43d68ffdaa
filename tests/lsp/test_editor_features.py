"""What users expect of an editor: completion without snippets, disable comments on
their own line, links without settings, semantic token ranges and deltas, highlights,
workspace symbols, rule docs in suppression comments, inlay hints on double quotes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import AsyncIterator

import mcparse
import pytest
import pytest_lsp
from lsprotocol import types
from mcparse.source import LineIndex
from mcparse.syntax import parse
from pytest_lsp import LanguageClient

from lsp_support import CF_DIR, SAMPLE, SERVER, doc, open_and_wait, position_of, push_capabilities, uri_for
from mcparse_lsp.features.code_actions import code_actions
from mcparse_lsp.features.inlay_hints import inlay_hints


@pytest_lsp.fixture(config=SERVER)
async def plain_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A client without snippet support and without any mcparse setting."""
    capabilities = push_capabilities()
    assert capabilities.text_document and capabilities.text_document.completion
    capabilities.text_document.completion.completion_item = types.ClientCompletionItemOptions(
        snippet_support=False, documentation_format=[types.MarkupKind.PlainText]
    )
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_completion_without_snippet_support_lists_every_item(plain_client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(plain_client, uri, "FEAT\n")
    result = await plain_client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=types.Position(line=0, character=4))
    )
    assert result is not None
    feature = next(item for item in result.items if item.label == "FEATURE")
    assert feature.insert_text_format == types.InsertTextFormat.PlainText
    assert feature.text_edit.new_text == "FEATURE(`name')dnl"
    assert all("$" not in item.text_edit.new_text for item in result.items)
    assert len(result.items) > 50  # every macro, not only the few without arguments


@pytest.mark.asyncio
@pytest.mark.skipif(not os.path.isdir(CF_DIR), reason=f"sendmail-cf is not installed at {CF_DIR}")
async def test_document_links_find_the_cf_dir_without_a_setting(plain_client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(plain_client, uri, SAMPLE)
    links = await plain_client.text_document_document_link_async(types.DocumentLinkParams(text_document=doc(uri)))
    assert any(link.target.endswith("/ostype/linux.m4") for link in links or ())


def cf_without_date(text: str) -> str:
    """The sendmail.cf ``text`` compiles to, without the "built by ... on <date>" line
    (two compiles a second apart differ there)."""
    compiled = mcparse.compile(text, cf_dir=CF_DIR)
    return "\n".join(line for line in compiled.cf.splitlines() if not line.startswith("##### built by"))


def test_disable_comment_lands_on_its_own_line_after_a_multi_line_call() -> None:
    text = "OSTYPE(`linux')dnl\ndefine(`confX', `a\nb')FEATURE(`nouucp', `x')dnl\nMAILER(`smtp')dnl\n"
    statements = [(node.span.start, node.span.end) for node in parse(text).syntax.children]
    finding = next(item for item in mcparse.check(text) if item.code == "MC224")  # on the FEATURE, line 3
    (action,) = [action for action in code_actions(text, [finding], finding.span.start, finding.span.end,
                                                   statements=statements) if "this line" in action.title]
    (edit,) = action.edits
    fixed = text[: edit.start] + edit.replacement + text[edit.end :]
    assert "b')dnl\ndnl mc-check: disable=MC224 -- explain why\nFEATURE(`nouucp'" in fixed
    assert "MC224" not in {item.code for item in mcparse.check(fixed)}
    if os.path.isdir(CF_DIR):  # m4 deletes the added dnl and its line break: the same sendmail.cf
        head = f"include(`{CF_DIR}/m4/cf.m4')dnl\n"
        assert cf_without_date(head + fixed) == cf_without_date(head + text)


def test_no_disable_comment_inside_a_quoted_string() -> None:
    text = "define(`confX', `a\nb')dnl\n"
    statements = [(node.span.start, node.span.end) for node in parse(text).syntax.children]
    offset = text.index("b'")
    fake = next(iter(mcparse.check("FEATURE(`nosuch')dnl\n"))).model_copy(
        update={"span": LineIndex(text).span(offset, offset + 1)}
    )
    titles = [action.title for action in code_actions(text, [fake], offset, offset + 1, statements=statements)]
    assert not any("this line" in title for title in titles)
    assert any("this file" in title for title in titles)


def apply_delta(data: list[int], delta: types.SemanticTokensDelta) -> list[int]:
    for edit in sorted(delta.edits, key=lambda edit: edit.start, reverse=True):
        data[edit.start : edit.start + edit.delete_count] = list(edit.data or [])
    return data


@pytest.mark.asyncio
async def test_semantic_tokens_delta_and_range(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    full = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    assert full.result_id
    changed = SAMPLE.replace("MAILER(`local')dnl", "MAILER(`local')dnl\nFEATURE(`nouucp')dnl")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=changed)],
    ))
    delta = await client.text_document_semantic_tokens_full_delta_async(
        types.SemanticTokensDeltaParams(text_document=doc(uri), previous_result_id=full.result_id)
    )
    assert isinstance(delta, types.SemanticTokensDelta) and delta.result_id != full.result_id
    again = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    assert apply_delta(list(full.data), delta) == list(again.data)
    assert sum(len(edit.data or []) for edit in delta.edits) < len(again.data) // 2  # only what changed

    lines = types.Range(start=types.Position(line=4, character=0), end=types.Position(line=6, character=0))
    ranged = await client.text_document_semantic_tokens_range_async(
        types.SemanticTokensRangeParams(text_document=doc(uri), range=lines)
    )
    assert ranged.data[0] == 4 and sum(ranged.data[0::5]) == 5  # lines 4 and 5 only (OSTYPE, DOMAIN)


@pytest.mark.asyncio
async def test_document_highlight_marks_definition_and_uses(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    found = await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(text_document=doc(uri), position=position_of(SAMPLE, "C{MyHosts} MY_RELAY", 12))
    )
    spots = sorted((item.range.start.line, item.kind) for item in found)
    assert spots == [(7, types.DocumentHighlightKind.Write), (8, types.DocumentHighlightKind.Read),
                     (16, types.DocumentHighlightKind.Read)]


@pytest.mark.asyncio
async def test_workspace_symbols_across_open_files(client: LanguageClient, tmp_path: Path) -> None:
    first, second = uri_for(tmp_path, "one.mc"), uri_for(tmp_path, "two.mc")
    await open_and_wait(client, first, SAMPLE)
    await open_and_wait(client, second, "OSTYPE(`linux')dnl\nFEATURE(`access_db')dnl\nFEATURE(`nouucp')dnl\n")
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="ACCESS"))
    assert sorted(symbol.location.uri for symbol in found) == [first, second]
    assert {symbol.name for symbol in found} == {"access_db"}


@pytest.mark.asyncio
async def test_hover_on_a_rule_code_in_a_suppression_comment(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    text = "dnl mc-check: disable=MC101,etrn-on-msa -- tested elsewhere\nOSTYPE(`linux')dnl\n"
    await open_and_wait(client, uri, text)
    for needle, expected in (("MC101", "auth-on-mta-port"), ("etrn-on-msa", "MC103")):
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=doc(uri), position=position_of(text, needle, 2))
        )
        assert hover is not None and expected in hover.contents.value
    outside = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=position_of(text, "tested", 2))
    )
    assert outside is None


def test_inlay_hints_on_a_double_quoted_argument() -> None:
    single = "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=Ea')dnl\n"
    double = "DAEMON_OPTIONS(``Port=smtp, Name=MTA, M=Ea'')dnl\n"
    hints = {text: inlay_hints(parse(text).syntax, 0, len(text)) for text in (single, double)}
    assert [hint.label for hint in hints[single]] == [hint.label for hint in hints[double]]
    assert [hint.label for hint in hints[double]][0] == "(25)"
    assert [double[hint.offset - 2 : hint.offset] for hint in hints[double]] == ["tp", "Ea"]


FORMAT_ME = (
    f"divert(-1)dnl\ninclude(`{CF_DIR}/m4/cf.m4')dnl\nOSTYPE(linux)dnl   \nFEATURE(access_db)dnl\n"
    "FEATURE(`nouucp', `reject')\nMAILER(`local')dnl\nMAILER(smtp)dnl\n"
)


@pytest.mark.asyncio
@pytest.mark.skipif(not os.path.isdir(CF_DIR), reason=f"sendmail-cf is not installed at {CF_DIR}")
async def test_formatting_keeps_sendmail_cf_identical(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, FORMAT_ME)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=doc(uri), options=types.FormattingOptions(tab_size=8, insert_spaces=False))
    )
    index = LineIndex(FORMAT_ME)
    formatted = FORMAT_ME
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start = index.offset_at_lsp(edit.range.start.line, edit.range.start.character)
        end = index.offset_at_lsp(edit.range.end.line, edit.range.end.character)
        formatted = formatted[:start] + edit.new_text + formatted[end:]
    assert "OSTYPE(`linux')dnl\nFEATURE(`access_db')dnl\n" in formatted  # quoted, trailing blanks gone
    assert "MAILER(`smtp')dnl" in formatted
    assert "FEATURE(`nouucp', `reject')\n" in formatted  # a dnl here would drop a line of sendmail.cf

    assert cf_without_date(formatted) == cf_without_date(FORMAT_ME)
