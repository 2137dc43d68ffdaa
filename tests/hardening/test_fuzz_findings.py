"""What the atheris target (benchmarks/fuzz.py) found, kept as regression tests.

Each input is the smallest text that reproduced the finding; the pipeline
check fails on any exception or internal-error diagnostic.
"""

from __future__ import annotations

import pytest
from pipeline import run_everything

FOUND = {
    # 2026-11-28, 10 minutes of fuzzing: MC301 read the first character of a
    # define's first argument without checking that it had one.
    "define with an empty name and extra commas": "define(, a, b)dnl\n",
}


@pytest.mark.parametrize("name", list(FOUND))
def test_fuzz_finding_stays_fixed(name: str) -> None:
    outcome = run_everything(FOUND[name])
    assert any(diagnostic.code == "MC301" for diagnostic in outcome.diagnostics)
