"""Where the packaged model's evaluation of a text can start again after an edit.

An editor resolves a new version of the file on every keystroke. The m4
evaluator reads the file front to back, and everything it did before the
first changed character is the same in the new version, so reading it again
is wasted: on a 5,000-line file that was half of each edit's model.

While it reads a text, the evaluator records its state now and then, between
two tokens of the file itself with no expansion pending (:class:`Mark`). The
next version starts from the last mark whose state cannot depend on anything
at or after the first changed character, and records its own marks after it.
Resuming is exact, not an approximation: reading the same characters from the
same state makes the same decisions, and a mark is used only when every
character the reading up to it may have looked at is unchanged.

Marks are not taken when includes are read from disk (``cf_dir``): an
included file can change between two versions of the .mc without the .mc
changing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Hashable, Optional

from ..syntax.incremental import common_prefix_length

if TYPE_CHECKING:  # pragma: no cover
    from .sendmail import SendmailEvaluator

# Characters between two marks, at least; a file has at most about
# MARKS_PER_TEXT of them. Each mark copies the evaluator's tables, so fewer
# cost less to take and more leave less to read again after an edit.
MIN_MARK_DISTANCE = 2_048
MARKS_PER_TEXT = 32


@dataclass(frozen=True)
class Mark:
    """The evaluator's state after reading ``offset`` characters of the file."""

    offset: int
    # How many characters past ``offset`` the reading before it may have
    # looked at: a name's end is decided by the character after it, a quote
    # by as many characters as its delimiter has.
    lookahead: int
    state: dict[str, Any]


class Checkpoints:
    """The marks of one version of a file, and the version's predecessor's
    until this one is resolved (:func:`mcparse.model.resolve` with
    ``checkpoints=``)."""

    def __init__(self, previous: Optional["Checkpoints"] = None) -> None:
        self._previous = previous
        self.text: Optional[str] = None
        # What else the evaluation depends on besides the text (whether the
        # file includes cf.m4, whether it is a fragment): marks of a version
        # that differs in it are never used.
        self.key: Hashable = None
        self.marks: list[Mark] = []
        self.every = MIN_MARK_DISTANCE
        self.resumed_at = 0  # where this version's reading started (0: the beginning)

    def nearest(self) -> Optional["Checkpoints"]:
        """These, once this version was resolved; else the ones it would have started from."""
        return self if self.text is not None else self._previous

    def attach(self, evaluator: "SendmailEvaluator", key: Hashable) -> None:
        """Record ``evaluator``'s marks here, and start it from the latest
        usable mark of the previous version, if any."""
        if self.text is not None:
            raise ValueError("Checkpoints belong to one resolve of one version: make new ones for the next")
        previous, self._previous = self._previous, None
        text = evaluator.source
        self.text, self.key = text, key
        self.every = max(MIN_MARK_DISTANCE, len(text) // MARKS_PER_TEXT)
        evaluator.recorder = self
        if previous is None or previous.text is None or previous.key != key:
            return
        same = common_prefix_length(previous.text, text)
        # The token budget grows with the text's length: a mark whose count is
        # over this text's budget lies past where reading it from the top stops.
        budget = evaluator.max_tokens
        usable = [
            # A list copy: the previous version's list may still grow in another thread.
            mark for mark in list(previous.marks)
            if mark.offset + mark.lookahead < same and mark.state["tokens_read"] <= budget
        ]
        if usable:
            self.marks = usable
            self.resumed_at = usable[-1].offset
            evaluator.restore(usable[-1].state, usable[-1].offset)

    def next_offset(self) -> int:
        """Where the next mark is due."""
        return (self.marks[-1].offset if self.marks else 0) + self.every

    def record(self, offset: int, lookahead: int, state: dict[str, Any]) -> None:
        self.marks.append(Mark(offset, lookahead, state))


__all__ = ["Checkpoints", "Mark"]
