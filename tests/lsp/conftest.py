"""Fixtures for the language server tests: the real server in a subprocess, driven by pytest-lsp.

Two clients: one that pulls diagnostics (like VS Code) and one that only
receives pushed diagnostics (like older editors), because the server answers
each differently. Tests wait for notifications or responses; none sleeps.
"""

from __future__ import annotations

from typing import AsyncIterator, Iterator

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_support import CF_DIR, SERVER, push_capabilities
from raw_client import RawServer


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    lsp_client.set_configuration({"cfDir": CF_DIR}, section="mcparse")
    await lsp_client.initialize_session(types.InitializeParams(capabilities=push_capabilities()))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def pull_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    capabilities = push_capabilities()
    capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=False)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def server() -> Iterator[RawServer]:
    """The server in a subprocess over raw stdio (tests/lsp/raw_client.py), for
    what pytest-lsp's client cannot send: broken frames, held-back answers."""
    running = RawServer()
    yield running
    running.close()
