"""Runs parse, resolve and check on one input and checks what must hold for any input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from treecheck import check_tree

from mcparse.diagnostics import Diagnostic
from mcparse.engine import INTERNAL_ERROR_CODE, check
from mcparse.model import SendmailConfig, resolve
from mcparse.syntax import ParseResult, parse

# Bounds on what a hostile file may make us print.
MAX_UNKNOWNS = 200
MAX_REASON = 300


@dataclass(repr=False)  # a deep tree's repr would recurse
class Outcome:
    parsed: ParseResult
    config: SendmailConfig
    diagnostics: list[Diagnostic]


def run_everything(source: Union[str, bytes]) -> Outcome:
    """Parse, resolve and check ``source``; assert the invariants that hold for every input."""
    parsed = parse(source)
    text = parsed.text
    check_tree(parsed, text)
    config = resolve(parsed)
    assert len(config.unknowns) <= MAX_UNKNOWNS
    for unknown in config.unknowns:
        assert 0 <= unknown.span.start <= unknown.span.end <= len(text)
        assert len(unknown.reason) <= MAX_REASON
    diagnostics = check(source)
    for diagnostic in diagnostics:
        assert diagnostic.code != INTERNAL_ERROR_CODE, diagnostic.message
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text), diagnostic
        if diagnostic.fix is not None:
            for edit in diagnostic.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text), (diagnostic.code, edit)
    return Outcome(parsed, config, diagnostics)
