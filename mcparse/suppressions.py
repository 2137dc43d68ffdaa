"""Inline suppressions: ``dnl mc-check: disable=MC101,etrn-on-msa -- why``.

``disable=`` silences the named rules on the next line that is not itself a
directive (so several directives can be stacked above one line);
``disable-file=`` silences them everywhere in the file. Rules are named by
code or name. The text after ``--`` is the reason, kept in the silenced
diagnostic's ``suppressed_reason``. Each directive remembers which of its
names silenced something, so unused, unknown and malformed directives can be
reported (rule MC401 ``unused-suppression``). :func:`suppression_edits`
writes directives (``mc-check --add-suppressions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Literal, Mapping, Optional

from .syntax.tree import Comment, walk

if TYPE_CHECKING:  # pragma: no cover
    from .diagnostics import Diagnostic, Edit
    from .source import LineIndex
    from .syntax import ParseResult

# A comment that means to be a directive: "dnl mc-check:" or "dnl mc-check disable...".
_ATTEMPT = re.compile(r"dnl[ \t]*mc-check[ \t]*(?::|disable)", re.IGNORECASE)
_DIRECTIVE = re.compile(
    r"dnl[ \t]*mc-check[ \t]*:[ \t]*(?P<scope>disable-file|disable)[ \t]*=[ \t]*"
    r"(?P<items>[A-Za-z0-9-]+(?:[ \t]*,[ \t]*[A-Za-z0-9-]+)*)"
    r"(?:[ \t]+--[ \t]*(?P<reason>[^\r\n]*?))?[ \t]*(?:\r\n|\n|\r)?$",
    re.IGNORECASE,
)
_ITEM = re.compile(r"[A-Za-z0-9-]+")
SYNTAX_HINT = "dnl mc-check: disable=CODE[,CODE...] -- reason"
NO_REASON = "suppressed inline (no reason given)"


@dataclass
class DirectiveItem:
    """One rule named in a directive, with its offsets in the file."""

    text: str
    start: int
    end: int
    code: Optional[str]  # the rule's code, None when no rule has this code or name
    used: bool = False


@dataclass
class Directive:
    scope: Literal["line", "file"]
    items: list[DirectiveItem]
    reason: Optional[str]
    comment_start: int
    comment_end: int  # the comment's end, its line break excluded
    comment_text: str
    line: int  # 1-based line of the comment
    target_line: Optional[int]  # the line a "disable=" applies to
    alone_on_line: bool  # nothing but blanks before it on its line

    def silences(self, code: str, line: int) -> Optional[DirectiveItem]:
        if self.scope == "line" and line != self.target_line:
            return None
        for item in self.items:
            if item.code == code:
                return item
        return None


@dataclass
class Malformed:
    """A comment that looks like a directive but cannot be read."""

    start: int
    end: int
    text: str


@dataclass
class Suppressions:
    directives: list[Directive] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)

    def reason_for(self, diagnostic: "Diagnostic") -> Optional[str]:
        """The suppression reason when a directive silences ``diagnostic``
        (and record that it did), else None."""
        line = diagnostic.span.line
        found: Optional[tuple[Directive, DirectiveItem]] = None
        for directive in self.directives:
            item = directive.silences(diagnostic.code, line)
            if item is not None:
                item.used = True
                # Mark every directive that names it: each one did its job.
                found = found or (directive, item)
        if found is None:
            return None
        return found[0].reason or NO_REASON


def find_suppressions(parse: "ParseResult", index: "LineIndex") -> Suppressions:
    """Every directive and malformed directive in the file."""
    from .rules import find_rule

    text = parse.text
    result = Suppressions()
    if "mc-check" not in text and "MC-CHECK" not in text.upper():
        return result  # most files have none: skip the walk
    comments = [node for node in walk(parse.syntax) if isinstance(node, Comment) and node.style == "dnl"]
    attempts = [comment for comment in comments if _ATTEMPT.match(comment.text)]
    if not attempts:
        return result
    directive_only_lines: set[int] = set()
    for comment in attempts:
        line = index.line_of(comment.span.start)
        if not text[index.line_starts[line] : comment.span.start].strip():
            directive_only_lines.add(line + 1)
    last_line = len(index.line_starts)
    for comment in attempts:
        body_end = comment.span.start + len(comment.text.rstrip("\r\n"))
        match = _DIRECTIVE.match(comment.text)
        if match is None:
            result.malformed.append(Malformed(comment.span.start, body_end, text[comment.span.start : body_end]))
            continue
        items: list[DirectiveItem] = []
        items_offset = comment.span.start + match.start("items")
        for item_match in _ITEM.finditer(match.group("items")):
            name = item_match.group()
            rule = find_rule(name)
            items.append(
                DirectiveItem(
                    text=name,
                    start=items_offset + item_match.start(),
                    end=items_offset + item_match.end(),
                    code=rule.code if rule is not None else None,
                )
            )
        line = index.line_of(comment.span.start) + 1
        target: Optional[int] = line + 1
        while target is not None and target in directive_only_lines:
            target += 1
        if target is not None and target > last_line:
            target = None
        reason = match.group("reason")
        result.directives.append(
            Directive(
                scope="file" if match.group("scope").lower() == "disable-file" else "line",
                items=items,
                reason=reason.strip() or None if reason is not None else None,
                comment_start=comment.span.start,
                comment_end=body_end,
                comment_text=text[comment.span.start : body_end],
                line=line,
                target_line=target,
                alone_on_line=line in directive_only_lines,
            )
        )
    return result


def describe_scope(directive: Directive) -> str:
    """Where a directive applies, in words for messages."""
    if directive.scope == "file":
        return "in this file"
    if directive.target_line is None:
        return "(there is no next line)"
    return f"on line {directive.target_line}"



def directive_line(codes: "Iterable[str]", newline: str = "\n") -> str:
    """The line ``--add-suppressions`` writes: ``dnl mc-check: disable=CODE,...``.

    Not indented: in a diversion m4 copies to sendmail.cf, leading blanks
    before ``dnl`` would reach the output, and ``dnl`` itself drops the rest
    of the line with its line break, so nothing else does."""
    return f"dnl mc-check: disable={','.join(sorted(set(codes)))}{newline}"


def suppression_edits(
    parse: "ParseResult", index: "LineIndex", codes_by_line: "Mapping[int, Iterable[str]]"
) -> "tuple[list[Edit], list[int]]":
    """Edits that put a ``disable=`` directive above each 1-based line of
    ``codes_by_line``, and the lines where none can go.

    A directive only works as a comment m4 reads: a line that starts inside a
    quoted string or inside a macro call's arguments (or past the end of the
    file) gets none, since there the text would become part of a value."""
    from .diagnostics import Edit

    inside = [
        (node.span.start, node.span.end) for node in parse.syntax.children
        if node.kind in ("quoted", "call", "error", "group")
    ]
    edits: list["Edit"] = []
    refused: list[int] = []
    for line in sorted(codes_by_line):
        if not 1 <= line <= len(index.line_starts):
            refused.append(line)
            continue
        start = index.line_starts[line - 1]
        if start >= len(parse.text) and line > 1:
            refused.append(line)  # the empty "line" after the final line break
            continue
        if any(begin < start < end for begin, end in inside):
            refused.append(line)
            continue
        edits.append(Edit(start=start, end=start, replacement=directive_line(codes_by_line[line], _newline(parse.text))))
    return edits, refused


def _newline(text: str) -> str:
    """The file's own line break, so a CRLF file stays CRLF."""
    position = text.find("\n")
    if position > 0 and text[position - 1] == "\r":
        return "\r\n"
    if position < 0 and "\r" in text:
        return "\r"
    return "\n"
