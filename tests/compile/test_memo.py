"""The step memo (mcparse/m4/memo.py) replays only what would come out the same.

Each test compiles a config that records steps, then one that differs in a
way a replay could get wrong, and requires the replayed compile to equal a
compile without the memo. The differential tests (test_compile_differential)
check the same against real m4 over every case.
"""

from __future__ import annotations

import pytest

from mcparse.compiler import find_cf_dir, run
from mcparse.m4 import from_latin1
from mcparse.m4.memo import Memo

pytestmark = pytest.mark.skipif(find_cf_dir("") is None, reason="sendmail-cf is not installed")

BASE = """divert(-1)dnl
include(`/usr/share/sendmail/cf/m4/cf.m4')dnl
OSTYPE(`linux')dnl
{extra}
MAILER(`local')dnl
MAILER(`smtp')dnl
"""


def _cf(text: str, memo: Memo | None) -> tuple[str, str, int]:
    raw = run(text, provenance=False, replay=memo)
    cf = "\n".join(line for line in from_latin1(raw.engine.out.stdout.text()).split("\n") if not line.startswith("#####"))
    return cf, raw.stderr, raw.exit_status


@pytest.mark.parametrize(
    "extra",
    [
        # A value proto.m4 reads in an ifdef.
        "define(`confMAX_HOP', `30')dnl",
        # A word of the text a step writes becomes a macro (recorded with the
        # _STRICT_RFC821_ block written, so that the step read "Local").
        "define(`_STRICT_RFC821_')define(`Local', `LOCAL')dnl",
        # A macro proto.m4 calls at top level, redefined.
        "define(`_OPTION', `O $1 was here')dnl",
        # Quotes changed before the end: every step reads with other quotes.
        "changequote(`[', `]')dnl",
        # Output diverted elsewhere at the end of the file.
        "divert(3)dnl",
        # A macro undefined that proto.m4 tests with ifdef.
        "undefine(`_CF_DIR_')dnl",
        # A builtin renamed: calls of it in proto.m4 are plain text now.
        "define(`ifdef_saved', defn(`ifdef'))undefine(`ifdef')dnl",
    ],
)
def test_replay_equals_a_fresh_compile(extra: str) -> None:
    memo = Memo()
    _cf(BASE.format(extra=""), memo)  # records the steps
    _cf(BASE.format(extra="define(`_STRICT_RFC821_')dnl"), memo)
    hits = memo.hits
    text = BASE.format(extra=extra)
    assert _cf(text, memo) == _cf(text, None)
    assert memo.hits > hits  # the steps the change does not touch are still replayed


def test_replay_keeps_provenance() -> None:
    """Replayed output is traced to the same .mc lines and cf file lines as a fresh compile."""
    from mcparse.compiler import compile

    memo = Memo()
    first = BASE.format(extra="define(`confMAX_HOP', `25')dnl\nFEATURE(`nouucp', `reject')dnl")
    compile(first, replay=memo)
    second = "dnl a line more, so every .mc offset moves\n" + first.replace("25", "30")
    fresh, replayed = compile(second), compile(second, replay=memo)
    assert memo.hits
    # The "##### built ... on <date>" header may tick over a second between the two compiles.
    assert _without_header(replayed.cf) == _without_header(fresh.cf)
    assert [line.origin for line in replayed.lines] == [line.origin for line in fresh.lines]


def _without_header(cf: str) -> str:
    return "\n".join(line for line in cf.split("\n") if not line.startswith("#####"))


def test_memo_is_bounded() -> None:
    from mcparse.m4 import memo as memo_module

    memo = Memo()
    for index in range(3):
        _cf(BASE.format(extra=f"define(`confMAX_HOP', `{index}')dnl"), memo)
    per_place = max(len(records) for records in memo.records.values())
    assert per_place <= memo_module.PER_PLACE
    assert memo.size <= memo_module.LIMIT
