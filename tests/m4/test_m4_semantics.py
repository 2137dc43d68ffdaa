"""The pure-Python m4 engine against recordings of GNU m4 1.4.19.

Each ``cases/NAME.m4`` is a small input that pins down one aspect of GNU m4
(quoting, comments, argument collection, each builtin, diversions, wrapping,
diagnostics...). ``record.py`` ran the real m4 on it, from inside ``cases/``
and with ``LC_ALL=C``, and stored its standard output, standard error and
exit status beside it (``NAME.out``, ``NAME.err``, ``NAME.status``). These
tests run ``mcparse.m4.run_m4`` on the same text, as file ``NAME.m4`` with
``cases/`` as the working directory, and want the same three results byte
for byte. They need no m4 on the machine; ``test_recordings_are_current``
does, and checks that the recordings still match what m4 does.

To add a case: write ``cases/NAME.m4`` (helper files it includes go in
``cases/inc/``), then run ``python tests/m4/record.py NAME``.
"""

from __future__ import annotations

import difflib
import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"


def _load_record() -> ModuleType:
    # Loaded by path under a private name: "record" is too generic a module
    # name to put on sys.path next to the rest of the test suite.
    spec = importlib.util.spec_from_file_location("_mcparse_m4_record", HERE / "record.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


record = _load_record()
CASES = record.case_names(CASES_DIR)


def _decode(data: bytes) -> str:
    # Every recording is UTF-8 (most are ASCII); surrogateescape keeps any
    # stray byte visible in a diff instead of raising.
    return data.decode("utf-8", errors="surrogateescape")


def _show(text: str) -> list[str]:
    """Lines of text with their endings made visible (\\n, \\r, \\t, none)."""
    lines = text.splitlines(keepends=True)
    return [repr(line)[1:-1] + "\n" for line in lines] or ["<empty>\n"]


def _diff(what: str, name: str, want: str, got: str) -> str:
    diff = difflib.unified_diff(
        _show(want), _show(got), fromfile=f"GNU m4 {what}", tofile=f"run_m4 {what}", n=2
    )
    return f"{what} of case {name}.m4 differs from GNU m4:\n" + "".join(diff)


def _run_engine(name: str):
    # Imported here so the module still collects (and the recording check
    # still runs) while the engine is missing or broken.
    from mcparse.m4 import run_m4

    text = _decode((CASES_DIR / f"{name}.m4").read_bytes())
    return run_m4(text, name=f"{name}.m4", cwd=CASES_DIR)


def test_cases_are_present() -> None:
    assert len(CASES) >= 150, f"only {len(CASES)} cases in {CASES_DIR}"


@pytest.mark.parametrize("name", CASES)
def test_m4_case(name: str) -> None:
    want = record.read_recording(name, CASES_DIR)
    result = _run_engine(name)
    want_out, want_err = _decode(want.out), _decode(want.err)
    # Three separate checks, most telling first: a wrong output usually
    # explains a wrong status, and stderr is the most detailed. pytest.fail
    # rather than assert, so the report is our line diff, not pytest's.
    if result.output != want_out:
        pytest.fail(_diff("stdout", name, want_out, result.output), pytrace=False)
    if result.exit_status != want.status:
        pytest.fail(
            f"exit status of case {name}.m4: GNU m4 {want.status}, run_m4 {result.exit_status}",
            pytrace=False,
        )
    if result.stderr != want_err:
        pytest.fail(_diff("stderr", name, want_err, result.stderr), pytrace=False)


def test_every_case_is_recorded() -> None:
    """Each case has its three recordings, and no recording lost its case."""
    missing = [
        f"{name}{suffix}"
        for name in CASES
        for suffix in (".out", ".err", ".status")
        if not (CASES_DIR / f"{name}{suffix}").is_file()
    ]
    orphans = sorted(
        p.name
        for p in CASES_DIR.iterdir()
        if p.suffix in {".out", ".err", ".status"} and p.stem not in CASES
    )
    assert not missing, f"run tests/m4/record.py: missing {missing}"
    assert not orphans, f"recordings without a case: {orphans}"


@pytest.mark.m4
@pytest.mark.skipif(shutil.which("m4") is None, reason="needs GNU m4 on PATH")
def test_recordings_are_current() -> None:
    """Re-run the real m4 on every case: the recordings must still match."""
    stale = []
    for name in CASES:
        now = record.run_real_m4(name, CASES_DIR)
        if now != record.read_recording(name, CASES_DIR):
            stale.append(name)
    assert not stale, f"recordings differ from this m4; re-record with tests/m4/record.py: {stale}"
