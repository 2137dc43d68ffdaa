"""The seed: port 25 plain SMTP without AUTH, port 587 AUTH-only without ETRN.

The final configuration is free of the four port rules; each incomplete step
on the way there yields exactly the finding that step deserves.
"""

from __future__ import annotations

import pytest
from harness import assert_findings

PORT_RULES = ["auth-on-mta-port", "msa-without-auth", "etrn-on-msa", "default-msa-not-disabled"]
HEAD = "divert(-1)\ndnl the seed\ndivert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
NO_DEFAULT_MSA = "FEATURE(`no_default_msa')dnl\n"
MTA = "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
MSA = "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
OSTYPE_LINE = 5  # implied daemons are reported at OSTYPE

STEPS = {
    # cf.m4's defaults: port 25 offers AUTH, 587 takes mail without it.
    "no DAEMON_OPTIONS": (
        HEAD + TAIL,
        [("auth-on-mta-port", OSTYPE_LINE, 1), ("msa-without-auth", OSTYPE_LINE, 1)],
    ),
    # The own MSA line alone: cf.m4 adds its default MSA beside it (two on 587).
    "only the 587 line": (HEAD + MSA + TAIL, [("default-msa-not-disabled", 6, 1)]),
    # With no_default_msa and the MSA line but no port-25 line, nothing of the
    # four applies (no daemon listens on 25 at all: a different problem).
    "no_default_msa and the 587 line": (HEAD + NO_DEFAULT_MSA + MSA + TAIL, []),
    "587 without a": (
        HEAD + NO_DEFAULT_MSA + MTA + MSA.replace("M=Ea", "M=E") + TAIL,
        [("msa-without-auth", 8, 1)],
    ),
    "587 without E": (
        HEAD + NO_DEFAULT_MSA + MTA + MSA.replace("M=Ea", "M=a") + TAIL,
        [("etrn-on-msa", 8, 1)],
    ),
    "port 25 without A": (
        HEAD + NO_DEFAULT_MSA + MTA.replace(", M=A", "") + MSA + TAIL,
        [("auth-on-mta-port", 7, 1)],
    ),
    "final": (HEAD + NO_DEFAULT_MSA + MTA + MSA + TAIL, []),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_seed_step(step: str) -> None:
    source, expected = STEPS[step]
    assert_findings(source, expected, rules=PORT_RULES)


def test_final_seed_is_clean_of_every_rule_so_far() -> None:
    from mcparse.engine import check

    source, _ = STEPS["final"]
    assert [d.code for d in check(source) if d.code in {"MC101", "MC102", "MC103", "MC201"}] == []
