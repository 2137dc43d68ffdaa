"""rules._m4.live_hash_lines and spaced_calls against plain reference versions.

Both were rewritten to search the text (and only the tree's containers)
instead of visiting every leaf: a file of sendmail.cf rule lines has a
hundred thousand of them. The references below visit every node the obvious
way; the two must agree on every input we have.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import mcparse
from mcparse.rules._m4 import hash_starts_comment, line_end, live_hash_lines, spaced_calls
from mcparse.rules.base import Context
from mcparse.syntax.tree import walk
from mcparse.vocabulary import load_vocabulary

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "syntax"))
from syntax_inputs import corpus_files, example_files, sendmail_cf_files  # noqa: E402

CF = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
HAND_MADE = [
    "OSTYPE(`linux')\nFEATURE (`x')\n# FEATURE (`y')\ndnl\nLOCAL_CONFIG\n#x define (`a', `b')\ndefine (`c')\n",
    CF + "`#' # a # b\n#\n##\ndnl # x\nfoo(#) # define(`x')\nR$* $#esmtp $@ x\n# FEATURE (`y')\n",
    CF + "ifelse(`a', define (`q', x))\nLOCAL_RULESETS\nR$+\t$#local $: $1 # define (`z')\n",
    # Names that start right after digits, a quote or another word's end; tabs and several blanks.
    "1define (`a')\n`q'define\t (`b')\nxdefine (`c') $2FEATURE  (`d')\nFEATURE(`e', define (`f'))\n"
    "FEATURE (\nfoo) define\n(`g')\n",
]


def _reference_hash_lines(context: Context) -> list[tuple[int, int, int, bool]]:
    text, index = context.text, context.index
    found, last_line = [], -1
    for node in context.tree.children:
        if node.kind == "comment" and node.style == "hash":
            offsets = [node.start]
        elif node.kind == "text":
            offsets = [node.start + i for i, char in enumerate(node.text) if char == "#"]
        else:
            continue
        for offset in offsets:
            line = index.line_of(offset)
            if line == last_line or hash_starts_comment(context, offset):
                continue
            last_line = line
            start = index.line_starts[line]
            found.append((offset, start, line_end(text, offset), not text[start:offset].strip(" \t")))
    return found


def _reference_spaced_calls(context: Context) -> list[tuple[int, int]]:
    macros = load_vocabulary().macros
    hash_lines = [(offset, end) for offset, _, end, _ in _reference_hash_lines(context)]
    found = []
    for node in walk(context.tree):
        if node.kind not in ("document", "argument", "group"):
            continue
        children = node.children
        for position in range(len(children) - 2):
            name, blank, following = children[position : position + 3]
            if name.kind != "name" or blank.kind != "whitespace":
                continue
            macro = macros.get(name.text)
            if macro is None or macro.min_args == 0:
                continue
            if not (following.kind == "group" or context.text.startswith("(", following.start)):
                continue
            if any(start < name.start <= end for start, end in hash_lines):
                continue
            found.append((name.start, blank.start))
    return found


def _inputs() -> list[Any]:
    files = [*corpus_files(), *sendmail_cf_files(), *example_files()]
    return [pytest.param(text, id=f"hand-{n}") for n, text in enumerate(HAND_MADE)] + [
        pytest.param(path.read_bytes().decode("utf-8", "surrogateescape"), id=path.name) for path in files
    ]


@pytest.mark.parametrize("text", _inputs())
def test_helpers_agree_with_their_reference(text: str) -> None:
    parsed = mcparse.parse(text)
    config = mcparse.resolve(parsed, compile=False)
    context = Context(parse=parsed, config=config, options=None, path=None, active_codes=frozenset(), shared={})
    lines = [(line.offset, line.line_start, line.line_end, line.starts_line) for line in live_hash_lines(context)]
    assert lines == _reference_hash_lines(context)
    assert [(name.start, blank.start) for name, blank in spaced_calls(context)] == _reference_spaced_calls(context)


@pytest.mark.parametrize("text", _inputs())
def test_all_calls_is_every_call_of_a_walk_in_order(text: str) -> None:
    from mcparse.rules._m4 import all_calls
    from mcparse.syntax.tree import calls

    parsed = mcparse.parse(text + "x(a(b, (c(d)), `e(f)'), g(h)) i((j(k)))\n")
    context = Context(parse=parsed, config=mcparse.resolve(parsed, compile=False), options=None, path=None,
                      active_codes=frozenset(), shared={})
    assert all_calls(context) == list(calls(parsed.syntax))
