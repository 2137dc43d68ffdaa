"""Differential test: ``mcparse.compile(text).cf`` is byte for byte what GNU m4 writes.

For every case of tests/compile/cases.py (a minimal config around each stock
FEATURE/OSTYPE/DOMAIN/MAILER/HACK file, sendmail-cf's own sample .mc files,
the real-world corpus and 320 random configs from cfgen.py):

* ``test_cf_matches_m4``: the sendmail.cf mcparse produces equals m4's
  stdout once the three machine-dependent build lines (``##### built by``,
  ``##### in``, ``##### using``) are removed from both; a failure shows the
  first differing line, where mcparse says it came from, a unified diff and
  the .mc;
* ``test_messages_match_m4``: the ``*** ERROR`` / ``*** WARNING`` messages
  cf.m4 errprint()s come out of ``compile().messages`` with the same texts
  (whitespace aside: one message written in several errprint() calls may be
  presented with its parts on separate lines) in the same order;
* ``test_stderr_matches_m4`` (live m4 only): ``compile().stderr`` is m4's
  stderr, the .mc's own name aside.

Hand-written ``messages/*`` cases also check that each message points at the
.mc line that causes it (``test_message_lines``), and a sample checks that
``compile().lines`` spells out ``compile().cf``.

Without m4 (but with sendmail-cf) the cf and messages are compared by sha256
with tests/compile/recorded.json, as long as the installed sendmail-cf files
are the recorded ones; without sendmail-cf everything is skipped. After
upgrading sendmail-cf, regenerate with ``python tests/compile/record_outputs.py``.

Reproduce one random case with ``cfgen.generate_one(seed, index)``;
``MCPARSE_COMPILE_SEED`` / ``MCPARSE_COMPILE_COUNT`` change the sample
(recordings only cover the default one).
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import cases
from cases import Case, Outcome

pytestmark = [pytest.mark.m4]

CASES = cases.all_cases()
M4 = cases.m4_available()
# Cases whose compile().lines are checked against compile().cf.
_LINES_SAMPLE = [
    c for c in CASES if c.group in {"messages", "stock"} or (c.group == "cfgen" and c.id.endswith(("0", "5")))
][:80]
_LINES_SAMPLE_IDS = {c.id for c in _LINES_SAMPLE}
_NO_CF = f"sendmail-cf is not installed (no {cases.CF_M4}; apt install sendmail-cf)"

DIFF_LINES = 60  # unified diff lines shown in a failure
MC_LINES = 80  # .mc lines shown in a failure


def _params(selected: Iterable[Case]) -> list[Any]:
    selected = list(selected)
    if not CASES:
        return [pytest.param(None, id="no-sendmail-cf", marks=pytest.mark.skip(reason=_NO_CF))]
    return [pytest.param(c, id=c.id) for c in selected]


# -- What m4 says (live or recorded) -----------------------------------------------------


@dataclass(frozen=True)
class Expected:
    outcome: Outcome | None
    # Why there is nothing to compare with (recorded mode only).
    skip_reason: str = ""
    live: bool = False


def _cache_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("mcparse-compile-oracle"))
    return tmp_path_factory.mktemp("compile-oracle")


@pytest.fixture(scope="session")
def expected(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Expected]:
    """m4's outcome for every selected case: run (in parallel, cached) or read from recorded.json."""
    selected: dict[str, Case] = {}
    for item in request.session.items:
        case = getattr(item, "callspec", None) and item.callspec.params.get("case")
        if isinstance(case, Case):
            selected[case.id] = case
    if M4:
        outcomes = cases.run_all(list(selected.values()), cache_dir=_cache_dir(request, tmp_path_factory))
        return {cid: Expected(outcomes[cid], live=True) for cid in selected}
    recorded = cases.load_recorded()
    if recorded is None:
        reason = f"GNU m4 is not installed and {cases.RECORDED.name} is missing"
        return {cid: Expected(None, reason) for cid in selected}
    if recorded["sendmail_cf_tree_sha256"] != cases.cf_tree_fingerprint():
        reason = (
            "GNU m4 is not installed and the installed sendmail-cf differs from the one "
            f"{cases.RECORDED.name} was recorded with ({recorded['sendmail_cf_version']})"
        )
        return {cid: Expected(None, reason) for cid in selected}
    out: dict[str, Expected] = {}
    for cid, case in selected.items():
        entry = recorded["cases"].get(cid)
        if entry is None:
            out[cid] = Expected(None, f"GNU m4 is not installed and {cid} is not in {cases.RECORDED.name}")
        elif entry["input_sha256"] != case.input_sha256:
            out[cid] = Expected(None, f"GNU m4 is not installed and {cid} changed since it was recorded")
        else:
            out[cid] = Expected(Outcome.from_json(entry))
    return out


# -- What mcparse says -------------------------------------------------------------------


def compile_case(case: Case) -> Any:
    """``mcparse.compile`` on the case's text (site-include stubs next to it when it has some)."""
    import mcparse

    if case.our_path:
        return mcparse.compile(case.text, path=case.our_path)
    if case.in_dir or case.stubs:
        with tempfile.TemporaryDirectory(prefix="mcparse-compile-ours-") as tmp:
            path = cases.materialize(case, Path(tmp), case.text)
            return mcparse.compile(case.text, path=path)
    return mcparse.compile(case.text)


def errprint_text(messages: Iterable[tuple[str, str | None]]) -> str:
    """What cf.m4 errprint()ed, in order (m4's own diagnostics left out).

    The texts are joined with newlines: whitespace does not count when the
    messages are compared (see cases.marker_lines).
    """
    kept = [(text, kind) for text, kind in messages]
    if any(kind is not None for _, kind in kept):
        return "\n".join(text for text, kind in kept if kind == "errprint")
    return cases.errprint_stream("\n".join(text for text, _ in kept))


@dataclass
class _Ours:
    # (text, kind, line) of each message
    messages: list[tuple[str, str | None, int | None]]
    stderr: str | None
    name: str
    # What is wrong with compile().lines ("" when nothing is), for _LINES_SAMPLE cases.
    lines_problem: str | None = None
    # Files m4 would have tried to read that the sandbox did not look at.
    unread: tuple[str, ...] = ()


def lines_problem(case: Case, result: Any) -> str:
    """"" when ``result.lines`` spells out ``result.cf`` line by line with plausible .mc lines."""
    cf_lines = result.cf.split("\n")
    if cf_lines and cf_lines[-1] == "":
        cf_lines.pop()
    texts = [str(line.text).rstrip("\n") for line in result.lines]
    if texts != cf_lines:
        first = next((i for i, (x, y) in enumerate(zip(texts, cf_lines)) if x != y), min(len(texts), len(cf_lines)))
        return f"{len(texts)} entries in .lines for {len(cf_lines)} cf lines; first mismatch at line {first + 1}"
    n_mc = case.text.count("\n") + 1
    bad = [(i + 1, ln.mc_line) for i, ln in enumerate(result.lines) if ln.mc_line is not None and not 1 <= ln.mc_line <= n_mc]
    if bad:
        return f"mc_line outside 1..{n_mc} (cf line, mc_line): {bad[:10]}"
    return ""


# Messages kept from the cf test, so the message test need not compile again.
_COMPILED: dict[str, _Ours] = {}


def _our_name(case: Case) -> str:
    """The name mcparse gives the .mc in m4-style diagnostics."""
    if case.our_path:
        return Path(case.our_path).name
    return case.filename if case.in_dir or case.stubs else "sendmail.mc"


def _ours(case: Case) -> tuple[Any | None, _Ours]:
    kept = _COMPILED.get(case.id)
    if kept is not None:
        return None, kept
    result = compile_case(case)
    kept = _Ours(
        messages=[(str(m.text), getattr(m, "kind", None), getattr(m, "line", None)) for m in result.messages],
        stderr=getattr(result, "stderr", None),
        name=_our_name(case),
        lines_problem=lines_problem(case, result) if case.id in _LINES_SAMPLE_IDS else None,
        unread=tuple(str(u.name) for u in getattr(result, "unread", ())),
    )
    _COMPILED[case.id] = kept
    return result, kept


# -- Failure reports --------------------------------------------------------------------


def _kept_line_numbers(cf: str) -> list[int]:
    """0-based indices (in ``cf.split('\\n')``) of the lines strip_build_lines keeps."""
    removed = set()
    for start, _ in cases.build_line_spans(cf):
        removed.add(cf.count("\n", 0, start))
    return [i for i in range(cf.count("\n") + 1) if i not in removed]


def _provenance(result: Any, stripped_index: int) -> str:
    """Where mcparse says our line ``stripped_index`` (0-based, build lines removed) came from."""
    lines = getattr(result, "lines", None)
    if lines is None:
        return ""
    kept = _kept_line_numbers(result.cf)
    if stripped_index >= len(kept) or kept[stripped_index] >= len(lines):
        return ""
    info = lines[kept[stripped_index]]
    origin = getattr(info, "origin", info)

    def field(name: str) -> Any:
        return getattr(info, name, None) if getattr(info, name, None) is not None else getattr(origin, name, None)

    return f"  (mcparse: from .mc line {field('mc_line')}, {field('file')}:{field('file_line')})"


def _mc_excerpt(text: str) -> str:
    lines = text.split("\n")
    shown = "\n".join(f"{n:4} | {line}" for n, line in enumerate(lines[:MC_LINES], 1))
    if len(lines) > MC_LINES:
        shown += f"\n     ... {len(lines) - MC_LINES} more lines"
    return shown


def diff_report(case: Case, theirs: str, ours: str, result: Any) -> str:
    """The first differing lines with context, where our line came from, and the .mc."""
    a = theirs.splitlines(keepends=True)
    b = ours.splitlines(keepends=True)
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    diff = list(difflib.unified_diff(a, b, "m4 (build lines removed)", "mcparse.compile", n=3))
    changed = sum(1 for d in diff if d[:1] in "+-" and not d.startswith(("+++", "---")))
    shown = [d if d.endswith("\n") else d + "\n\\ No newline at end of file\n" for d in diff[:DIFF_LINES]]
    more = f"... {len(diff) - DIFF_LINES} more diff lines\n" if len(diff) > DIFF_LINES else ""
    m4_line = a[first].rstrip("\n") if first < len(a) else "<end of output>"
    our_line = b[first].rstrip("\n") if first < len(b) else "<end of output>"
    return (
        f"{case.id}: sendmail.cf differs from m4's ({len(a)} vs {len(b)} lines, "
        f"{changed} changed lines in the diff)\n"
        f"{case.description}\n"
        f"first difference at cf line {first + 1} (build lines removed):\n"
        f"  m4:      {m4_line!r}\n"
        f"  mcparse: {our_line!r}{_provenance(result, first)}\n"
        f"---- diff ----\n{''.join(shown)}{more}"
        f"---- .mc given to mcparse.compile ----\n{_mc_excerpt(case.text)}"
    )


# -- Tally ----------------------------------------------------------------------------------


_TALLY: dict[str, Counter[str]] = {
    k: Counter() for k in ("cf", "cf-ok", "msg", "msg-ok", "err", "err-ok")
}


class _SummaryPlugin:
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not _TALLY["cf"] and not _TALLY["msg"]:
            return
        terminalreporter.section("mcparse.compile vs m4 (sendmail.cf byte-identical, messages)")
        mode = "live m4" if M4 else f"recorded ({cases.RECORDED.name})"
        terminalreporter.write_line(f"oracle: {mode}")
        for group in sorted(set(_TALLY["cf"]) | set(_TALLY["msg"])):
            terminalreporter.write_line(
                f"{group:16} cf identical {_TALLY['cf-ok'][group]}/{_TALLY['cf'][group]}, "
                f"messages identical {_TALLY['msg-ok'][group]}/{_TALLY['msg'][group]}, "
                f"stderr identical {_TALLY['err-ok'][group]}/{_TALLY['err'][group]}"
            )


@pytest.fixture(scope="session", autouse=True)
def _compile_summary(request: pytest.FixtureRequest) -> None:
    manager = request.config.pluginmanager
    if manager.get_plugin("mcparse-compile-summary") is None:
        manager.register(_SummaryPlugin(), "mcparse-compile-summary")


# -- Tests -----------------------------------------------------------------------------------


def _expected_or_skip(expected: dict[str, Expected], case: Case) -> Outcome:
    exp = expected.get(case.id)
    if exp is None or exp.outcome is None:
        pytest.skip(exp.skip_reason if exp else "no m4 outcome for this case")
    return exp.outcome


@pytest.mark.parametrize("case", _params(CASES))
def test_cf_matches_m4(case: Case, expected: dict[str, Expected]) -> None:
    outcome = _expected_or_skip(expected, case)
    result, kept = _ours(case)
    if result is None:  # compiled by an earlier test in this session
        result = compile_case(case)
    ours = cases.strip_build_lines(result.cf)
    _TALLY["cf"][case.group] += 1
    if cases.sha256(ours) == outcome.cf_sha256:
        _TALLY["cf-ok"][case.group] += 1
        return
    if M4:
        theirs = cases.run_m4(case).cf
        pytest.fail(diff_report(case, theirs, ours, result), pytrace=False)
    pytest.fail(
        f"{case.id}: sha256 of mcparse's sendmail.cf differs from the recording "
        f"(install GNU m4 to see the diff)\n{case.description}\n"
        f"---- mcparse.compile, first lines ----\n" + "\n".join(ours.split("\n")[:30]),
        pytrace=False,
    )


@pytest.mark.parametrize("case", _params(CASES))
def test_messages_match_m4(case: Case, expected: dict[str, Expected]) -> None:
    outcome = _expected_or_skip(expected, case)
    _, kept = _ours(case)
    ours = cases.marker_lines(errprint_text((text, kind) for text, kind, _ in kept.messages))
    _TALLY["msg"][case.group] += 1
    key = cases.message_key
    assert [key(m) for m in ours] == [key(m) for m in outcome.markers], (
        f"{case.id}: *** ERROR / *** WARNING lines differ\n"
        f"  m4:      {outcome.markers}\n  mcparse: {ours}\n"
        f"  all mcparse messages: {[t for t, _, _ in kept.messages]}\n"
        f"{case.description}\n---- .mc ----\n{_mc_excerpt(case.text)}"
    )
    _TALLY["msg-ok"][case.group] += 1


def _normal_stderr(stderr: str, name: str) -> str:
    return stderr.replace(f"m4:{name}:", "m4:MC:")


@pytest.mark.parametrize("case", _params(CASES))
def test_stderr_matches_m4(case: Case, expected: dict[str, Expected]) -> None:
    """All of m4's stderr (errprint texts and m4's own diagnostics), the .mc's name aside."""
    exp = expected.get(case.id)
    if exp is None or exp.outcome is None or exp.outcome.stderr is None:
        pytest.skip("needs GNU m4 (stderr is not recorded)")
    _, kept = _ours(case)
    if kept.stderr is None:
        pytest.skip("mcparse.compile() gives no stderr")
    theirs = _normal_stderr(exp.outcome.stderr, case.filename)
    ours = _normal_stderr(kept.stderr, kept.name)
    # A file outside the sandbox is reported in compile().unread, not as
    # "cannot open": m4's line for it is not expected from mcparse.
    for name in kept.unread:
        theirs = re.sub(rf"m4:[^\n]*: cannot open `{re.escape(name)}': [^\n]*\n", "", theirs)
    _TALLY["err"][case.group] += 1
    assert ours == theirs, (
        f"{case.id}: stderr differs\n"
        + "".join(difflib.unified_diff(theirs.splitlines(True), ours.splitlines(True), "m4", "mcparse", n=1))[:3000]
    )
    _TALLY["err-ok"][case.group] += 1


_LINE_CASES = [c for c in CASES if c.expect_lines]


@pytest.mark.parametrize("case", _params(_LINE_CASES))
def test_message_lines(case: Case) -> None:
    """Each expected diagnostic exists and points at the .mc line that causes it."""
    if not cases.CF_M4.is_file():
        pytest.skip(_NO_CF)
    _, kept = _ours(case)
    problems = []
    for exp in case.expect_lines:
        found = [(text, line) for text, _, line in kept.messages if exp.needle in text]
        if not found:
            problems.append(f"no message containing {exp.needle!r}")
            continue
        lines = [line for _, line in found]
        if not any(line is not None and exp.lo <= line <= exp.hi for line in lines):
            where = f"line {exp.lo}" if exp.lo == exp.hi else f"lines {exp.lo}-{exp.hi}"
            problems.append(f"{exp.needle!r}: expected {where}, mcparse says {lines}")
    assert not problems, (
        f"{case.id}:\n  " + "\n  ".join(problems)
        + f"\n  all mcparse messages: {kept.messages}\n---- .mc ----\n{_mc_excerpt(case.text)}"
    )


def test_message_lines_agree_with_m4_locations(expected: dict[str, Expected]) -> None:
    """Where m4 itself names the .mc line of a diagnostic (``m4:input.mc:N: cannot open``), ours agrees."""
    checked = 0
    problems = []
    for case in [c for c in CASES if c.group in {"messages", "cfgen"}]:
        exp = expected.get(case.id)
        if exp is None or exp.outcome is None or not exp.live:
            continue
        located = []
        for diag in exp.outcome.diagnostics:
            m = re.match(rf"m4:{re.escape(case.filename)}:(\d+): (?:ERROR: )?(.*)", diag)
            if m and "cannot open" in m.group(2):
                located.append((int(m.group(1)), m.group(2)))
        if not located:
            continue
        _, kept = _ours(case)
        for line, text in located:
            checked += 1
            needle = text.split("'")[0]
            ours = [ln for t, _, ln in kept.messages if needle in t]
            if line not in ours:
                problems.append(f"{case.id}: m4 reports {text!r} at line {line}; mcparse lines {ours}")
    if checked == 0:
        pytest.skip("needs GNU m4 (and a located m4 diagnostic in the sample)")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("case", _params(_LINES_SAMPLE))
def test_lines_spell_out_cf(case: Case) -> None:
    """``compile().lines`` has one entry per cf line, with the line's text and a plausible origin."""
    if not cases.CF_M4.is_file():
        pytest.skip(_NO_CF)
    result, kept = _ours(case)
    problem = kept.lines_problem if result is None else lines_problem(case, result)
    if problem is None:  # compiled before this case was known to be in the sample
        problem = lines_problem(case, compile_case(case))
    assert not problem, f"{case.id}: {problem}"


def test_enough_cases() -> None:
    """The sample keeps its breadth (guards against a cases.py change that silently drops groups)."""
    if not CASES:
        pytest.skip(_NO_CF)
    groups = Counter(c.group for c in CASES)
    assert groups["cfgen"] >= 300 or os.environ.get("MCPARSE_COMPILE_COUNT"), groups
    for group in ("feature", "ostype", "domain", "mailer", "hack", "stock", "messages"):
        assert groups[group] > 0, groups


# -- Without provenance (mc-check compile): replayed steps -----------------------------------


def _run_plain(case: Case) -> Any:
    """``compiler.run(provenance=False)``, what ``mc-check compile`` runs: steps of
    sendmail-cf's files recorded by earlier cases of this session are replayed."""
    from mcparse.compiler import run
    from mcparse.m4 import memo

    if case.our_path:
        return run(case.text, path=case.our_path, provenance=False, replay=memo.SHARED)
    if case.in_dir or case.stubs:
        with tempfile.TemporaryDirectory(prefix="mcparse-compile-plain-") as tmp:
            path = cases.materialize(case, Path(tmp), case.text)
            return run(case.text, path=path, provenance=False, replay=memo.SHARED)
    return run(case.text, provenance=False, replay=memo.SHARED)


@pytest.mark.parametrize("case", _params(CASES))
def test_cf_without_provenance_matches_m4(case: Case, expected: dict[str, Expected]) -> None:
    """The memo (mcparse/m4/memo.py) changes nothing: cf and stderr as m4 writes them."""
    outcome = _expected_or_skip(expected, case)
    raw = _run_plain(case)
    from mcparse.m4 import from_latin1

    ours = cases.strip_build_lines(from_latin1(raw.engine.out.stdout.text()))
    if cases.sha256(ours) != outcome.cf_sha256:
        theirs = cases.run_m4(case).cf if M4 else ""
        pytest.fail(f"{case.id}: replayed compile differs from m4\n" + (
            diff_report(case, theirs, ours, None) if M4 else case.description), pytrace=False)
    if outcome.stderr is not None:
        stderr = _normal_stderr(raw.stderr, _our_name(case))
        theirs = _normal_stderr(outcome.stderr, case.filename)
        for name, _ in raw.engine.unread:
            theirs = re.sub(rf"m4:[^\n]*: cannot open `{re.escape(name)}': [^\n]*\n", "", theirs)
        assert stderr == theirs, f"{case.id}: stderr differs without provenance"


def test_memo_replays_most_steps() -> None:
    """Over the session's cases the memo is used at all (a memo that never hits is dead weight)."""
    from mcparse.m4 import memo

    if not cases.CF_M4.is_file():
        pytest.skip(_NO_CF)
    for case in [c for c in CASES if c.group == "cfgen"][:20]:
        _run_plain(case)
    assert memo.SHARED.hits > memo.SHARED.misses


def _compile_with(case: Case, replay: Any) -> Any:
    import mcparse

    if case.our_path:
        return mcparse.compile(case.text, path=case.our_path, replay=replay)
    if case.in_dir or case.stubs:
        with tempfile.TemporaryDirectory(prefix="mcparse-compile-replay-") as tmp:
            path = cases.materialize(case, Path(tmp), case.text)
            return mcparse.compile(case.text, path=path, replay=replay)
    return mcparse.compile(case.text, replay=replay)


def test_replay_keeps_every_origin() -> None:
    """With the memo, every cf line and message keeps the origin a fresh compile gives it."""
    from mcparse.m4 import memo

    if not cases.CF_M4.is_file():
        pytest.skip(_NO_CF)
    shared = memo.Memo()
    problems = []
    for case in _LINES_SAMPLE[:40]:
        fresh, replayed = _compile_with(case, None), _compile_with(case, shared)

        def traced(result: Any) -> list[tuple[str, Any]]:
            return [("" if line.text.startswith("#####") else line.text, line.origin) for line in result.lines]

        if traced(fresh) != traced(replayed):
            problems.append(f"{case.id}: lines differ")
        if [(m.text, m.origin, m.direct) for m in fresh.messages] != [
            (m.text, m.origin, m.direct) for m in replayed.messages
        ]:
            problems.append(f"{case.id}: messages differ")
    assert shared.hits
    assert not problems, "\n".join(problems[:20])
