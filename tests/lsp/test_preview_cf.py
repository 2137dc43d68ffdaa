"""Preview sendmail.cf: the ``mcparse.previewCf`` command and the "sendmail.cf" hover section.

The truth is the library's compile (``mcparse.compile``) and, where m4 is on
PATH, real m4 running the installed sendmail-cf. Only the three ``#####``
build lines of the header (user, host, date, directory) may differ.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import AsyncIterator

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pytest_lsp import LanguageClient

import mcparse
from mcparse_lsp.features import preview_cf

from lsp_support import CF_DIR, SAMPLE, SERVER, doc, open_and_wait, position_of, push_capabilities, uri_for

pytestmark = pytest.mark.asyncio

HAVE_CF = os.path.isfile(os.path.join(CF_DIR, "m4", "cf.m4"))
needs_cf = pytest.mark.skipif(
    not HAVE_CF, reason=f"sendmail-cf is not installed ({CF_DIR}/m4/cf.m4 missing; e.g. apt install sendmail-cf)"
)

SMALL = f"""divert(-1)dnl
include(`{CF_DIR}/m4/cf.m4')dnl
VERSIONID(`preview test')dnl
OSTYPE(`linux')dnl
define(`confLOG_LEVEL', `9')dnl
FEATURE(`access_db')dnl
DAEMON_OPTIONS(`Port=submission, Name=MSA, M=Ea')dnl
MAILER(`local')dnl
MAILER(`smtp')dnl
"""

_BUILD_LINE = re.compile(r"^##### (built by |in |using .* as configuration include directory$)")


def without_build_lines(cf: str) -> list[str]:
    """The cf's lines without makeinfo.sh's three machine-dependent header lines."""
    return [line for line in cf.split("\n") if not _BUILD_LINE.match(line)]


async def preview(client: LanguageClient, uri: str) -> str:
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=preview_cf.COMMAND, arguments=[uri])
    )
    assert isinstance(result, str)
    return result


async def hover_text(client: LanguageClient, uri: str, position: types.Position) -> str:
    result = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=position))
    assert result is not None
    return result.contents.value


@pytest_lsp.fixture(config=SERVER)
async def capabilities_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A session that keeps the server's InitializeResult."""
    lsp_client.initialize_result = await lsp_client.initialize_session(  # type: ignore[attr-defined]
        types.InitializeParams(capabilities=push_capabilities())
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def empty_cf_client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[None]:
    """The cfDir setting points at an empty folder: no sendmail-cf to compile with."""
    lsp_client.set_configuration({"cfDir": str(tmp_path_factory.mktemp("empty-cf"))}, section="mcparse")
    await lsp_client.initialize_session(types.InitializeParams(capabilities=push_capabilities()))
    yield
    await lsp_client.shutdown_session()


# -- the command


async def test_command_is_declared(capabilities_client: LanguageClient) -> None:
    result = capabilities_client.initialize_result  # type: ignore[attr-defined]
    provider = result.capabilities.execute_command_provider
    assert provider is not None and preview_cf.COMMAND in provider.commands


@needs_cf
async def test_preview_is_the_library_compile(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    cf = await preview(client, uri)
    expected = mcparse.compile(SAMPLE, cf_dir=CF_DIR, path=tmp_path / "sendmail.mc").cf
    assert without_build_lines(cf) == without_build_lines(expected)
    assert "O DaemonPortOptions=Port=submission, Name=MSA, M=Ea" in cf.splitlines()
    # A TextDocumentIdentifier works as the argument too, and the version's compile is reused.
    again = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=preview_cf.COMMAND, arguments=[{"uri": uri}])
    )
    assert again == cf


@needs_cf
@pytest.mark.skipif(shutil.which("m4") is None, reason="m4 is not on PATH")
async def test_preview_matches_real_m4(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "sendmail.mc"
    path.write_text(SMALL)
    real = subprocess.run(
        ["m4", path.name], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True,
        env={**os.environ, "LC_ALL": "C", "LANG": "C"},
    ).stdout
    uri = path.as_uri()
    await open_and_wait(client, uri, SMALL)
    cf = await preview(client, uri)
    assert len(cf.splitlines()) > 100
    assert without_build_lines(cf) == without_build_lines(real)


@needs_cf
async def test_preview_follows_the_edited_text(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    assert "O LogLevel=9" in (await preview(client, uri)).splitlines()
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=SAMPLE.replace("`9'", "`14'"))],
        )
    )
    lines = (await preview(client, uri)).splitlines()
    assert "O LogLevel=14" in lines and "O LogLevel=9" not in lines


async def test_preview_without_sendmail_cf_is_a_readable_error(empty_cf_client: LanguageClient, tmp_path: Path) -> None:
    client = empty_cf_client
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    with pytest.raises(JsonRpcException) as raised:
        await preview(client, uri)
    assert raised.value.code == types.LSPErrorCodes.RequestFailed
    assert raised.value.message.startswith("Cannot preview sendmail.cf: ")
    assert "not a sendmail-cf directory" in raised.value.message
    assert "Traceback" not in raised.value.message and raised.value.data is None


async def test_preview_of_a_document_not_open_or_no_uri(client: LanguageClient, tmp_path: Path) -> None:
    with pytest.raises(JsonRpcException) as raised:
        await preview(client, uri_for(tmp_path, "never-opened.mc"))
    assert raised.value.code == types.LSPErrorCodes.RequestFailed
    assert "is not open" in raised.value.message
    with pytest.raises(JsonRpcInvalidParams):
        await client.workspace_execute_command_async(types.ExecuteCommandParams(command=preview_cf.COMMAND))


# -- the hover


async def open_and_wait_compiled(client: LanguageClient, uri: str, text: str) -> None:
    """Open, wait for the diagnostics, then for the background compile of version 1
    (its log line): a hover then has the cf lines whatever the machine's speed,
    instead of racing the compile against the hover's one-second wait."""
    await open_and_wait(client, uri, text)
    name = uri.rsplit("/", 1)[-1]
    while not any(f"compiled {name} version 1 " in item.message for item in client.log_messages):
        await client.wait_for_notification(types.WINDOW_LOG_MESSAGE)


@needs_cf
async def test_hover_on_daemon_options_shows_its_cf_line(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait_compiled(client, uri, SAMPLE)
    text = await hover_text(client, uri, position_of(SAMPLE, "DAEMON_OPTIONS(`Port=submission", 3))
    assert "Daemon `MSA`" in text  # the existing hover is kept, the cf section comes after it
    assert text.index("Daemon `MSA`") < text.index("**sendmail.cf**")
    assert "```sendmail\nO DaemonPortOptions=Port=submission, Name=MSA, M=Ea\n```" in text


@needs_cf
async def test_hover_on_conf_define_and_between_words(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait_compiled(client, uri, SAMPLE)
    on_name = await hover_text(client, uri, position_of(SAMPLE, "confLOG_LEVEL", 4))
    assert "`LogLevel`" in on_name and "O LogLevel=9" in on_name
    # No word under the cursor: the hover is the cf section alone, over the whole line.
    position = position_of(SAMPLE, "define(`confLOG_LEVEL'", 7)
    result = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=position))
    assert result is not None and result.contents.value.startswith("**sendmail.cf** (line ")
    assert result.range == types.Range(
        start=types.Position(line=position.line, character=0),
        end=types.Position(line=position.line, character=len("define(`confLOG_LEVEL', `9')dnl")),
    )


@needs_cf
async def test_hover_on_feature_is_truncated(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait_compiled(client, uri, SAMPLE)
    text = await hover_text(client, uri, position_of(SAMPLE, "access_db", 3))
    assert text.startswith("**FEATURE `access_db`**")
    emitted = [line.text for line in mcparse.compile(SAMPLE, cf_dir=CF_DIR).lines_from(10) if line.text.strip()]
    assert len(emitted) > preview_cf.HOVER_LINES
    block = text.split("```sendmail\n", 1)[1].split("\n```", 1)[0]
    assert block.split("\n") == emitted[: preview_cf.HOVER_LINES]
    assert f"_{len(emitted) - preview_cf.HOVER_LINES} more lines_" in text


@needs_cf
async def test_hover_on_a_line_that_wrote_nothing_is_unchanged(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=position_of(SAMPLE, "divert(0)", 2))
    )
    assert result is None or "sendmail.cf" not in result.contents.value


async def test_hover_without_sendmail_cf_is_unchanged(empty_cf_client: LanguageClient, tmp_path: Path) -> None:
    client = empty_cf_client
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, SAMPLE)
    text = await hover_text(client, uri, position_of(SAMPLE, "M=Ea", 3))
    assert "**M=a**" in text and "sendmail.cf" not in text
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=position_of(SAMPLE, "define(`confLOG_LEVEL'", 7))
    )
    assert result is None
