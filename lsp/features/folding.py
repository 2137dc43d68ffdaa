"""Folding ranges: multi-line calls and quoted strings, comment blocks, LOCAL_* sections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mcparse.syntax.tree import Comment, Document, MacroCall, Quoted, walk
from mcparse.source import LineIndex

from .symbols import sections

FoldKind = Literal["region", "comment"]


@dataclass(frozen=True)
class Fold:
    start_line: int  # 0-based
    end_line: int
    kind: FoldKind


def folding_ranges(document: Document, index: LineIndex) -> list[Fold]:
    folds: dict[tuple[int, int], Fold] = {}

    def add(start: int, end: int, kind: FoldKind) -> None:
        first, last = index.line_of(start), index.line_of(max(start, end - 1))
        if last > first and (first, last) not in folds:
            folds[(first, last)] = Fold(first, last, kind)

    comment_run: list[int] = []  # line numbers of consecutive whole-line comments
    for node in walk(document):
        if isinstance(node, (MacroCall, Quoted)):
            add(node.span.start, node.span.end, "region")
        elif isinstance(node, Comment):
            line = index.line_of(node.span.start)
            starts_line = not index.text[index.line_starts[line] : node.span.start].strip()
            if starts_line and comment_run and comment_run[-1] == line - 1:
                comment_run.append(line)
            else:
                if len(comment_run) > 1:
                    folds[(comment_run[0], comment_run[-1])] = Fold(comment_run[0], comment_run[-1], "comment")
                comment_run = [line] if starts_line else []
    if len(comment_run) > 1:
        folds[(comment_run[0], comment_run[-1])] = Fold(comment_run[0], comment_run[-1], "comment")
    for _, start, end in sections(document, index.text):
        add(start, end, "region")
    return sorted(folds.values(), key=lambda fold: (fold.start_line, fold.end_line))
