"""Fixtures for the language server tests: the real server in a subprocess, driven by pytest-lsp.

Two clients: one that pulls diagnostics (like VS Code) and one that only
receives pushed diagnostics (like older editors), because the server answers
each differently. Tests wait for notifications or responses; none sleeps.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Callable

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features


def _record_diagnostics(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)  # type: ignore[attr-defined]


def make_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics with its version."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # type: ignore[attr-defined]
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record_diagnostics
    register_lsp_features(client, features)
    return client


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "mcparse_lsp"], client_factory=make_client)
CF_DIR = "/usr/share/sendmail/cf"


def push_capabilities() -> types.ClientCapabilities:
    """A client without pull diagnostics, so the server publishes them."""
    return types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            configuration=True,
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(dynamic_registration=False),
        ),
        text_document=types.TextDocumentClientCapabilities(
            completion=types.CompletionClientCapabilities(
                completion_item=types.ClientCompletionItemOptions(
                    snippet_support=True, documentation_format=[types.MarkupKind.Markdown]
                )
            ),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(
                        value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
                    )
                )
            ),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            document_symbol=types.DocumentSymbolClientCapabilities(hierarchical_document_symbol_support=True),
            rename=types.RenameClientCapabilities(prepare_support=True),
            inlay_hint=types.InlayHintClientCapabilities(),
            semantic_tokens=types.SemanticTokensClientCapabilities(
                requests=types.ClientSemanticTokensRequestOptions(full=True),
                token_types=["macro", "function", "variable", "string", "comment", "number"],
                token_modifiers=["declaration", "deprecated"],
                formats=[types.TokenFormat.Relative],
            ),
        ),
    )


def uri_for(tmp_path: Path, name: str = "sendmail.mc") -> str:
    return (tmp_path / name).as_uri()


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="sendmail-mc", version=version, text=text)
        )
    )


async def open_and_wait(client: LanguageClient, uri: str, text: str) -> list[types.Diagnostic]:
    """Open a document and wait until the server has published its diagnostics."""
    open_document(client, uri, text)
    return await wait_diagnostics(client, uri, 1)


async def wait_diagnostics(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    while True:
        for params in client.published:  # type: ignore[attr-defined]
            if params.uri == uri and params.version == version:
                return list(params.diagnostics)
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


def position_of(text: str, needle: str, delta: int = 0) -> types.Position:
    """The LSP position of ``needle``'s first occurrence plus ``delta`` characters (ASCII text)."""
    offset = text.index(needle) + delta
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=offset - (text.rfind("\n", 0, offset) + 1))



async def wait_publication(client: LanguageClient, uri: str, count: int) -> list[types.Diagnostic]:
    """Wait until ``uri`` has had ``count`` publications; return the last one's diagnostics."""
    while True:
        mine = [params for params in client.published if params.uri == uri]  # type: ignore[attr-defined]
        if len(mine) >= count:
            return list(mine[count - 1].diagnostics)
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


SAMPLE = """divert(-1)dnl
dnl My mail server
dnl second comment line
divert(0)dnl
OSTYPE(`linux')dnl
DOMAIN(`generic')dnl
define(`confLOG_LEVEL', `9')dnl
define(`MY_RELAY', `smtp.example.com')dnl
define(`SMART_HOST', `MY_RELAY')dnl
FEATURE(`access_db', `hash -T<TMPF> /etc/mail/access')dnl
DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl
DAEMON_OPTIONS(`Port=submission, Name=MSA, M=Ea')dnl
MAILER(`local')dnl
MAILER(`smtp')dnl
LOCAL_CONFIG
Kmymap hash /etc/mail/mymap
C{MyHosts} MY_RELAY
"""

# Its one finding beyond the packaged model's needs the compile: cf.m4's warning
# (MC232 m4-warning, "missing -T<TMPF>").
NEEDS_COMPILE = f"""divert(-1)dnl
include(`{CF_DIR}/m4/cf.m4')dnl
OSTYPE(`linux')dnl
FEATURE(`access_db', `hash -o /etc/mail/access')dnl
MAILER(`local')dnl
MAILER(`smtp')dnl
"""


async def wait_until(
    client: LanguageClient, uri: str, accept: Callable[[list[types.Diagnostic]], bool], timeout: float = 20.0
) -> list[types.Diagnostic]:
    """Wait for a publication for ``uri`` that ``accept`` likes (settings changes may publish
    more than once); fails after ``timeout`` seconds instead of hanging."""

    already = len([params for params in client.published if params.uri == uri])  # type: ignore[attr-defined]

    async def wait() -> list[types.Diagnostic]:
        seen = already  # only publications from now on
        while True:
            mine = [params for params in client.published if params.uri == uri]  # type: ignore[attr-defined]
            for params in mine[seen:]:
                if accept(list(params.diagnostics)):
                    return list(params.diagnostics)
            seen = len(mine)
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), timeout)
