"""The file's top-level nodes by kind, found once per checked file.

A file of sendmail.cf rule lines (LOCAL_RULESETS) has over 100,000 top-level
leaves and a handful of calls. Each rule helper that walked all of them, to
find the calls or the comments or the node at an offset, cost milliseconds,
and on such a file those walks were half of the rules' time. Here the
classes of the children are read once, in C, and each kind is found by
searching that list; the rest is computed on first use.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Optional

from ..syntax.tree import Comment, Group, MacroCall

if TYPE_CHECKING:  # pragma: no cover
    from .base import Context

_START = attrgetter("start")


class TopLevel:
    """Where the calls, comments and groups stand among a document's children."""

    def __init__(self, children: "tuple[Any, ...] | list[Any]") -> None:
        self.children = children
        self._classes = list(map(type, children))

    @cached_property
    def call_positions(self) -> list[int]:
        return _positions(self._classes, MacroCall)

    @cached_property
    def comment_positions(self) -> list[int]:
        return _positions(self._classes, Comment)

    @cached_property
    def group_positions(self) -> list[int]:
        return _positions(self._classes, Group)

    @cached_property
    def calls(self) -> list[MacroCall]:
        """The top-level calls, in source order."""
        children = self.children
        return [children[position] for position in self.call_positions]

    @cached_property
    def calls_and_comments(self) -> list[Any]:
        """The calls and the comments together, in source order."""
        children = self.children
        return [children[position] for position in sorted(self.call_positions + self.comment_positions)]

    @cached_property
    def calls_and_groups(self) -> list[Any]:
        """The nodes that can hold calls, in source order."""
        children = self.children
        return [children[position] for position in sorted(self.call_positions + self.group_positions)]

    @cached_property
    def starts(self) -> list[int]:
        """The start offset of every child, in order (to bisect an offset to its node)."""
        return list(map(_START, self.children))

    @cached_property
    def call_at_start(self) -> dict[int, MacroCall]:
        return {call.start: call for call in self.calls}

    @cached_property
    def call_position(self) -> dict[int, int]:
        """Where each call stands among the children, by the call's id."""
        children = self.children
        return {id(children[position]): position for position in self.call_positions}

    def position_at(self, offset: int) -> Optional[int]:
        """The position of the child holding ``offset`` (its start at or before it)."""
        position = bisect_right(self.starts, offset) - 1
        return position if position >= 0 else None

    def starts_at(self, offset: int) -> bool:
        """Whether a child starts exactly at ``offset``."""
        position = self.position_at(offset)
        return position is not None and self.starts[position] == offset


def _positions(classes: list[type], wanted: type) -> list[int]:
    # list.index searches in C: on a file of rule lines the calls are a few
    # among a hundred thousand leaves, and a Python loop visited each.
    found: list[int] = []
    position = -1
    try:
        while True:
            position = classes.index(wanted, position + 1)
            found.append(position)
    except ValueError:
        return found


def top_level(context: "Context") -> TopLevel:
    """The checked file's TopLevel (built once, shared by every rule)."""
    return context.memo("top_level", TopLevel, context.tree.children)  # type: ignore[no-any-return]
