"""Arguments that are each one quoted string are read in one match
(m4.py's Evaluator._collect_quoted); the evaluator ends in the same state
as reading them token by token: arguments, spans, tokens counted, budget."""

from __future__ import annotations

import random
import shutil
import subprocess
from typing import Any

import pytest

from mcparse.model import m4, resolve
from mcparse.model.sendmail import SendmailEvaluator
from mcparse.syntax import parse

# Shapes it takes, and near misses it must leave to the token-by-token reading.
ARGUMENT_LISTS = [
    "(`a')", "(`a', `b')", "(`a',`b')", "(\n\t`a',\n  `b')", "( `a' ,`b')", "(`a'`b')", "(`a', )", "()",
    "(`a\nb', `#c')", "(`a', ``nested'')", "(`a', b)", "(`a', `b'c)", "(`(', `)')", "(`,')", "(`a'",
    "(`', `')", "(`a', `b', `c', `d')",
]
NAMES = ["define", "FEATURE", "MAILER", "OSTYPE", "DAEMON_OPTIONS", "m", "undefined_name", "ifelse"]
HEADS = [
    "",
    "divert(-1)\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')\nOSTYPE(`linux')dnl\n",
    "define(`m', `define(`x', `$1')')dnl\n",
    "define(`m', `FEATURE(`y', `z')')dnl\nm\n",
    "changequote([,])dnl\n",
    "changequote(`<<', `>>')dnl\n",
    "changecom(`,')dnl\n",
    "changecom(` ')dnl\n",
]


def _texts(count: int) -> list[str]:
    generator = random.Random(5)
    texts = []
    for _ in range(count):
        calls = [generator.choice(NAMES) + generator.choice(ARGUMENT_LISTS) + generator.choice(["dnl\n", "\n", ""])
                 for _ in range(generator.randrange(1, 30))]
        texts.append(generator.choice(HEADS) + "".join(calls))
    return texts


def _state(text: str, max_tokens: int = 0) -> tuple[Any, ...]:
    evaluator = SendmailEvaluator(text, cf_included_from_start=True)
    if max_tokens:
        evaluator.max_tokens = max_tokens
    evaluator.run()
    return (
        evaluator.tokens_read, evaluator.stopped, evaluator.output,
        [(feature.name, feature.arguments, feature.site.span) for feature in evaluator.features],
        {name: [(item.value, item.site.span) for item in items] for name, items in evaluator.definitions.items()},
        [(unknown.kind, unknown.reason, unknown.span) for unknown in evaluator.unknowns],
    )


def _token_by_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(m4.Evaluator, "_collect_quoted", lambda self, call: False)


def test_one_match_gives_the_state_of_reading_token_by_token(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts(300)
    used = {"calls": 0}
    collect = m4.Evaluator._collect_quoted

    def counting(self: m4.Evaluator, call: m4.Call) -> bool:
        taken = collect(self, call)
        used["calls"] += taken
        return taken

    monkeypatch.setattr(m4.Evaluator, "_collect_quoted", counting)
    fast = [_state(text) for text in texts]
    models = [resolve(parse(text).syntax, compile=False).model_dump() for text in texts]
    assert used["calls"] > 500  # the one-match reading really ran
    _token_by_token(monkeypatch)
    assert fast == [_state(text) for text in texts]
    assert models == [resolve(parse(text).syntax, compile=False).model_dump() for text in texts]


def test_the_token_budget_stops_it_where_it_stops_token_by_token(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(f"define(`confMAX_HOP', `{number}')dnl\nFEATURE(`access_db', `hash -o')dnl\n" for number in range(40))
    fast = [_state(text, limit) for limit in range(1, 700, 3)]
    _token_by_token(monkeypatch)
    assert fast == [_state(text, limit) for limit in range(1, 700, 3)]


def test_a_blank_after_the_closing_quote_stays_in_the_argument() -> None:
    # m4 drops blanks before an argument, never after it.
    model = resolve(parse("define(`confMAX_HOP', `12' )dnl\n").syntax, compile=False)
    assert model.conf["confMAX_HOP"].definitions[-1].value == "12 "


@pytest.mark.parametrize("token_by_token", [False, True])
def test_the_same_string_as_both_quotes_closes_at_its_next_occurrence(
    monkeypatch: pytest.MonkeyPatch, token_by_token: bool
) -> None:
    # GNU m4 tests for the closing quote first: `m4` prints "b" for this.
    if token_by_token:
        _token_by_token(monkeypatch)
    evaluator = SendmailEvaluator('changequote(",")define("a","b")a\n', cf_included_from_start=False)
    evaluator.run()
    assert "".join(text for text, _, _ in evaluator.output) == "b\n"
    assert not evaluator.stopped


@pytest.mark.skipif(shutil.which("m4") is None, reason="GNU m4 is not installed")
@pytest.mark.parametrize("text", [
    'changequote(",")define("a","b")a\n',
    "changequote(`<<', `<')<<a<b\n",
    "changequote(`[', `]')define([x], [[y], z])x [q]\n",
    "changequote(`|', `|')define(|k|, |v|)k |w|\n",
])
def test_quotes_read_as_gnu_m4_reads_them(text: str) -> None:
    # What m4 itself prints for these, not what we believe it prints.
    expected = subprocess.run(["m4"], input=text, capture_output=True, text=True, check=False).stdout
    evaluator = m4.Evaluator(text)
    out: list[str] = []
    evaluator.emit = lambda piece, start, end: out.append(piece)  # type: ignore[method-assign]
    evaluator.run()
    assert "".join(out) == expected
