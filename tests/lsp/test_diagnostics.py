"""Diagnostics: pushed on open/change/save, pulled where the client supports it, settings applied."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_support import SAMPLE, doc, open_and_wait, open_document, uri_for, wait_diagnostics, wait_publication, wait_until

pytestmark = pytest.mark.asyncio

BROKEN = "OSTYPE(`linux')dnl\nFEATURE(`nouucp'\n"


async def test_open_publishes_mc_check_findings(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    found = await open_and_wait(client, uri, BROKEN)
    unclosed = [item for item in found if item.code == "MC002"]
    assert len(unclosed) == 1
    item = unclosed[0]
    assert item.source == "mc-check"
    assert item.severity == types.DiagnosticSeverity.Error
    assert item.range.start == types.Position(line=1, character=0)
    assert item.code_description is not None and "unclosed-call" in item.code_description.href


def codes(found: list[types.Diagnostic]) -> list[str]:
    # Rules come and go; these tests are about the server, so they look at the parser's codes.
    return [str(item.code) for item in found if str(item.code).startswith("MC00")]


async def test_well_formed_file_has_no_syntax_findings(client: LanguageClient, tmp_path) -> None:
    assert codes(await open_and_wait(client, uri_for(tmp_path), SAMPLE)) == []


async def test_incremental_change_updates_findings(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    assert codes(await open_and_wait(client, uri, "OSTYPE(`linux')dnl\n")) == []
    # Delete the closing parenthesis: an incremental edit of one character.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=0, character=14), end=types.Position(line=0, character=15)),
                    text="",
                )
            ],
        )
    )
    found = await wait_diagnostics(client, uri, 2)
    assert codes(found) == ["MC002"]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=0, character=14), end=types.Position(line=0, character=14)),
                    text=")",
                )
            ],
        )
    )
    assert codes(await wait_diagnostics(client, uri, 3)) == []


async def test_save_rechecks(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, BROKEN)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=doc(uri)))
    found = await wait_publication(client, uri, 2)
    assert "MC002" in [item.code for item in found]


async def test_close_clears_diagnostics(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, BROKEN)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(uri)))
    assert await wait_publication(client, uri, 2) == []  # closing clears everything


async def test_settings_file_change_is_reapplied(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    assert "MC002" in [item.code for item in await open_and_wait(client, uri, BROKEN)]
    settings = tmp_path / ".mc-check.toml"
    settings.write_text('ignore = ["MC002"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=settings.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    found = await wait_until(client, uri, lambda items: "MC002" not in codes(items))
    assert "MC002" not in codes(found)


async def test_workspace_configuration_ignore(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    assert "MC002" in [item.code for item in await open_and_wait(client, uri, BROKEN)]
    client.set_configuration({"ignore": ["MC002"]}, section="mcparse")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    found = await wait_until(client, uri, lambda items: "MC002" not in codes(items))
    assert "MC002" not in codes(found)


async def test_workspace_configuration_select(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    before = {str(item.code) for item in await open_and_wait(client, uri, BROKEN)}
    assert "MC002" in before and before - {"MC002"}  # other codes to drop, or the test shows nothing
    client.set_configuration({"select": ["MC002"]}, section="mcparse")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    found = await wait_until(client, uri, lambda items: {str(item.code) for item in items} <= {"MC002"})
    assert [str(item.code) for item in found] == ["MC002"]


async def test_workspace_configuration_severity(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, BROKEN)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"mcparse": {"severity": {"MC002": "info"}}})
    )
    def downgraded(items: list[types.Diagnostic]) -> bool:
        return [item.severity for item in items if item.code == "MC002"] == [types.DiagnosticSeverity.Information]

    assert downgraded(await wait_until(client, uri, downgraded))


async def test_pull_diagnostics(pull_client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    open_document(pull_client, uri, BROKEN)
    report = await pull_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=doc(uri)))
    assert report.kind == "full"
    assert "MC002" in [item.code for item in report.items]
    again = await pull_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=doc(uri), previous_result_id=report.result_id)
    )
    assert again.kind == "unchanged"
    # A pulling client gets no pushed diagnostics (they would show twice).
    assert uri not in pull_client.diagnostics
