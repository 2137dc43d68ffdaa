"""The server's per-version compile (documents.py), in process: lazy, cached, the
library's error when there is no sendmail-cf at all, and the model grounded in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import mcparse
from mcparse.compiler import CompileError
from mcparse.settings import load_settings
from mcparse_lsp.analysis import EffectiveSettings
from mcparse_lsp.documents import DocumentState

from lsp_support import CF_DIR, NEEDS_COMPILE, SAMPLE

needs_cf = pytest.mark.skipif(
    not os.path.isfile(os.path.join(CF_DIR, "m4", "cf.m4")),
    reason=f"sendmail-cf is not installed ({CF_DIR}/m4/cf.m4 missing; e.g. apt install sendmail-cf)",
)


@needs_cf
def test_compile_is_lazy_and_cached_per_version() -> None:
    state = DocumentState("file:///nowhere/sendmail.mc", 1, SAMPLE)
    state.findings(EffectiveSettings(cf_dir=CF_DIR))
    # Checking does not compile: neither the model nor the server's cache has a compile.
    assert getattr(state.model_if_ready(), "compiled", None) is None
    assert state.compiled_if_ready(CF_DIR) is None
    compiled = state.compiled(CF_DIR)
    assert state.compiled(CF_DIR) is compiled
    assert state.compiled_if_ready(CF_DIR) is compiled


def test_no_sendmail_cf_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mcparse.compiler.CF_DIR_CANDIDATES", ())
    state = DocumentState("file:///nowhere/sendmail.mc", 1, SAMPLE)
    with pytest.raises(CompileError, match="no sendmail-cf found"):
        state.compiled(None)
    with pytest.raises(CompileError):  # the failure is cached, and raised again
        state.compiled(None)
    assert state.compiled_if_ready(None) is None


@needs_cf
def test_grounded_findings_are_mc_checks(tmp_path: Path) -> None:
    path = tmp_path / "sendmail.mc"
    state = DocumentState(path.as_uri(), 1, NEEDS_COMPILE)
    settings = EffectiveSettings(library=load_settings(path))
    packaged, grounded = state.latest_findings(settings)
    assert not grounded and "MC232" not in [item.code for item in packaged]  # no compile yet: none is started
    assert state.model_source() == f"packaged model, until the compile with sendmail-cf at {CF_DIR} is done"
    found = state.grounded_findings(settings)
    expected = mcparse.check(NEEDS_COMPILE, load_settings(path), path=path)
    assert found is not None and sorted(found, key=str) == sorted(expected, key=str)
    assert state.latest_findings(settings) == (found, True)
    assert state.grounded_model_if_ready().model_source == "compiled"
    assert state.model_source() == f"from the compiled sendmail.cf (sendmail-cf at {CF_DIR})"


def test_no_sendmail_cf_keeps_the_packaged_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mcparse.compiler.CF_DIR_CANDIDATES", ())
    state = DocumentState("file:///nowhere/sendmail.mc", 1, SAMPLE)
    settings = EffectiveSettings()
    assert not state.can_ground()
    assert state.grounded_findings(settings) is None
    assert state.latest_findings(settings) == (state.findings(settings), False)
    assert state.model_source() == "packaged model: sendmail-cf is not installed, some things are unknown"
    assert not state.compile_done()  # nothing was even tried


@needs_cf
def test_fragments_and_stopped_compiles_are_not_grounded() -> None:
    fragment = DocumentState("file:///nowhere/fragment.m4", 1, "define(`confLOG_LEVEL', `9')dnl\n")
    assert not fragment.can_ground(CF_DIR) and fragment.grounded_model(CF_DIR) is None
    assert fragment.model_source(CF_DIR).startswith("packaged model: a fragment")
    broken = DocumentState("file:///nowhere/sendmail.mc", 1, "OSTYPE(`linux')dnl\nFEATURE(`nouucp'\n")
    assert broken.grounded_model(CF_DIR) is None  # m4 stopped: as mc-check, the packaged model stays
    assert broken.model_source(CF_DIR).startswith("packaged model: m4 stopped (")


def _big_text(lines: int) -> str:
    """SAMPLE and many FEATURE lines: a compile of more than a second."""
    return SAMPLE + "FEATURE(`access_db')dnl\n" * lines


@needs_cf
def test_a_replaced_versions_compile_stops() -> None:
    # The compile of the opened version ran on for seconds beside the
    # analyses of the versions typed after it, slowing each of them.
    import threading
    import time

    from mcparse.m4.engine import STOPPED_BY_CALLER
    from mcparse_lsp.documents import DocumentStore

    store = DocumentStore()
    uri = "file:///nowhere/sendmail.mc"
    first = store.get(uri, 1, _big_text(1000))
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(first.compiled(CF_DIR)))
    worker.start()
    time.sleep(0.3)  # well inside the compile
    store.get(uri, 2, _big_text(1000) + "dnl\n")
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert done and done[0].stopped == STOPPED_BY_CALLER  # type: ignore[attr-defined]
    # The current version's compile runs its course (here to the expansion bound).
    assert store.peek(uri).compiled(CF_DIR).stopped != STOPPED_BY_CALLER  # type: ignore[union-attr]


@needs_cf
def test_closing_stops_the_compile() -> None:
    from mcparse.m4.engine import STOPPED_BY_CALLER
    from mcparse_lsp.documents import DocumentStore

    store = DocumentStore()
    uri = "file:///nowhere/sendmail.mc"
    state = store.get(uri, 1, _big_text(10))
    store.forget(uri)
    assert state.compiled(CF_DIR).stopped == STOPPED_BY_CALLER
