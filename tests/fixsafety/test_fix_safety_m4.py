"""Safe fixes never change what sendmail does, proved with the real m4.

For every real-world corpus file, every example and fixture .mc in the
repository and every rule's documented examples: copy it to a temporary
directory, compile it with GNU m4 and Debian's sendmail-cf, apply the safe
fixes the way ``mc-check --fix`` does, compile again, and require the same
sendmail.cf apart from comments (and no new m4 error). A fix that changes
a single ``O``, ``D``, ``R`` or ``M`` line is a behaviour change and belongs
behind ``--unsafe-fixes``. On the same inputs every fix, unsafe ones too,
must keep to the lines of its finding.

The fixes run in this process through the library (what the CLI calls), the
m4 runs are subprocesses; ``test_cli_fix_matches_the_library`` checks once
that the real ``mc-check --fix`` writes the same text.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from m4oracle import CF_M4, compile_mc, corpus_dir, corpus_files, has_cf_include, prepare_for_m4, requires_m4

from mcparse.engine import check
from mcparse.fixes import apply_edits, fix_until_stable
from mcparse.settings import load_settings

pytestmark = [requires_m4, pytest.mark.m4]

REPO = Path(__file__).resolve().parents[2]

# .mc files kept in the repository as examples or test input (the VS Code
# grammar tests carry copies of the examples and two files of their own), and
# cases/: the smallest inputs on which a safe fix once changed sendmail.cf
# (a differential campaign of 2026-12-03: blanks m4 copies before a deleted
# call, a `#' line whose words expand, cf files that define a name between two
# undefines or behind an unquoted define).
REPO_FILES = sorted(
    [*REPO.glob("examples/*.mc"), *REPO.glob("vscode-extension/test/grammar/examples/*.mc"),
     *REPO.glob("vscode-extension/test/grammar/unit/*.mc"), *REPO.glob("tests/fixsafety/cases/*.mc")]
)


@dataclass(frozen=True)
class Case:
    """One input: where it comes from and its exact text."""

    name: str  # the file name m4 and the fixer see
    text: str


def _read(path: Path) -> str:
    # Byte-exact: CRLF and odd bytes survive the round trip through str.
    return path.read_bytes().decode("utf-8", errors="surrogateescape")


def _rule_cases() -> list[tuple[str, Case]]:
    from mcparse.rules import all_rules

    cases = []
    for rule in all_rules():
        for which in ("bad", "good"):
            example = getattr(rule, which)
            if isinstance(example, bytes):
                example = example.decode("utf-8", errors="surrogateescape")
            cases.append((f"{rule.code}-{which}", Case(f"{rule.code.lower()}-{which}.mc", example)))
    return cases


# m4's error lines name the input line; a fix that removes a line moves the
# same error, which is not a change of behaviour.
_LINE_NUMBER = re.compile(r"^(m4:[^:\n]*):\d+:")


@dataclass(frozen=True)
class Build:
    """The parts of one m4 run that decide what sendmail does."""

    cf: tuple[str, ...]
    errors: tuple[str, ...]


def behaviour(cf_text: str) -> tuple[str, ...]:
    """The sendmail.cf lines sendmail acts on: comments (``#``, the ``#####``
    build banner among them) and empty lines left out, everything else exact."""
    return tuple(line for line in cf_text.split("\n") if line and not line.startswith("#"))


def build(text: str, name: str, workdir: Path) -> Build:
    """Compile ``text`` as the file ``name`` in ``workdir`` with the real m4.

    cf.m4 is Debian's wherever the file says it is; a file without include()
    gets cf.m4 first on m4's command line (``m4 cf.m4 file.mc``); /etc/mail
    site includes become empty files.
    """
    prepared, stubs = prepare_for_m4(text)
    for stub in stubs:
        target = workdir / stub
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    result = compile_mc(prepared, cwd=workdir, filename=name, preload_cf=not has_cf_include(text))
    errors = tuple(_LINE_NUMBER.sub(r"\1:", line) for line in result.errors)
    return Build(behaviour(result.stdout), errors)


def safe_fix(text: str, copy: Path) -> str:
    """The text ``mc-check --select ALL --fix`` would write for the file at
    ``copy``: every rule, those off by default too, since a user may turn any
    of them on and --fix must stay safe whatever is selected."""
    settings = load_settings(copy).with_overrides(select=["ALL"])
    return fix_until_stable(text, settings, unsafe=False, path=copy).text


def assert_fixes_keep_to_their_lines(text: str, copy: Path) -> None:
    """Every fix, safe or unsafe, changes only the lines of its finding: other
    lines may move (a FEATURE put before the MAILERs) or be added, never change."""
    settings = load_settings(copy).with_overrides(select=["ALL"])
    old = text.splitlines(keepends=True)
    for diagnostic in check(text, settings, path=copy):
        if diagnostic.fix is None:
            continue
        new = apply_edits(text, diagnostic.fix.edits).splitlines(keepends=True)
        removed: list[tuple[int, str]] = []
        added: list[str] = []
        opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
        for tag, old_start, old_end, new_start, new_end in opcodes:
            if tag in ("replace", "delete"):
                removed += [(number + 1, old[number]) for number in range(old_start, old_end)]
            if tag in ("replace", "insert"):
                added += new[new_start:new_end]
        span = diagnostic.span
        # A line the same as one of the finding's own may be the one the diff
        # chose to call changed (two identical MAILER lines, one fixed).
        own = old[span.line - 1 : span.end_line]
        outside = [
            (row, line) for row, line in removed
            if not span.line <= row <= span.end_line and line not in added and line not in own
        ]
        assert not outside, f"{diagnostic.code}'s fix changes lines outside {span.line}-{span.end_line}: {outside}"


def assert_fix_is_safe(case: Case, tmp_path: Path) -> None:
    copy = tmp_path / "mc" / case.name
    copy.parent.mkdir()
    copy.write_bytes(case.text.encode("utf-8", errors="surrogateescape"))
    assert_fixes_keep_to_their_lines(case.text, copy)
    fixed = safe_fix(case.text, copy)
    if fixed == case.text:
        return
    workdir = tmp_path / "m4"
    workdir.mkdir()
    before, after = build(case.text, case.name, workdir), build(fixed, case.name, workdir)
    # A fix may silence an m4 error (a duplicate MAILER dropped), never add one.
    if before.cf == after.cf and set(after.errors) <= set(before.errors):
        return
    changed = [
        line for line in difflib.unified_diff(before.cf, after.cf, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    fix_diff = [
        line.rstrip("\n") for line in difflib.unified_diff(
            case.text.splitlines(True), fixed.splitlines(True), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    pytest.fail(
        f"safe --fix changed what sendmail does in {case.name}\n"
        "the fix:\n  " + "\n  ".join(fix_diff[:20]) + "\n"
        "sendmail.cf:\n  " + "\n  ".join(changed[:20]) + "\n"
        f"m4 errors before: {list(before.errors)[:3]}\n"
        f"m4 errors after:  {list(after.errors)[:3]}"
    )


_CORPUS = corpus_files()


@pytest.mark.skipif(not _CORPUS, reason=f"no corpus at {corpus_dir()} (a checkout of shared/corpus beside the repo)")
@pytest.mark.parametrize("path", _CORPUS, ids=[p.name for p in _CORPUS])
def test_safe_fixes_keep_the_corpus_cf(path: Path, tmp_path: Path) -> None:
    assert_fix_is_safe(Case(path.name, _read(path)), tmp_path)


@pytest.mark.parametrize("path", REPO_FILES, ids=[str(p.relative_to(REPO)) for p in REPO_FILES])
def test_safe_fixes_keep_the_examples_cf(path: Path, tmp_path: Path) -> None:
    assert_fix_is_safe(Case(path.name, _read(path)), tmp_path)


_RULE_CASES = _rule_cases()


@pytest.mark.parametrize("case", [case for _, case in _RULE_CASES], ids=[name for name, _ in _RULE_CASES])
def test_safe_fixes_keep_the_rule_examples_cf(case: Case, tmp_path: Path) -> None:
    assert_fix_is_safe(case, tmp_path)


def test_the_differential_sees_a_behaviour_change(tmp_path: Path) -> None:
    # The comparison itself must not be blind: a changed option is a change,
    # a changed comment is not.
    head = f"divert(0)dnl\ninclude(`{CF_M4}')dnl\nOSTYPE(`linux')dnl\n"
    one = build(head + "define(`confLOG_LEVEL', `9')dnl\n# a comment\n", "a.mc", tmp_path)
    same = build(head + "define(`confLOG_LEVEL', `9')dnl\n# another comment\n", "a.mc", tmp_path)
    other = build(head + "define(`confLOG_LEVEL', `14')dnl\n# a comment\n", "a.mc", tmp_path)
    assert one == same
    assert one != other
    assert "O LogLevel=9" in one.cf


def test_cli_fix_matches_the_library(tmp_path: Path) -> None:
    # The differential above calls the library; the real command must write
    # the same text, or the proof would be about something users never run.
    # The examples plus the bad example of every rule with a safe fix, so
    # that some file does change.
    executable = shutil.which("mc-check", path=str(Path(sys.executable).parent))
    command = [executable] if executable else [sys.executable, "-m", "mcparse"]
    inputs = {path.name: _read(path) for path in sorted(REPO.glob("examples/*.mc"))}
    for name, case in _RULE_CASES:
        if name.endswith("-bad") and _has_safe_fix(name.split("-")[0]):
            inputs[case.name] = case.text
    copies = []
    for name, text in inputs.items():
        copy = tmp_path / name
        copy.write_bytes(text.encode("utf-8", errors="surrogateescape"))
        copies.append(copy)
    expected = {copy.name: safe_fix(_read(copy), copy) for copy in copies}
    assert any(expected[name] != text for name, text in inputs.items())
    subprocess.run(
        [*command, "--select", "ALL", "--fix", "--exit-zero", *map(str, copies)], cwd=tmp_path, capture_output=True,
        check=False, timeout=120, env=_environment(),
    )
    assert {copy.name: _read(copy) for copy in copies} == expected


def _has_safe_fix(code: str) -> bool:
    from mcparse.rules import all_rules

    return any(rule.code == code and rule.fix_safety == "safe" for rule in all_rules())


def _environment() -> dict[str, str]:
    return {**os.environ, "MC_CHECK_NO_CACHE": "1", "PYTHONPATH": str(REPO)}
