"""Formatting keeps the sendmail.cf real m4 writes, on every real-world file.

The server proves each kind of formatting change with mcparse's own compile
(lsp/features/formatting.py). This checks that proof against GNU m4: for
each corpus file and repository example that formatting changes, real m4
must write the same sendmail.cf for the formatted text as for the original,
byte for byte apart from the build banner's date line, with the same
messages and exit status.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from m4oracle import CF_DIR, compile_mc, corpus_files, has_cf_include, prepare_for_m4, read_corpus_text, requires_m4

from mcparse.compiler import compile as compile_ours
from mcparse.syntax import parse
from mcparse_lsp.features import formatting

pytestmark = [requires_m4, pytest.mark.m4]

REPO = Path(__file__).resolve().parents[2]
FILES = [*corpus_files(), *sorted(REPO.glob("examples/*.mc"))]
# The banner line that holds who built the file and when.
_BUILT_BY = re.compile(r"^##### built by .*$", re.MULTILINE)


def _real_m4(text: str, name: str, workdir: Path) -> tuple[str, str, int]:
    result = compile_mc(text, cwd=workdir, filename=name, preload_cf=not has_cf_include(text))
    return _BUILT_BY.sub("", result.stdout), result.stderr, result.returncode


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_formatting_keeps_what_real_m4_writes(path: Path, tmp_path: Path) -> None:
    text, stubs = prepare_for_m4(read_corpus_text(path))
    for stub in stubs:
        target = tmp_path / stub
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    name = "input.mc"

    def compile_text(candidate: str) -> object:
        return compile_ours(candidate, cf_dir=CF_DIR, path=tmp_path / name)

    edits, outcome = formatting.format_edits(parse(text).syntax, text, compile_text)  # type: ignore[arg-type]
    if not edits:
        pytest.skip(outcome)
    formatted = formatting.apply(text, edits)
    assert formatted != text
    assert _real_m4(formatted, name, tmp_path) == _real_m4(text, name, tmp_path), outcome
