"""The server's per-version compile (documents.py), in process: lazy, cached, and the
library's error when there is no sendmail-cf at all."""

from __future__ import annotations

import os

import pytest

from mcparse.compiler import CompileError
from mcparse_lsp.analysis import EffectiveSettings
from mcparse_lsp.documents import DocumentState

from lsp_support import CF_DIR, SAMPLE

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
