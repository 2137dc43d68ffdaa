"""The compile engine keeps its bounds inside the slow builtins and calls.

The fuzzer of 2026-12-03 found three ways past them: a regular expression
search that backtracks for minutes (Python's ``re`` cannot be stopped once it
starts), calls so slow each that the clock, read every 16,384 expansions,
was never read before they ended, and a patsubst that builds its whole
result before the text bound is looked at. The runs that would take minutes
without the bound are made in a subprocess, so that a regression fails here
instead of hanging the suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from mcparse.m4 import run_m4
from mcparse.m4.engine import Budget

REPO = Path(__file__).resolve().parents[2]
# Far longer than any of these runs takes with its bound (about 1 s), far
# shorter than without it (minutes).
SUBPROCESS_TIMEOUT = 60


def _run_bounded(text: str, seconds: float) -> dict[str, object]:
    """``run_m4(text)`` with a deadline of ``seconds``, in a child process."""
    script = textwrap.dedent(
        """
        import json, sys
        from mcparse.m4 import run_m4
        from mcparse.m4.engine import Budget
        run = run_m4(sys.stdin.read(), budget=Budget(seconds=float(sys.argv[1])))
        print(json.dumps({"output": run.output, "status": run.exit_status, "stopped": run.engine.stopped}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(seconds)], input=text, capture_output=True, text=True,
        timeout=SUBPROCESS_TIMEOUT, cwd=REPO, check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_nested_repetition_answers_as_gnu_m4_does() -> None:
    # GNU m4 prints -1 at once; `re' took 35 s on 27 a's, doubling with each one more.
    run = _run_bounded("regexp(`" + "a" * 32 + "!', `\\(a*\\)*b')\n", seconds=10)
    assert run == {"output": "-1\n", "status": 0, "stopped": None}


def test_a_search_that_backtracks_past_the_deadline_stops_the_run() -> None:
    run = _run_bounded("regexp(`" + "a" * 40 + "', `\\(a\\|aa\\)+\\1b')\n", seconds=1)
    assert run["status"] == 1
    assert str(run["stopped"]).startswith("a regular expression search took longer than the 1 s")


def test_calls_too_slow_to_count_still_meet_the_deadline() -> None:
    # Each call of `r' collects thousands of arguments: 9,000 calls took 75 s.
    numbers = ",".join(str(number) for number in range(3000))
    text = "define(`r', `ifelse(`$#', `1', `', `r(shift($@))')')r(" + numbers + ")\n"
    run = _run_bounded(text, seconds=1)
    assert run["status"] == 1
    assert run["stopped"] == "expansion took longer than 1 s; stopped"


def test_patsubst_stops_before_building_more_than_the_text_bound() -> None:
    text = "define(`x', `" + "a" * 10_000 + "')patsubst(x, `.', `" + "b" * 1000 + "')\n"
    run = run_m4(text, budget=Budget(text=1_000_000))
    assert run.exit_status == 1
    assert run.engine.stopped is not None
    assert run.engine.stopped.startswith("patsubst produces more than the 1,000,000 characters")
    assert run.output == ""


def test_patsubst_within_the_bound_is_unchanged() -> None:
    run = run_m4("patsubst(`abc', `.', `\\&\\&')\n", budget=Budget(text=1_000_000))
    assert (run.output, run.exit_status, run.engine.stopped) == ("aabbcc\n", 0, None)


def test_a_caller_can_stop_a_run() -> None:
    from mcparse.m4.engine import STOPPED_BY_CALLER

    asked: list[int] = []
    text = "define(`r', `ifelse(`$1', `0', `', `r(decr($1))')')r(1000)\n"
    run = run_m4(text, budget=Budget(stop=lambda: asked.append(1) is None and len(asked) > 3))
    assert (run.exit_status, run.engine.stopped) == (1, STOPPED_BY_CALLER)
    assert len(asked) == 4  # asked every 64 expansions, stopped at the first yes
    assert run_m4(text, budget=Budget(stop=lambda: False)).engine.stopped is None
