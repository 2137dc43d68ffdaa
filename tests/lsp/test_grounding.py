"""Diagnostics grounded in the compile: the packaged model's findings at once, then,
once a version is idle (or opened, or saved), mc-check's own, found on the model the
compiled sendmail.cf grounds; one compile per idle version, never one per keystroke."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import AsyncIterator, Callable

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

import mcparse
from mcparse.settings import load_settings

from lsp_support import (
    CF_DIR, NEEDS_COMPILE, SAMPLE, SERVER, doc, open_and_wait, open_document, position_of, push_capabilities, uri_for,
    wait_diagnostics, wait_until,
)

pytestmark = pytest.mark.asyncio

needs_cf = pytest.mark.skipif(
    not os.path.isfile(os.path.join(CF_DIR, "m4", "cf.m4")),
    reason=f"sendmail-cf is not installed ({CF_DIR}/m4/cf.m4 missing; e.g. apt install sendmail-cf)",
)

COMPILED = re.compile(r"compiled sendmail\.mc version (\d+) ")


def spans(found: list[types.Diagnostic]) -> list[tuple[str, int, int, int, int]]:
    return sorted(
        (str(item.code), item.range.start.line, item.range.start.character, item.range.end.line,
         item.range.end.character)
        for item in found
    )


def mc_check(text: str, path: Path) -> list[tuple[str, int, int, int, int]]:
    """What mc-check finds, as LSP ranges (ASCII text: columns are characters)."""
    return sorted(
        (item.code, item.span.line - 1, item.span.column - 1, item.span.end_line - 1, item.span.end_column - 1)
        for item in mcparse.check(text, load_settings(path), path=path)
    )


def has_mc232(found: list[types.Diagnostic]) -> bool:
    return "MC232" in [str(item.code) for item in found]


def compiled_versions(client: LanguageClient) -> list[int]:
    return [int(match.group(1)) for item in client.log_messages if (match := COMPILED.search(item.message))]


async def wait_log(client: LanguageClient, accept: Callable[[str], bool], timeout: float = 20.0) -> str:
    async def wait() -> str:
        while True:
            for item in client.log_messages:
                if accept(item.message):
                    return item.message
            await client.wait_for_notification(types.WINDOW_LOG_MESSAGE)

    return await asyncio.wait_for(wait(), timeout)


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


@pytest_lsp.fixture(config=SERVER)
async def empty_cf_client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[None]:
    """The cfDir setting points at an empty folder: no sendmail-cf to compile with."""
    lsp_client.set_configuration({"cfDir": str(tmp_path_factory.mktemp("empty-cf"))}, section="mcparse")
    await lsp_client.initialize_session(types.InitializeParams(capabilities=push_capabilities()))
    yield
    await lsp_client.shutdown_session()


# -- through the server


@needs_cf
async def test_open_publishes_packaged_then_mc_checks_findings(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    first = await open_and_wait(client, uri, NEEDS_COMPILE)
    assert not has_mc232(first)  # the packaged model's findings come first, without waiting for a compile
    grounded = await wait_until(client, uri, has_mc232)
    assert spans(grounded) == mc_check(NEEDS_COMPILE, tmp_path / "sendmail.mc")
    said = await wait_log(client, lambda message: "sendmail.mc: from the compiled sendmail.cf" in message)
    assert said == f"mc-check: sendmail.mc: from the compiled sendmail.cf (sendmail-cf at {CF_DIR})"


@needs_cf
async def test_rapid_edits_compile_only_the_version_left_idle(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    open_document(client, uri, SAMPLE)
    await wait_log(client, lambda message: COMPILED.search(message) is not None)  # opening compiles right away
    last = 12
    for version in range(2, last):
        # Typing: each version's packaged findings come back, then the next keystroke.
        change(client, uri, version, SAMPLE + f"dnl typed {version}\n")
        await wait_diagnostics(client, uri, version)
    text = "dnl a line above shifts the finding\n" + NEEDS_COMPILE
    change(client, uri, last, text)
    found = await wait_until(client, uri, has_mc232)
    assert client.published[-1].version == last  # type: ignore[attr-defined]
    assert spans(found) == mc_check(text, tmp_path / "sendmail.mc")
    # (Version 1 may compile twice: once before the editor's cfDir setting arrived.)
    versions = [version for version in compiled_versions(client) if version > 1]
    assert versions[-1] == last and versions.count(last) == 1, versions
    # The versions typed over were not compiled (one may be, if the machine stalled 0.4 s).
    assert len(versions) <= 2, versions


@needs_cf
async def test_a_newer_version_drops_the_pending_compile(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    open_document(client, uri, NEEDS_COMPILE)  # version 1 compiles right away...
    clean = NEEDS_COMPILE.replace("hash -o", "hash -T<TMPF> -o")
    change(client, uri, 2, clean)  # ...but is replaced before its findings are shown, or just after
    await wait_log(client, lambda message: "sendmail.mc version 2 " in message)
    mine = [params for params in client.published if params.uri == uri]  # type: ignore[attr-defined]
    assert mine[-1].version == 2 and not has_mc232(list(mine[-1].diagnostics))
    assert spans(list(mine[-1].diagnostics)) == mc_check(clean, tmp_path / "sendmail.mc")


@needs_cf
async def test_save_compiles_without_waiting_and_hover_names_the_source(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    open_document(client, uri, SAMPLE)
    await wait_log(client, lambda message: COMPILED.search(message) is not None)
    text = NEEDS_COMPILE + "DAEMON_OPTIONS(`Port=submission, Name=MSA, M=Ea')dnl\n"
    change(client, uri, 2, text)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=doc(uri)))
    await wait_until(client, uri, has_mc232)
    assert [version for version in compiled_versions(client) if version > 1] == [2]
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=position_of(text, "M=Ea", 3))
    )
    assert result is not None and "Daemon `MSA`" in result.contents.value
    assert f"_From the compiled sendmail.cf (sendmail-cf at {CF_DIR})._" in result.contents.value


async def test_without_sendmail_cf_the_packaged_model_is_labelled(
    empty_cf_client: LanguageClient, tmp_path: Path
) -> None:
    client = empty_cf_client
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    said = await wait_log(client, lambda message: "sendmail.mc: packaged model" in message)
    assert said.endswith("is not a sendmail-cf directory, some things are unknown")
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=position_of(SAMPLE, "M=Ea", 3))
    )
    assert result is not None and "Daemon `MSA`" in result.contents.value
    assert "is not a sendmail-cf directory, some things are unknown._" in result.contents.value
    assert compiled_versions(client) == []


@needs_cf
async def test_pull_diagnostics_are_mc_checks_once_compiled(pull_client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    open_document(pull_client, uri, NEEDS_COMPILE)
    await wait_log(pull_client, lambda message: COMPILED.search(message) is not None)
    report = await pull_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=doc(uri)))
    assert report.kind == "full" and spans(report.items) == mc_check(NEEDS_COMPILE, tmp_path / "sendmail.mc")
    assert uri not in pull_client.diagnostics
