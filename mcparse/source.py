"""Positions in a source text: spans, and offset <-> line/column conversion.

Offsets index the decoded ``str`` (code points). Lines and columns shown to
people are 1-based and count code points; the language server needs 0-based
lines and UTF-16 code units, which :meth:`LineIndex.lsp_position` provides.
Line breaks are ``\\r\\n``, ``\\n`` and a lone ``\\r``, as editors count them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property
from itertools import accumulate
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

_M = TypeVar("_M", bound=BaseModel)
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
# The character before a line start: a "\n", or a "\r" that no "\n" follows.
_BREAK_END = re.compile(r"\n|\r(?!\n)")
# What str.splitlines takes for a line break besides "\n".
_NOT_ONLY_NEWLINES = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


_SETATTR = object.__setattr__
_FIELDS_SETS: dict[type, set[str]] = {}


def build(model: type[_M], **fields: object) -> _M:
    """Construct a trusted model instance without validation.

    The parser creates one node per token; pydantic's model_construct costs
    ~10 microseconds each, this a fraction of that. ``fields`` must name every
    field of ``model`` (defaults are not filled in).
    """
    instance = model.__new__(model)
    _SETATTR(instance, "__dict__", fields)
    # One shared set per class: a set per node would double the tree's memory,
    # and frozen models never add to it.
    fields_set = _FIELDS_SETS.get(model)
    if fields_set is None:
        fields_set = _FIELDS_SETS[model] = set(model.model_fields)
    _SETATTR(instance, "__pydantic_fields_set__", fields_set)
    _SETATTR(instance, "__pydantic_extra__", None)
    _SETATTR(instance, "__pydantic_private__", None)
    return instance


class Span(NamedTuple):
    """A half-open range ``[start, end)`` of offsets with its 1-based line/column ends.

    A named tuple rather than a pydantic model: the tree holds one span per
    token, and a model with its own field dict cost three times the memory.
    pydantic still validates and serialises it as an object with these six
    fields (see ``__get_pydantic_core_schema__``).
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end or offset == self.start == self.end

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        fields = {
            name: core_schema.typed_dict_field(core_schema.int_schema()) for name in cls._fields
        }

        def from_mapping(value: dict[str, int]) -> "Span":
            return cls(**value)

        as_object = core_schema.chain_schema(
            [core_schema.typed_dict_schema(fields), core_schema.no_info_plain_validator_function(from_mapping)]
        )
        return core_schema.json_or_python_schema(
            json_schema=as_object,
            python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), as_object]),
            serialization=core_schema.plain_serializer_function_ser_schema(lambda span: span._asdict()),
        )


class LineIndex:
    """Converts offsets of one text to lines and columns and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        if _NOT_ONLY_NEWLINES.search(text) is None:
            # Only "\n" breaks lines here, and then str.splitlines (in C) cuts
            # exactly where the pattern would: the editor builds an index per
            # keystroke, and a match object per line cost milliseconds.
            starts.extend(accumulate(map(len, text.splitlines(True))))
            if text and not text.endswith("\n"):
                starts.pop()  # the end of a last line with no break after it
        else:
            starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
        self.line_starts: list[int] = starts

    def edited(self, start: int, end: int, replacement: str) -> "LineIndex":
        """The index of this text with ``[start, end)`` replaced by ``replacement``.

        An editor sends a change per keystroke; indexing the whole new text
        again cost a 5,000-line file 2 ms before its analysis could start.
        Whether an offset starts a line depends only on the two characters
        around it, so the line starts before the change are kept, those after
        it are shifted, and only the replaced stretch is searched.
        """
        text = self.text
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"[{start}, {end}) is not a range of a {len(text)}-character text")
        new_text = text[:start] + replacement + text[end:]
        old = self.line_starts
        delta = len(replacement) - (end - start)
        # Offsets before ``start`` look at unchanged characters only, and so do
        # new offsets from ``stop`` on (old ones from ``end + 1`` on); those
        # in between are searched for again.
        stop = start + len(replacement) + 1
        before = bisect_right(old, start)  # old[:before] are <= start
        starts = old[:before]
        if start > 0 and starts[-1] == start:
            starts.pop()  # decided again below: its "\r" may now meet a "\n"
        for found in _BREAK_END.finditer(new_text, max(start - 1, 0)):
            offset = found.end()
            if offset >= stop:
                break
            if offset >= start and offset > 0:
                starts.append(offset)
        starts.extend([offset + delta for offset in old[bisect_right(old, end) :]])
        index = LineIndex.__new__(LineIndex)
        index.text = new_text
        index.line_starts = starts
        if "is_ascii" in self.__dict__ and self.__dict__["is_ascii"] and replacement.isascii():
            index.__dict__["is_ascii"] = True
        return index

    def line_of(self, offset: int) -> int:
        """0-based line number holding ``offset``."""
        return bisect_right(self.line_starts, offset) - 1

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; columns count code points."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        return line + 1, offset - self.line_starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        """The span of ``[start, end)``; both must lie within the text."""
        starts = self.line_starts
        line = bisect_right(starts, start)
        column = start - starts[line - 1] + 1
        # Most spans end on the line they start on, or (a dnl with its line
        # break) at the start of the next: skip the second search.
        count = len(starts)
        if line == count or end < starts[line]:
            end_line = line
        elif line + 1 == count or end < starts[line + 1]:
            end_line = line + 1
        else:
            end_line = bisect_right(starts, end, line)
        end_column = end - starts[end_line - 1] + 1
        return Span(start, end, line, column, end_line, end_column)

    def offset(self, line: int, column: int) -> int:
        """Offset of a 1-based (line, column), clamped to the text."""
        line = max(1, min(line, len(self.line_starts)))
        start = self.line_starts[line - 1]
        return min(start + max(column, 1) - 1, self._line_end(line - 1))

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line break."""
        index = max(0, min(line - 1, len(self.line_starts) - 1))
        return self.text[self.line_starts[index] : self._line_end(index)]

    def _line_end(self, index: int) -> int:
        if index + 1 < len(self.line_starts):
            end = self.line_starts[index + 1]
            # Step back over the line break (one or two characters).
            if self.text[end - 1] == "\n" and end >= 2 and self.text[end - 2] == "\r":
                return end - 2
            return end - 1
        return len(self.text)

    # -- the language server's coordinates: 0-based lines, UTF-16 code units

    def lsp_position(self, offset: int) -> tuple[int, int]:
        """0-based (line, UTF-16 character) of ``offset``, as LSP counts them."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        if self.is_ascii:  # one code unit per character: no slice to measure
            return line, offset - self.line_starts[line]
        prefix = self.text[self.line_starts[line] : offset]
        return line, _utf16_length(prefix)

    def offset_at_lsp(self, line: int, character: int) -> int:
        """Offset of an LSP position; out-of-range values clamp like editors expect."""
        if line < 0:
            return 0
        if line >= len(self.line_starts):
            return len(self.text)
        start = self.line_starts[line]
        end = self._line_end(line)
        units = 0
        for index in range(start, end):
            if units >= character:
                return index
            units += 2 if ord(self.text[index]) > 0xFFFF else 1
        return end

    @cached_property
    def is_ascii(self) -> bool:
        return self.text.isascii()


def _utf16_length(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
