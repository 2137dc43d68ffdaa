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
    # 2026-11-28, second session: a conf value that runs FEATURE(msp) when the
    # model expands it at the end defined new names while resolve iterated
    # over the definitions (RuntimeError: dictionary changed size).
    "conf value that runs a FEATURE when expanded": "define(`conf',``'FEATURE(`msp',`')')",
    # MC212 quoted the first argument of a MAILER that had none.
    "OSTYPE after a bare MAILER": "MAILER OSTYPE()",
}


@pytest.mark.parametrize("name", list(FOUND))
def test_fuzz_finding_stays_fixed(name: str) -> None:
    run_everything(FOUND[name])
