"""Diversions: where m4's output goes, and where each piece of it came from.

m4 writes to the current diversion: 0 is standard output, 1 and up are
buffers that are appended to standard output at the end (or earlier, by
``undivert``), and a negative number throws the text away. Every write here
also leaves a *mark* saying which .mc offset (if any) and which input file and
position produced the text, so that each line of the finished sendmail.cf can
be traced back to its cause after diversions have moved it around.
"""

from __future__ import annotations

from typing import Optional

# (output offset, .mc offset or None, file index, file position, verbatim)
# "verbatim" marks text copied unchanged from that file position, so a line
# further into the same write maps to a later line of the file.
Mark = tuple[int, Optional[int], int, int, bool]


class Diversion:
    """One diversion's text and the marks that trace it."""

    __slots__ = ("parts", "length", "marks")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.marks: list[Mark] = []

    def write(self, text: str, mc: Optional[int], fileidx: int, filepos: int, verbatim: bool) -> None:
        marks = self.marks
        if marks:
            last = marks[-1]
            # A write that continues the previous one needs no mark of its own:
            # same cause, same file, and (for copies) the very next position.
            if (
                last[1] == mc
                and last[2] == fileidx
                and last[4] == verbatim
                and (not verbatim or last[3] + self.length - last[0] == filepos)
                and (verbatim or last[3] == filepos)
            ):
                self.parts.append(text)
                self.length += len(text)
                return
        marks.append((self.length, mc, fileidx, filepos, verbatim))
        self.parts.append(text)
        self.length += len(text)

    def append(self, other: "Diversion") -> None:
        """Append ``other``'s text and marks (undivert); ``other`` is emptied."""
        if not other.length:
            return
        shift = self.length
        self.marks.extend((off + shift, mc, fi, fp, vb) for off, mc, fi, fp, vb in other.marks)
        self.parts.extend(other.parts)
        self.length += other.length
        other.parts = []
        other.marks = []
        other.length = 0

    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""


class Output:
    """The set of diversions and which one is current."""

    __slots__ = ("current", "number", "diversions", "stdout")

    def __init__(self) -> None:
        self.stdout = Diversion()
        self.diversions: dict[int, Diversion] = {}
        self.number = 0
        self.current: Optional[Diversion] = self.stdout

    def divert(self, number: int) -> None:
        self.number = number
        if number == 0:
            self.current = self.stdout
        elif number < 0:
            self.current = None
        else:
            diversion = self.diversions.get(number)
            if diversion is None:
                diversion = self.diversions[number] = Diversion()
            self.current = diversion

    def undivert(self, number: int) -> None:
        """Insert diversion ``number`` into the current one (m4's insert_diversion)."""
        if number <= 0 or number == self.number:
            return
        diversion = self.diversions.get(number)
        if diversion is None or not diversion.length:
            return
        if self.current is None:
            diversion.parts, diversion.marks, diversion.length = [], [], 0
            return
        self.current.append(diversion)

    def undivert_all(self) -> None:
        for number in sorted(self.diversions):
            self.undivert(number)

    def diverted_text(self, number: int) -> str:
        diversion = self.diversions.get(number)
        return diversion.text() if diversion is not None else ""
