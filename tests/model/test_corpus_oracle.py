"""Every option mcparse claims to know for a corpus file must be what m4 writes.

The differential test compares six options; here every option name the
model puts in ``cf_options`` for a real-world file is checked against the
sendmail.cf m4 generates from it, so a model that reports more options
cannot report them wrongly. Debian's generated /etc/mail includes are
compiled as empty files by the oracle; a file whose only unknowns are those
includes is compared too, since "not read" and "empty" are the same to m4.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

_TESTS = Path(__file__).resolve().parents[1]
if str(_TESTS) not in sys.path:
    sys.path.insert(0, str(_TESTS))

import m4oracle  # noqa: E402
from m4oracle import OptionOutcome  # noqa: E402

pytestmark = [pytest.mark.m4, m4oracle.requires_m4]

FILES = [
    path
    for path in m4oracle.corpus_files()
    if m4oracle.compile_mode(m4oracle.read_corpus_text(path)) != "fragment"
]


@pytest.fixture(scope="module")
def corpus_oracle(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, OptionOutcome]:
    """m4's outcome per corpus file name (shares its cache with the differential test)."""
    cache = getattr(request.config, "cache", None)
    cache_dir = (
        Path(cache.mkdir("mcparse-m4-oracle"))
        if cache is not None
        else tmp_path_factory.mktemp("m4-oracle")
    )
    keys = {path.name: m4oracle.corpus_cache_key(path) for path in FILES}
    by_key = m4oracle.run_cached(
        {
            keys[path.name]: (lambda p=path: m4oracle.compile_corpus_file(p, timeout=10))
            for path in FILES
        },
        cache_dir=cache_dir,
    )
    return {name: by_key[key] for name, key in keys.items()}


def _only_stubbed_includes(text: str, unknowns: Any) -> bool:
    """True when every unknown is an /etc/mail include, which the oracle compiles as empty."""
    for unknown in unknowns:
        span = getattr(unknown, "span", None)
        written = text[span.start : span.end] if span is not None else ""
        if getattr(unknown, "kind", None) != "include" or "/etc/mail/" not in written:
            return False
    return True


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_reported_options_match_m4(path: Path, request: pytest.FixtureRequest) -> None:
    parse, resolve = m4oracle.model_or_skip()
    outcome: OptionOutcome = request.getfixturevalue("corpus_oracle")[path.name]
    if not outcome.ok:
        pytest.skip(f"m4 does not compile this file: {outcome.errors[:1]}")
    text = m4oracle.read_corpus_text(path)
    config = resolve(parse(text).tree)
    if config.unknowns and not _only_stubbed_includes(text, config.unknowns):
        reasons = sorted({str(u.reason) for u in config.unknowns})
        pytest.skip(f"model marks it unknown: {reasons[:2]}")

    wrong = {
        name: (outcome.options.get(name, []), list(values))
        for name, values in config.cf_options.items()
        if list(values) != outcome.options.get(name, []) and name not in config.undecided_options
    }
    assert not wrong, "\n".join(
        [f"{path.name}: options mcparse reports differently from m4"]
        + [
            f"  {name}:\n    m4:      {m4!r}\n    mcparse: {model!r}"
            for name, (m4, model) in wrong.items()
        ]
    )
