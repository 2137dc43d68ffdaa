"""Differential test: mcparse's SendmailConfig.cf_options against the real m4.

For each of 600 seeded random configs (tests/confgen.py) and each corpus file
m4 compiles without error, the option lines mcparse predicts for the six
options below must equal the ``O Name=value`` lines m4 + cf.m4 write into
sendmail.cf. A config the model declares undecidable (``unknowns``) is not
compared but counted, and the counts are printed in the terminal summary.

Reproduce one generated case with ``confgen.generate_one(seed, index)``;
``MCPARSE_DIFF_SEED`` and ``MCPARSE_DIFF_COUNT`` change the sample.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

import pytest

# The oracle helpers live in tests/; pytest only puts this folder on sys.path.
_TESTS = Path(__file__).resolve().parents[1]
if str(_TESTS) not in sys.path:
    sys.path.insert(0, str(_TESTS))

import confgen  # noqa: E402
import m4oracle  # noqa: E402
from m4oracle import COMPARED_OPTIONS, M4Result, OptionOutcome  # noqa: E402

pytestmark = [pytest.mark.m4, m4oracle.requires_m4]

SEED = int(os.environ.get("MCPARSE_DIFF_SEED", "20240601"))
COUNT = int(os.environ.get("MCPARSE_DIFF_COUNT", "600"))
# A .mc with OSTYPE() but no include() is compiled the BSD way, with cf.m4
# first on m4's command line; the model is expected to read it the same way.
COMPARE_PRELOADED = True
# Raw "O Name=value" lines in the .mc (in LOCAL_CONFIG or at top level) are
# copied by m4 into sendmail.cf, so they count as option values too.
RAW_CF_LINES = True
M4_TIMEOUT = 10.0


@dataclass(frozen=True)
class Case:
    """One config to compare: what the model reads and how m4 compiles it."""

    id: str
    source: Literal["generated", "corpus"]
    text: str
    description: str
    key: str
    compile: Callable[[], M4Result] = field(compare=False, repr=False)


def _generated_cases() -> list[Case]:
    return [
        Case(
            id=config.name,
            source="generated",
            text=config.text,
            description=config.description,
            key=m4oracle.cache_key("generated", config.text),
            compile=partial(m4oracle.compile_mc, config.text, timeout=M4_TIMEOUT),
        )
        for config in confgen.generate(SEED, COUNT, raw_cf_lines=RAW_CF_LINES)
    ]


def _corpus_cases() -> list[Case]:
    cases = []
    for path in m4oracle.corpus_files():
        text = m4oracle.read_corpus_text(path)
        mode = m4oracle.compile_mode(text)
        if mode == "fragment" or (mode == "preloaded" and not COMPARE_PRELOADED):
            continue
        cases.append(
            Case(
                id=f"corpus-{mode}/{path.name}",
                source="corpus",
                # The model reads the file as written; only m4 needs paths
                # that exist on this machine.
                text=text,
                description=f"{path.name} ({mode})",
                key=m4oracle.corpus_cache_key(path),
                compile=partial(m4oracle.compile_corpus_file, path, timeout=M4_TIMEOUT),
            )
        )
    return cases


# How DAEMON_OPTIONS/CLIENT_OPTIONS lines accumulate: the model appends
# plain values directly and lets the evaluator run cf.m4's m4 text for the
# rest; each case checks a switch between the two against m4.
_HEAD = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
_TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
_APPEND_CASES = {
    "plain-then-stray-quote-then-plain": (
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\nDAEMON_OPTIONS('Name=TLSMTA, Port=2525')dnl\n"
        "DAEMON_OPTIONS(`Port=submission, Name=MSA, M=Ea')dnl\n"
    ),
    "nested-quotes-in-a-value": "DAEMON_OPTIONS(`Port=smtp, Name=`MTA'')dnl\nDAEMON_OPTIONS(`Port=2526, Name=X')dnl\n",
    "client-and-daemon-lines-interleaved": (
        "CLIENT_OPTIONS(`Family=inet, Addr=127.0.0.1')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n"
        "CLIENT_OPTIONS(`Family=inet6')dnl\nDAEMON_OPTIONS(`Port=2528, Name=B')dnl\n"
    ),
    "forty-daemons": "".join(f"DAEMON_OPTIONS(`Port={3000 + n}, Name=D{n}, M=E')dnl\n" for n in range(40)),
}


def _append_cases() -> list[Case]:
    return [
        Case(
            id=f"append/{name}",
            source="generated",
            text=_HEAD + body + _TAIL,
            description=name,
            key=m4oracle.cache_key("generated", _HEAD + body + _TAIL),
            compile=partial(m4oracle.compile_mc, _HEAD + body + _TAIL, timeout=M4_TIMEOUT),
        )
        for name, body in _APPEND_CASES.items()
    ]


CASES = _generated_cases() + _corpus_cases() + _append_cases()


# -- Tally and terminal summary -------------------------------------------------


@dataclass
class _Tally:
    compared: Counter[str] = field(default_factory=Counter)
    agreed: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)
    unknown_reasons: Counter[str] = field(default_factory=Counter)
    m4_failed: Counter[str] = field(default_factory=Counter)

    def lines(self) -> Iterator[str]:
        for source in ("generated", "corpus"):
            total = self.compared[source] + self.unknown[source] + self.m4_failed[source]
            if not total:
                continue
            yield (
                f"{source}: {total} configs, {self.compared[source]} decided by the model "
                f"({self.agreed[source]} agree with m4), {self.unknown[source]} unknown, "
                f"{self.m4_failed[source]} not compiled by m4"
            )
        for reason, count in self.unknown_reasons.most_common(10):
            yield f"  unknown x{count}: {reason}"


_TALLY = _Tally()


class _SummaryPlugin:
    """Prints the tally at the end of the run, whether or not output is captured."""

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        lines = list(_TALLY.lines())
        if lines:
            terminalreporter.section("m4 differential (cf_options vs real m4)")
            for line in lines:
                terminalreporter.write_line(line)


@pytest.fixture(scope="session", autouse=True)
def _differential_summary(request: pytest.FixtureRequest) -> None:
    manager = request.config.pluginmanager
    if manager.get_plugin("mcparse-differential-summary") is None:
        manager.register(_SummaryPlugin(), "mcparse-differential-summary")


# -- Oracle and model --------------------------------------------------------------


def _cache_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("mcparse-m4-oracle"))
    return tmp_path_factory.mktemp("m4-oracle")


@pytest.fixture(scope="session")
def oracle(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, OptionOutcome]:
    """m4's outcome for every selected case, computed once, two at a time, cached on disk."""
    selected: dict[str, Callable[[], M4Result]] = {}
    for item in request.session.items:
        case = getattr(item, "callspec", None) and item.callspec.params.get("case")
        if isinstance(case, Case):
            selected[case.key] = case.compile
    return m4oracle.run_cached(
        selected, cache_dir=_cache_dir(request, tmp_path_factory), workers=os.cpu_count() or 2
    )


def _mismatch_report(case: Case, m4: dict[str, list[str]], model: dict[str, list[str]]) -> str:
    lines = [f"{case.id}: {case.description}", "---- config ----", case.text.rstrip("\n"), "----"]
    for name in COMPARED_OPTIONS:
        if m4[name] != model[name]:
            lines.append(f"{name}:")
            lines.append(f"    m4:      {m4[name]!r}")
            lines.append(f"    mcparse: {model[name]!r}")
    return "\n".join(lines)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cf_options_match_m4(case: Case, request: pytest.FixtureRequest) -> None:
    parse, resolve = m4oracle.model_or_skip()
    # Fetched after the check above so m4 does not run while the model is missing.
    oracle: dict[str, OptionOutcome] = request.getfixturevalue("oracle")
    outcome = oracle[case.key]
    if not outcome.ok:
        _TALLY.m4_failed[case.source] += 1
        if case.source == "generated":
            pytest.skip(f"m4 rejects this generated config: {outcome.errors[:1]}")
        pytest.skip(f"m4 does not compile this corpus file: {outcome.errors[:1]}")

    config = resolve(parse(case.text).tree)
    if config.unknowns:
        # Not compared, but counted: the summary shows how much is undecided.
        _TALLY.unknown[case.source] += 1
        for unknown in config.unknowns:
            _TALLY.unknown_reasons[str(unknown.reason)] += 1
        return

    _TALLY.compared[case.source] += 1
    m4_options = {name: list(outcome.options.get(name, [])) for name in COMPARED_OPTIONS}
    model_options = {name: list(config.cf_options.get(name, [])) for name in COMPARED_OPTIONS}
    assert model_options == m4_options, _mismatch_report(case, m4_options, model_options)
    _TALLY.agreed[case.source] += 1


def test_model_decides_most_generated_configs() -> None:
    """Guards against a model that escapes every comparison by calling everything unknown."""
    parse, resolve = m4oracle.model_or_skip()
    configs = confgen.generate(SEED, COUNT, raw_cf_lines=RAW_CF_LINES)
    undecided = [c.name for c in configs if resolve(parse(c.text).tree).unknowns]
    assert len(undecided) <= len(configs) // 2, (
        f"{len(undecided)} of {len(configs)} generated configs are marked unknown, "
        f"e.g. {undecided[:5]}"
    )
