"""A file whose path has a space and a non-ASCII letter gets every feature: the
server keys it by the URI exactly as sent (``caf%C3%A9/send%20mail.mc``) and
decodes that URI only to find files (settings, includes, links)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_support import SAMPLE, doc, open_and_wait, position_of
from mcparse_lsp.texts import uri_to_path

TEXT = SAMPLE.replace("MAILER(`local')dnl\n", "include(`local.m4')dnl\nMAILER(`local')dnl\n")


def test_uri_to_path_decodes_escapes() -> None:
    assert uri_to_path("file:///srv/caf%C3%A9/send%20mail.mc", windows=False) == "/srv/café/send mail.mc"
    assert uri_to_path("file:///c%3A/Users/me/send%20mail.mc", windows=True) == "c:\\Users\\me\\send mail.mc"
    assert uri_to_path("file:///C:/mail/x.mc", windows=True) == "c:\\mail\\x.mc"
    assert uri_to_path("file://server/share/x.mc", windows=True) == "\\\\server\\share\\x.mc"
    assert uri_to_path("untitled:Untitled-1") is None


@pytest.mark.asyncio
async def test_every_feature_on_an_escaped_uri(client: LanguageClient, tmp_path: Path) -> None:
    plain_dir = tmp_path / "plain"
    plain_dir.mkdir()
    (plain_dir / "local.m4").write_text("dnl\n")
    plain = await open_and_wait(client, (plain_dir / "sendmail.mc").as_uri(), TEXT)
    ignored = next(item.code for item in plain if not str(item.code).startswith("MC0"))

    folder = tmp_path / "café"
    folder.mkdir()
    (folder / "local.m4").write_text("dnl\n")
    (folder / ".mc-check.toml").write_text(f'ignore = ["{ignored}"]\n')  # found only by decoding the URI
    path = folder / "send mail.mc"
    uri = path.as_uri()
    assert "caf%C3%A9/send%20mail.mc" in uri

    found = await open_and_wait(client, uri, TEXT)
    assert found, "diagnostics for the escaped URI"
    assert ignored not in {item.code for item in found}, "settings file next to the document applied"

    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=position_of(TEXT, "`linux'", 2))
    )
    assert hover is not None and "linux" in hover.contents.value

    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=position_of(TEXT, "`access_db'", 1))
    )
    assert completion is not None and any(item.label == "access_db" for item in completion.items)

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri), range=found[0].range,
            context=types.CodeActionContext(diagnostics=[found[0]]),
        )
    )
    assert actions, "code actions for the escaped URI"
    assert all(action.edit.document_changes[0].text_document.uri == uri for action in actions if action.edit)

    links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=doc(uri)))
    assert links is not None
    assert (folder / "local.m4").as_uri() in {link.target for link in links}

    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert symbols

    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(uri)))
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=position_of(TEXT, "`linux'", 2))
    )
    assert hover is None  # closed: forgotten under the same key
