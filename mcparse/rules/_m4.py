"""Helpers for the m4 and style rules (MC3xx, MC4xx): where a `#` is not a
comment, which lines a call stands on alone, and what the model ran where."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable, Iterator, NamedTuple, Optional, TypeVar

from ..syntax.tree import Argument, Group, MacroCall, Name, Whitespace
from ._top_level import top_level

if TYPE_CHECKING:  # pragma: no cover
    from .base import Context

# Nodes an argument may hold for quoting it to be a pure textual change:
# nothing m4 would expand, no quotes or parentheses to re-balance.
PLAIN_KINDS = ("text", "name", "whitespace")


class HashLine(NamedTuple):
    """A `#` that m4 reads as plain text (cf.m4 turned comments off). A named
    tuple: a file of rule lines has thousands, and a frozen dataclass cost a
    microsecond each to make."""

    offset: int  # the `#`
    line_start: int
    line_end: int  # before the line break
    starts_line: bool  # only blanks before the `#`: the line is meant as a comment


def hash_starts_comment(context: "Context", offset: int) -> bool:
    """Whether m4 treats a `#` at ``offset`` as a comment (see :func:`live_hashes_from`)."""
    live_from = live_hashes_from(context)
    return live_from is None or offset < live_from


def live_hashes_from(context: "Context") -> Optional[int]:
    """The offset from which m4 reads `#` as text (None: it never does).

    A fragment never includes cf.m4, so `#` stays a comment there. A complete
    .mc without an include() line is compiled with cf.m4 read first, which
    turns comments off from the very first line; otherwise the tree knows
    where the include (or a changecom) ended them.
    """
    config = context.config
    if config.fragment:
        return None
    comments_end = context.tree.comments_end
    if comments_end is None:
        return 0 if config.cf_included else None
    return comments_end


_R = TypeVar("_R")


def per_file(compute: "Callable[[Context], _R]") -> "Callable[[Context], _R]":
    """Compute a table once per checked file, whichever rules ask for it (each
    walks the whole tree; several m4 rules share them)."""

    key = f"m4.{compute.__name__}"

    @functools.wraps(compute)
    def cached(context: "Context") -> _R:
        return context.memo(key, compute, context)  # type: ignore[no-any-return]

    return cached


def top_level_starts(context: "Context") -> list[int]:
    """The start offset of each of the tree's top-level nodes, in order (for
    going from an offset of the text to the node holding it by bisection)."""
    return top_level(context).starts


_NODE_START = attrgetter("start")


@per_file
def live_hash_lines(context: "Context") -> list[HashLine]:
    """Every top-level line whose first `#` m4 copies as text, in order."""
    text = context.text
    index = context.index
    found: list[HashLine] = []
    last_line = -1
    children = context.tree.children
    live_from = live_hashes_from(context)
    if live_from is None:
        return found
    # From each `#` of the text to the top-level node holding it: a search in
    # C over the text instead of a look at each of (on sendmail.cf rule lines)
    # a hundred thousand leaves. Those before live_from are comments. The
    # bisection reads the nodes' starts itself: a list of all of them cost
    # more than the few thousand searches.
    offset = text.find("#", live_from)
    while offset != -1:
        position = bisect_right(children, offset, key=_NODE_START) - 1
        node = children[position]
        here = offset
        offset = text.find("#", here + 1)
        if node.kind == "comment":
            if node.style != "hash" or node.start != here:  # type: ignore[union-attr]
                continue
        elif node.kind != "text":
            continue
        line = index.line_of(here)
        if line == last_line:
            continue
        last_line = line
        start = index.line_starts[line]
        found.append(HashLine(here, start, line_end(text, here), not text[start:here].strip(" \t")))
    return found


def line_end(text: str, offset: int) -> int:
    """The offset of the line break ending the line holding ``offset``."""
    # Two searches in C: a regex search cost microseconds per call, and this
    # runs once per `#` line (a file of rewrite rules has thousands).
    newline = text.find("\n", offset)
    if newline == -1:
        newline = len(text)
    carriage = text.find("\r", offset, newline)
    return newline if carriage == -1 else carriage


@per_file
def hash_line_effects(context: "Context") -> list[tuple[HashLine, list[str]]]:
    """Each of :func:`live_hash_lines` on which m4 runs macros after the `#`,
    with what it runs there, by name (``FEATURE``, ``define``, ...), in source
    order. One merge of two sorted lists: MC303 and main_text_lines both ask,
    and a file of rule lines has thousands of `#` lines."""
    lines = live_hash_lines(context)
    if not lines:
        return []  # the usual .mc: no need to collect every place m4 runs a macro
    offsets, names = _effect_sites(context)
    found: list[tuple[HashLine, list[str]]] = []
    position, count = 0, len(offsets)
    for line in lines:
        start, end = line.offset + 1, line.line_end
        while position < count and offsets[position] < start:
            position += 1
        if position == count:
            break  # the lines are in order: none after this runs anything
        if offsets[position] >= end:
            continue
        run: list[str] = []
        ahead = position
        while ahead < count and offsets[ahead] < end:
            if names[ahead] not in run:
                run.append(names[ahead])
            ahead += 1
        found.append((line, run))
    return found


def _effect_sites(context: "Context") -> tuple[list[int], list[str]]:
    """Every place m4 runs a macro, sorted by offset (computed once per file)."""
    config = context.config
    sites: list[tuple[int, str]] = []
    for call in config.calls:
        sites.append((call.site.span.start, call.name))
    for variable in config.conf.values():
        for definition in variable.definitions:
            sites.append((definition.site.span.start, "define" if definition.value is not None else "undefine"))
    for macro in config.user_macros:
        sites.append((macro.site.span.start, "define"))
    for command in config.shell_commands:
        sites.append((command.site.span.start, command.name))
    for unknown in config.unknowns:
        if unknown.kind in ("include", "changequote"):
            sites.append((unknown.span.start, unknown.kind))
    # Builtins the model does not record (divert, undefine of other names, ...).
    for node in top_level(context).calls_and_comments:
        kind = node.kind
        if kind == "call":
            if node.name in _RUN_BUILTINS:  # type: ignore[union-attr]
                sites.append((node.start, node.name))  # type: ignore[union-attr]
        elif kind == "comment" and node.style == "hash" and not hash_starts_comment(context, node.start):  # type: ignore[union-attr]
            # A .mc compiled as `m4 cf.m4 file.mc` has no include line, so the
            # parser keeps its `#` lines as comments; m4 does not (cfhead.m4
            # turned comments off), and `# divert(-1)` really diverts
            # (corpus 072, Cyrus' sample cyrusv2.mc).
            for match in _BUILTIN_IN_TEXT.finditer(node.text):
                sites.append((node.start + match.start(), match.group(1) or match.group(2)))
    sites.sort()
    return [offset for offset, _ in sites], [name for _, name in sites]


# m4 builtins whose call on a `#` line changes what follows.
_RUN_BUILTINS = frozenset(
    {"define", "undefine", "pushdef", "popdef", "divert", "undivert", "include", "sinclude", "changequote",
     "changecom", "m4exit", "m4wrap", "syscmd", "esyscmd", "ifdef", "ifelse"}
)
# Those builtins as m4 would recognise them in plain text: a whole word, and
# for the ones GNU m4 only runs with arguments, followed by `('.
_BUILTIN_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9_])(?:(divert|undivert|changequote|changecom|m4exit)(?![A-Za-z0-9_])"
    r"|(define|undefine|pushdef|popdef|include|sinclude|m4wrap|syscmd|esyscmd|ifdef|ifelse)(?=\())"
)


def call_alone_on_line(context: "Context", call: MacroCall) -> Optional[tuple[int, int]]:
    """``(start, end)`` of the whole line(s) a top-level call stands on, when
    only blanks come before it and only blanks and a ``dnl`` after it; else None."""
    text = context.text
    if id(call) not in top_level(context).call_position:
        return None
    start = context.index.line_starts[context.index.line_of(call.span.start)]
    if text[start : call.span.start].strip(" \t"):
        return None
    position = call.span.end
    while position < len(text) and text[position] in " \t":
        position += 1
    if text.startswith("dnl", position) and not _continues_name(text, position + 3):
        end = line_end(text, position)
    else:
        end = position
        if text[end:end + 1] not in ("", "\n", "\r"):
            return None
    if text.startswith("\r\n", end):
        end += 2
    elif end < len(text):
        end += 1
    return start, end


def call_removal(context: "Context", call: MacroCall) -> Optional[tuple[int, int]]:
    """What to delete to take out a top-level call that expands to nothing,
    leaving sendmail.cf as it was; None unless the call stands alone on its
    line (as :func:`call_alone_on_line` says).

    The whole line when it is just the call and a ``dnl`` right after it.
    Otherwise only the call: m4 copies blanks before or after it, and a line
    break no ``dnl`` swallows, into the current diversion, where a leading
    blank makes the next sendmail.cf line a continuation line and a ``\r``
    of a CRLF file stays a line of its own."""
    line = call_alone_on_line(context, call)
    if line is None:
        return None
    text = context.text
    if line[0] == call.start and text.startswith("dnl", call.end) and not _continues_name(text, call.end + 3):
        return line
    return call.start, call.end


def _continues_name(text: str, position: int) -> bool:
    return position < len(text) and (text[position].isalnum() or text[position] == "_")


def top_level_call_at(context: "Context", offset: int) -> Optional[MacroCall]:
    """The top-level call written at ``offset`` (a model site's start), if any."""
    return top_level(context).call_at_start.get(offset)


def is_plain(argument: Argument) -> bool:
    """True when an argument holds only words, punctuation and blanks (no
    quotes, calls, comments, parentheses or line breaks)."""
    return bool(argument.content) and all(child.kind in PLAIN_KINDS for child in argument.content)


def content_span(argument: Argument) -> tuple[int, int]:
    """Offsets of what m4 keeps of an argument (leading blanks dropped)."""
    content = argument.content
    return content[0].span.start, content[-1].span.end


def single_name(argument: Argument) -> Optional[Name]:
    """The argument's only content when it is one bare word."""
    content = argument.content
    if len(content) == 1 and isinstance(content[0], Name):
        return content[0]
    return None


# -- lines m4 copies into sendmail.cf from the main text (diversion 0)

# sendmail.cf commands, shaped tightly enough that prose does not match:
# rules need a tab or a `$`, classes and files a one-letter name or {name}, ...
_CF_LINE = re.compile(
    r"""^(?:
        R\S[^\n]*(?:\t|\$)                      # rewriting rule
      | S\s*(?:\d+|\w+\s*=\s*\d+)\s*$           # ruleset start
      | S[A-Z][A-Za-z_]*\s*$                    # named ruleset start
      | K\w+\s+(?:hash|btree|dbm|text|ldap|sequence|switch|host|dns|regex|program|nis|nisplus|user|
                 arith|macro|stab|implicit|null|syslog|bestmx|dequote|socket|netinfo|hesiod|cdb|
                 sql|mysql)\b                   # map declaration
      | C(?:\{\w+\}|\w)(?:\s+\S|\S*[.$]|\S*$)     # class
      | F(?:\{\w+\}|\w)\s*(?:-o\s*)?/           # class from a file
      | D(?:\{\w+\}|[A-Za-z])\S*[.$]\S*$        # macro with a dotted or $ value
      | D(?:\{\w+\}|[A-Za-z])$                  # empty macro
      | H\?[^?\s]+\?[\w-]+:                     # conditional header
      | O\s[A-Z]\w*(?:=|\s*$)                   # option
      | M\w+,\s*P=                              # mailer
      | X\w+,\s*S=                              # mail filter
      | Q\w+,\s*P=                              # queue group
      | V\d+                                    # version level
    )""",
    re.VERBOSE,
)
_EFFECT_BANNER = re.compile(r"^#####  [\w-]+/.*\.m4  #####$")


def output_kind(line: str) -> str:
    """What a diversion-0 line is: ``banner`` (the marker a cf file writes),
    ``comment`` (`#`), ``cf`` (a sendmail.cf command) or ``text``."""
    stripped = line.strip()
    if _EFFECT_BANNER.match(stripped):
        return "banner"
    if stripped.startswith("#"):
        return "comment"
    if _CF_LINE.match(line):
        return "cf"
    return "text"


# A "(" right after a blank (the grammar's WS terminal): where a spaced call's
# parenthesis can be. The literal comes first so that the search skips to
# each "(" in C; a pattern starting with the name or the blanks tried every
# letter or blank of the file.
_PARENTHESIS_AFTER_BLANK = re.compile(r"\((?<=[^\S\r\n]\()")


@per_file
def spaced_calls(context: "Context") -> "list[tuple[Name, Whitespace]]":
    """Each known macro name followed by blanks and `(` (m4 then calls it
    without arguments), except on `#` lines m4 runs: there
    macro-in-hash-comment speaks for the line, and joining the parenthesis
    would switch on what the admin meant to disable."""
    from ..vocabulary import load_vocabulary

    text = context.text
    # Where the "(" of one can be: right after its Whitespace leaf.
    candidates = [found.start() for found in _PARENTHESIS_AFTER_BLANK.finditer(text)]
    if not candidates:
        return []
    macros = load_vocabulary().macros
    hash_lines = live_hash_lines(context)
    # One per line, in order: the line holding an offset is one search away.
    hash_starts = [line.offset for line in hash_lines]
    found: list[tuple[Name, Whitespace]] = []

    def look(children: "tuple[Any, ...]", position: int) -> None:
        name = children[position]
        if name.__class__ is not Name:
            return
        blank = children[position + 1]
        if blank.__class__ is not Whitespace:
            return
        macro = macros.get(name.text)
        if macro is None or macro.min_args == 0:
            return
        following = children[position + 2]
        if not (following.kind == "group" or text.startswith("(", following.start)):
            return
        line = bisect_left(hash_starts, name.start) - 1
        if line >= 0 and name.start <= hash_lines[line].line_end:
            return
        found.append((name, blank))

    # A file of rule lines has 100,000 top-level leaves: only the candidates
    # are looked at, each found by bisection.
    children = context.tree.children
    starts = top_level_starts(context)
    holders: list[Any] = []  # the top-level calls and groups with a candidate inside
    for parenthesis in candidates:
        # The top-level node holding the character before the "(".
        blank = bisect_right(starts, parenthesis - 1) - 1
        if 1 <= blank < len(children) - 1 and children[blank].end == parenthesis:
            look(children, blank - 1)
        holder = children[blank] if blank >= 0 else None
        if (
            holder is not None and holder.__class__ in _HOLDS_CALLS and parenthesis < holder.end
            and (not holders or holders[-1] is not holder)
        ):
            holders.append(holder)
    # Within calls: only those holding a candidate are walked, not every call of the file.
    for node in _nested_from(holders):
        if node.kind == "call":
            continue
        children = node.children
        # Most arguments and groups hold no candidate "(": one bisection skips them.
        following = bisect_right(candidates, node.start)
        if following == len(candidates) or candidates[following] >= node.end:
            continue
        for position in range(len(children) - 2):
            # The class tests first, inline: most positions fail them.
            if children[position].__class__ is Name and children[position + 1].__class__ is Whitespace:
                look(children, position)
    return found


@per_file
def all_calls(context: "Context") -> "list[MacroCall]":
    """Every macro call in the file, nested ones too, in source order (a
    call before the calls in its arguments)."""
    text = context.text
    found: list[MacroCall] = []
    for root in top_level(context).calls_and_groups:
        # Every call and group has a "(": a call with none between its own
        # parentheses holds no other (most calls of a file; walking each
        # one's arguments was the cost on a file of thousands).
        if root.__class__ is MacroCall and text.find("(", root.start + len(root.name) + 1, root.end - 1) == -1:
            found.append(root)
            continue
        found.extend(node for node in _nested_from([root]) if node.kind == "call")
    return found


_HOLDS_CALLS = frozenset({MacroCall, Group})


def _nested_from(roots: "list[Any]") -> "Iterator[Any]":
    """``roots`` (calls and groups, in source order) and every call, argument
    and group in them, in source order."""
    stack: list[Any] = list(reversed(roots))
    while stack:
        node = stack.pop()
        yield node
        if node.kind == "call":
            stack.extend(reversed(node.arguments))
        else:
            # A list, not a generator fed to extend, and a class test, not
            # ``kind``: arguments of long macro values hold many leaves too.
            stack.extend([child for child in reversed(node.children) if child.__class__ in _HOLDS_CALLS])


@dataclass(frozen=True)
class MainTextLine:
    """A line m4 copies from the main text into sendmail.cf."""

    text: str
    start: int  # source offsets of what produced it
    end: int
    kind: str  # see output_kind


@per_file
def main_text_lines(context: "Context") -> list[MainTextLine]:
    """Diversion-0 lines of a complete .mc, classified, leaving out those that
    another m4 rule explains (a `#` line that runs macros, the text a
    `FEATURE (x)` leaves behind)."""
    config = context.config
    if config.fragment or not config.cf_included:
        return []
    explained: list[tuple[int, int]] = []
    for line, _ in hash_line_effects(context):
        explained.append((line.line_start, line.line_end))
    index = context.index
    for name, _ in spaced_calls(context):
        start = index.line_starts[index.line_of(name.span.start)]
        explained.append((start, line_end(context.text, name.span.start)))
    covered = _Cover(explained)
    lines: list[MainTextLine] = []
    for output in config.output:
        start, end = output.span.start, output.span.end
        if covered(start) or covered(end - 1):
            continue
        lines.append(MainTextLine(output.text, start, end, output_kind(output.text)))
    return lines


class _Cover:
    """Whether an offset lies in any of some closed ranges ``(low, high)``:
    one search in their sorted union, so a file with thousands of lines to
    leave out costs no more per line than one with a few."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.lows: list[int] = []
        self.highs: list[int] = []
        for low, high in sorted(ranges):
            if self.highs and low <= self.highs[-1] + 1:
                self.highs[-1] = max(self.highs[-1], high)
            else:
                self.lows.append(low)
                self.highs.append(high)

    def __call__(self, offset: int) -> bool:
        position = bisect_right(self.lows, offset) - 1
        return position >= 0 and offset <= self.highs[position]


def plain_line(context: "Context", offset: int) -> Optional[tuple[int, int]]:
    """``(line_start, line_end)`` of the line holding ``offset`` when it is
    top-level text only (words, punctuation, blanks, `#`): no call, quote or
    comment that a `dnl` in front would change the meaning of."""
    from ._daemons import top_level_line_start

    start = top_level_line_start(context, offset)
    if start is None:
        return None
    end = line_end(context.text, start)
    top = top_level(context)
    children = top.children
    first = top.position_at(start)
    for position in range(0 if first is None else first, len(children)):  # not a slice: that copies the rest
        node = children[position]
        if node.start >= end:
            break
        if node.end <= start:
            continue
        if node.kind not in PLAIN_KINDS and node.kind != "newline":
            return None
    if "`" in context.text[start:end]:
        return None
    return start, end


# Conf variables cf.README's table marks with "*": still honoured, kept for
# backward compatibility, likely to go in a later release (deprecated-conf-variable
# leaves them to compatibility-conf-variable, which is only informational).
COMPAT_ONLY_CONF = frozenset(
    {"confIGNORE_DOTS", "confMIME_FORMAT_ERRORS", "confOLD_STYLE_HEADERS", "confSAFE_QUEUE", "confUSE_ERRORS_TO"}
)
