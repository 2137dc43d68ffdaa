"""When the server's garbage collector runs: between edits, not in the middle of one.

Each analysis builds a tree of about 30 objects per line and keeps it until
the next edit. Python's cyclic collector would scan that tree again and
again as it ages (~70 ms per edit on a 5,000-line file, a quarter of the
time an edit takes to come back as diagnostics), although the tree holds no
reference cycles: it is freed by reference counting the moment a newer
version replaces it.

So whenever a document version's tree, model or findings have been built,
the objects alive are frozen (``gc.freeze``): the collector keeps collecting
what is created afterwards, but no longer scans them. Frozen objects that
later become cyclic garbage are only reclaimed by a full collection, which
runs when the user stops typing (``IDLE_SECONDS`` after the last analysis)
and, during an endless stream of edits, after every
``FREEZES_PER_COLLECTION`` freezes; memory stays flat either way.
"""

from __future__ import annotations

import asyncio
import gc
from typing import Optional

IDLE_SECONDS = 2.0
FREEZES_PER_COLLECTION = 150


class Collector:
    """Freezes what an analysis built, and collects everything when idle."""

    def __init__(self) -> None:
        self.freezes = 0
        self._idle: Optional[asyncio.TimerHandle] = None

    def settle(self) -> None:
        """Something that lives as long as its document version was just built
        (any thread)."""
        self.freezes += 1
        gc.freeze()

    def analysed(self) -> None:
        """An analysis was published (on the event loop)."""
        if self.freezes >= FREEZES_PER_COLLECTION:
            self.collect()
            return
        if self._idle is not None:
            self._idle.cancel()
        self._idle = asyncio.get_running_loop().call_later(IDLE_SECONDS, self.collect)

    def collect(self) -> None:
        """A full collection over everything, frozen or not."""
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        self.freezes = 0
        gc.unfreeze()
        gc.collect()
