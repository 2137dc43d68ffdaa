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
    # 2026-12-03, a mutation fuzzer over the corpus (45,000 inputs): the
    # compile engine's os.path.realpath raised on a NUL in the include path.
    "NUL byte in the cf.m4 include path": "include(`/\x00/m4/cf.m4')",
    # format and eval built fields of any width: ValueError or gigabytes.
    "format width beyond any int": "OSTYPE(`linux')dnl\nbuiltin(`format',`%99999999999999999999d', 1)\n",
    "format precision beyond any int": "OSTYPE(`linux')dnl\nbuiltin(`format',`%.9999999999999999999f', 1)\n",
    "format star width of 2 GB": "OSTYPE(`linux')dnl\nbuiltin(`format',`%*d', 2147483647, 1)\n",
    "eval in radix 1 of 2**31-1": "OSTYPE(`linux')dnl\neval(2147483647, 1)\n",
    "eval width of 2 GB": "OSTYPE(`linux')dnl\neval(1, 10, 2147483647)\n",
}


def test_a_cf_include_that_runs_to_the_end_of_cf_m4_after_another_compile() -> None:
    # `#' in the include path makes cf.m4's own include argument run to its
    # end, so cf.m4 ended inside a recorded step and that state was kept as
    # the cached prelude: the next compile in the process failed (MC000).
    run_everything("OSTYPE(`linux')dnl\n")
    run_everything("include(`#/m4/cf.m4')\n")
    run_everything("include(`#/m4/cf.m4')\n")


@pytest.mark.parametrize("name", list(FOUND))
def test_fuzz_finding_stays_fixed(name: str) -> None:
    run_everything(FOUND[name])
