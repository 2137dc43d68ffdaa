"""Pausing Python's cyclic garbage collector while a large structure is built.

Parsing, resolving and checking a file each allocate objects by the tens of
thousands and free almost none until the file is done. CPython's collector
counts those allocations and rescans the growing heap again and again, which
made large files cost far more than their size (a third of checking 10,000
DAEMON_OPTIONS went to it). What they build holds no reference cycles, so
pausing the collector loses nothing: reference counting frees it all.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for the block (restored as it was, even on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
