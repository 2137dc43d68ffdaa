"""Syntax errors agree with the real m4 on every real-world file.

Where m4 reads a file without a syntax error, mcparse reports none
(MC001/MC002); where m4 ends inside a string or an argument list, mcparse
reports that too. Every other m4 error must have a known, listed reason, so
a new kind of failure shows up here instead of hiding behind a skip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from syntax_inputs import corpus_dir, corpus_files, example_files, input_id, sendmail_cf_files
from m4oracle import M4Error, classify_m4_errors, compile_corpus_file, requires_m4

from mcparse.syntax import parse_file

pytestmark = [pytest.mark.m4, requires_m4]

# m4's end-of-input messages and the code mcparse gives the same problem.
SYNTAX_CODE = {
    "end of file in string": "MC001",
    "end of file in argument list": "MC002",
}

# Why m4 fails on files whose syntax is fine. A message matching none of
# these fails the test: someone has to look at it and add the reason.
OTHER_REASONS: tuple[tuple[str, str], ...] = (
    (r"cannot open `[^']*(\{\{|<%)", "includes a file named by a template placeholder, not yet filled in"),
    (r"cannot open `[^']*/(domain|feature|mailer|hack)/", "uses a domain/feature/mailer/hack this sendmail-cf does not ship"),
    (r"cannot open `[^'/]*\.m4'", "pre-V8 config: includes the old sendmail's base files by relative name"),
    (r"FEATURE\(\) should be before MAILER\(\)", "cf.m4's ordering check: FEATURE() after MAILER()"),
    (r"No system type defined|not specified a valid operating system type", "cf.m4's check: no OSTYPE()"),
    (r"Berkeley sample configuration", "Berkeley's own site files refuse to build outside Berkeley"),
)

# Syntax errors m4 reports that no parser can see in the text: they come
# from what macros expand to. Each entry is re-checked against m4 below, so
# the list cannot go stale.
DYNAMIC_SYNTAX_ERRORS = {
    "052-fidogate-hack-check-rcpt-1996.m4": (
        "end of file in argument list",
        "define(`COMMENT', ifdef(`_USE_IP_', `', `#')) expands to '#' while m4 collects define's "
        "arguments; the '#' then starts a comment that swallows the closing parenthesis",
    ),
}


def _cases() -> list[object]:
    files = corpus_files() + sendmail_cf_files() + example_files()
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no inputs ({corpus_dir()})"), id="missing")]
    return [pytest.param(path, id=input_id(path)) for path in files]


def _reason(error: M4Error) -> str | None:
    for pattern, reason in OTHER_REASONS:
        if re.search(pattern, error.message):
            return reason
    return None


@pytest.mark.parametrize("path", _cases())
def test_syntax_errors_agree_with_m4(path: Path) -> None:
    errors = classify_m4_errors(compile_corpus_file(path))
    ours = {d.code for d in parse_file(path).diagnostics} & {"MC001", "MC002"}
    m4_syntax = {e.message.removeprefix("ERROR: ") for e in errors if e.kind == "syntax"}

    unexplained = [e.message for e in errors if e.kind == "other" and _reason(e) is None]
    assert not unexplained, f"m4 fails on {path.name} for a reason this test does not know: {unexplained}"

    dynamic = DYNAMIC_SYNTAX_ERRORS.get(path.name)
    if dynamic is not None:
        message, why = dynamic
        assert message in m4_syntax, f"listed as a dynamic m4 error ({why}) but m4 no longer reports it"
        assert not ours, f"{path.name}: the text itself is balanced, yet mcparse reports {ours}"
        return

    expected = {SYNTAX_CODE[message] for message in m4_syntax}
    if not expected:
        assert not ours, f"m4 reads {path.name} without a syntax error, mcparse reports {sorted(ours)}"
    else:
        missing = expected - ours
        assert not missing, f"m4 reports {sorted(m4_syntax)} on {path.name}; mcparse misses {sorted(missing)}"


@pytest.mark.parametrize(
    ("text", "m4_message", "code"),
    [
        pytest.param("define(`relay', `x'\nMAILER(`smtp')dnl\n", "end of file in argument list", "MC002", id="unclosed-call"),
        pytest.param("define(`a', `b)dnl\nMAILER(`smtp')dnl\n", "end of file in string", "MC001", id="unterminated-quote"),
        pytest.param("dnl `x\n# don`t\nf(`a', (b, c))\n", None, None, id="balanced"),
    ],
)
def test_inline_inputs_agree_with_m4(text: str, m4_message: str | None, code: str | None, tmp_path: Path) -> None:
    """The agreement above also holds where m4 does report a syntax error
    (the corpus has few such files)."""
    path = tmp_path / "input.mc"
    path.write_text(text, encoding="utf-8")
    errors = classify_m4_errors(compile_corpus_file(path))
    messages = [e.message for e in errors if e.kind == "syntax"]
    ours = [d.code for d in parse_file(path).diagnostics]
    if m4_message is None:
        assert messages == [] and ours == []
    else:
        assert any(m4_message in message for message in messages), messages
        assert code in ours
