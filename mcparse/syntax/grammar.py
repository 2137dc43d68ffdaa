"""Loads grammar/mc.lark once per process, with Lark's tables cached on disk."""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from lark import Lark
from lark.lexer import Lexer

from .lexer import SCAN_ORDER, Scanner


def grammar_text() -> str:
    """The grammar, from the installed package or, in a source checkout, grammar/."""
    try:
        return resources.files("mcparse.grammar").joinpath("mc.lark").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        source_tree = Path(__file__).resolve().parents[2] / "grammar" / "mc.lark"
        return source_tree.read_text(encoding="utf-8")


class _TokenList(Lexer):
    """Hands Lark the token list that :class:`Scanner` already produced."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Any]:  # type: ignore[override]
        return iter(data)


def _cache_path(text: str) -> str:
    # Lark's own cache file name depends on the grammar and options; keep ours
    # in a per-user cache directory, never inside the installed package.
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    directory = os.path.join(base, "mcparse")
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError:
        directory = tempfile.gettempdir()
    return os.path.join(directory, f"mc-lark-{digest}.cache")


@cache
def load() -> tuple[Lark, Scanner]:
    """The LALR parser and the scanner built from the grammar's terminals."""
    text = grammar_text()
    options: dict[str, Any] = dict(parser="lalr", lexer=_TokenList, maybe_placeholders=False)
    try:
        lark = Lark(text, cache=_cache_path(text), **options)
    except (OSError, EOFError, ValueError):
        # An unwritable or corrupt cache must never stop a check.
        lark = Lark(text, **options)
    patterns = {terminal.name: terminal.pattern.to_regexp() for terminal in lark.terminals}
    return lark, Scanner({name: patterns[name] for name in SCAN_ORDER})
