"""Parse a new version of a text from the parse of the previous one.

An editor sends a 5,000-line file again on every keystroke, with one line
changed. Only the lines around the change are lexed and parsed again; the
nodes before them are taken over from the previous tree (see MAX_BORROWED),
those after them copied (moved by the length difference). The result is
what :func:`parse` gives for the new text, node for node; when that cannot
be made sure of cheaply, the whole text is parsed instead. Three things
reach across lines in the lexer, and each is either shown not to have
changed or forces the full parse:

- quotes: a backquote's closing apostrophe depends only on the text after
  it, so quotes that open and close within the relexed lines are the same
  in the whole file; one left open there (or before, or after) is a parse
  problem, and a previous parse with problems is never reused;
- calls: a call opened in the relexed lines and closed after them shows up
  as an unclosed call there, which forces the full parse;
- ``#`` comments: the cf.m4 include (or changecom) that turns them off must
  lie before the relexed lines, or after them and not be added there.

The relexed window starts and ends at line starts that are also boundaries
between top-level nodes, so the lexer's state there is the one it has at
the start of a file (outside any call, quote or run of plain text).
"""

from __future__ import annotations

from bisect import bisect_right
from operator import attrgetter
from typing import Optional

from ..collector import collector_paused
from ..source import LineIndex
from . import tree as syntax_tree
from .builder import Builder
from .grammar import load
from .parser import ParseResult, _parse_calls, parse

_START = attrgetter("start")
# The nodes before an edit are the previous version's own, not copies: they
# read their text and lines from that version's index, which agrees with the
# new text before the edit (copying them was half of a large file's reparse).
# Each run of such nodes keeps one earlier text alive; past this many runs
# (edits walking down the file) they are copied onto the new text's index.
MAX_BORROWED = 4


def reparse(previous: ParseResult, text: str, *, index: Optional[LineIndex] = None) -> ParseResult:
    """The parse of ``text`` (what ``parse(text)`` gives, node for node),
    reusing ``previous``, the parse of an earlier version of the same file."""
    if index is None or index.text is not text:
        index = LineIndex(text)
    window = _window(previous, text)
    if window is None:
        return parse(text, index=index)
    first, last, start, old_stop = window
    delta = len(text) - len(previous.text)
    stop = old_stop + delta
    old_comments_end = previous.syntax.comments_end
    comments_before = old_comments_end is not None and old_comments_end <= start
    if old_comments_end is not None and start < old_comments_end <= old_stop:
        return parse(text, index=index)  # the include that turns comments off was edited
    lark, scanner = load()
    with collector_paused():
        lexed = scanner.lex(text, start, stop, comments=not comments_before)
        if lexed.problems or lexed.comments_end is not None:
            # A quote or call left open in the window, or an include added
            # there: the lines after it read differently.
            return parse(text, index=index)
        tokens = lexed.tokens
        if tokens.types and tokens.ends[-1] != stop:  # pragma: no cover - a token ran past the window
            return parse(text, index=index)
        builder = Builder(index)
        children = previous.syntax.children
        window_nodes = _parse_calls(lark, builder, tokens)
        borrowed = _borrowed(previous.syntax, start) if first else ()
        if borrowed is None:
            nodes = syntax_tree.moved(children[:first], 0, index)
            borrowed = ()
        else:
            nodes = list(children[:first])
        nodes.extend(window_nodes)
        nodes.extend(syntax_tree.moved(children[last:], delta, index))
    if comments_before or old_comments_end is None:
        comments_end = old_comments_end
    else:
        comments_end = old_comments_end + delta
    document = builder.document(tuple(nodes), comments_end, borrowed)
    return ParseResult.model_construct(syntax=document, diagnostics=(), text=text, bom=False)


def _borrowed(document: "syntax_tree.Document", start: int) -> Optional[tuple[tuple[int, LineIndex], ...]]:
    """The runs (end, index) of the document's nodes before ``start``, each
    reading an earlier text whose first ``end`` characters are this one's;
    None when there would be more than MAX_BORROWED (the nodes are then copied)."""
    runs: list[tuple[int, LineIndex]] = []
    begin = 0
    for end, index in document.borrowed:
        if begin >= start:
            break
        runs.append((min(end, start), index))
        begin = end
    if begin < start:
        runs.append((start, document.index))
    return tuple(runs) if len(runs) <= MAX_BORROWED else None


def _window(previous: ParseResult, text: str) -> Optional[tuple[int, int, int, int]]:
    """The top-level nodes of ``previous`` to parse again, ``children[first:last]``,
    and the offsets they span in the old text; None when the whole text must
    be parsed (the previous parse found problems, or nothing is shared)."""
    old = previous.text
    if previous.diagnostics or previous.bom or not old or not text:
        return None
    children = previous.syntax.children
    prefix = common_prefix_length(old, text)
    suffix = _common_suffix(old, text, prefix)
    changed_end = len(old) - suffix  # the old text changed in [prefix, changed_end)
    # From the node holding the character before the change (a name just
    # before an inserted "(" becomes a call) back to one starting a line.
    first = max(0, bisect_right(children, prefix - 1, key=_START) - 1)
    while first and old[children[first].start - 1] != "\n":
        first -= 1
    # On to a node ending a line after the change (its line break unchanged).
    last = max(first, bisect_right(children, changed_end, key=_START) - 1)
    count = len(children)
    while last < count:
        end = children[last].end
        last += 1
        if end > changed_end and old[end - 1] == "\n":
            break
    stop = children[last - 1].end if last < count else len(old)
    return first, last, children[first].start, stop


def common_prefix_length(a: str, b: str) -> int:
    """The length of the longest common prefix (slices compared in C, halving)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, prefix: int) -> int:
    """The length of the longest common suffix that does not reach into ``prefix``."""
    low, high = 0, min(len(a), len(b)) - prefix
    end_a, end_b = len(a), len(b)
    while low < high:
        middle = (low + high + 1) // 2
        if a[end_a - middle : end_a - low] == b[end_b - middle : end_b - low]:
            low = middle
        else:
            high = middle - 1
    return low


__all__ = ["reparse"]
