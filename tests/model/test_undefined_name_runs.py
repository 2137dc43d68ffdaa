"""Long runs of words no macro has are searched in bulk (m4.py's
_undefined_names_skipper); the model is the same as reading them one by one."""

from __future__ import annotations

import random

import pytest

from mcparse.model import m4, resolve
from mcparse.syntax import parse

PLAIN = ["host", "relay", "R$*", "<", "@", ">", "x1", "9abc", "$#esmtp", "$@", "a" * 250, "b" * 600,
         "word_" * 40, "\n", "\t", ".", "=", "-"]
# Rare among them: defined names (a user macro, dnl, sendmail's own), quotes,
# comments and calls, each of which the bulk search must not pass.
RARE = ["foo_bar", "dnl", "define(`z', `1')", "`quoted'", "#c\n", "FEATURE(`x')", "MAILER", "SMART_HOST",
        "(", ")", ","]
HEADS = [
    "",
    "divert(-1)\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')\nOSTYPE(`linux')dnl\n"
    "define(`foo_bar', `EXP')dnl\nLOCAL_RULESETS\n",
    "define(`foo_bar', `EXP')dnl\nchangequote([,])dnl\n",
    "changecom(`//')define(`foo_bar', `(')\n",
    "OSTYPE(`linux')dnl\nLOCAL_CONFIG\n",
    "changequote(`q', `Q')dnl\n",  # a letter quote: no bulk search at all
]


def _texts(count: int) -> list[str]:
    generator = random.Random(11)
    texts = []
    for _ in range(count):
        rate = generator.choice([0.002, 0.01, 0.05])
        words = [generator.choice(RARE) if generator.random() < rate else generator.choice(PLAIN)
                 for _ in range(generator.randrange(20, 1500))]
        texts.append(generator.choice(HEADS) + " ".join(words))
    return texts


def _models(texts: list[str]) -> list[dict]:
    return [resolve(parse(text).syntax, compile=False).model_dump() for text in texts]


def test_bulk_search_gives_the_model_of_reading_name_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts(150)
    used = {"jumps": 0}
    make = m4._undefined_names_skipper.__wrapped__

    def counting(lquote: str, comment: str):  # type: ignore[no-untyped-def]
        skip = make(lquote, comment)
        if skip is None:
            return None

        def counted(text: str, position: int, macros: dict) -> int:
            ahead = skip(text, position, macros)
            used["jumps"] += ahead > position
            return ahead

        return counted

    monkeypatch.setattr(m4, "_undefined_names_skipper", counting)
    bulk = _models(texts)
    assert used["jumps"] > 100  # the bulk search really ran
    monkeypatch.setattr(m4, "_undefined_names_skipper", lambda lquote, comment: None)
    assert bulk == _models(texts)


def test_a_defined_name_after_a_long_run_still_expands() -> None:
    text = "define(`foo_bar', `EXPANDED')dnl\n" + "word " * 5000 + "foo_bar\n" + "b" * 300 + " foo_bar\n"
    model = resolve(parse(text).syntax, compile=False)
    written = "".join(line.text for line in model.output)
    assert written.count("EXPANDED") == 2
    assert "foo_bar" not in written
