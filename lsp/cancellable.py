"""Analysis in a thread that can be stopped when its result is no longer wanted.

Parsing and checking a 40,000-line file takes seconds of pure Python. When the
user types on or closes the file meanwhile, finishing that work only delays
the analysis that matters. A thread cannot be killed, but CPython can raise an
exception in it at its next bytecode boundary
(``PyThreadState_SetAsyncExc``); the analysis unwinds through its ``with``
blocks (locks released, the collector re-enabled) as it would for any error.

:class:`Stale` derives from BaseException so that the ``except Exception``
guards around the rule engine do not swallow it.
"""

from __future__ import annotations

import asyncio
import ctypes
import threading
from typing import Any, Callable, Generic, Optional, TypeVar

T = TypeVar("T")
_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exc.restype = ctypes.c_int
# The same C function, declared apart so that None passes NULL (clear) rather than Py_None.
_clear_async_exc = ctypes.pythonapi["PyThreadState_SetAsyncExc"]
_clear_async_exc.argtypes = (ctypes.c_ulong, ctypes.c_void_p)
_clear_async_exc.restype = ctypes.c_int


class Stale(BaseException):
    """Raised inside an analysis thread whose document changed or closed."""


class CancellableWork(Generic[T]):
    """``function`` running in a daemon thread of its own; ``future`` (on the loop
    that created it) gets its result, its exception, or is cancelled by :meth:`cancel`."""

    def __init__(self, function: Callable[[], T], name: str = "mcparse-analysis") -> None:
        self._loop = asyncio.get_running_loop()
        self.future: asyncio.Future[T] = self._loop.create_future()
        self._lock = threading.Lock()
        self._running = True
        self._thread = threading.Thread(target=self._run, args=(function,), name=name, daemon=True)
        self._thread.start()

    def cancel(self, interrupt: bool = True) -> None:
        """Stop the work as soon as possible; awaiting :attr:`future` raises CancelledError.

        With ``interrupt=False`` the thread runs to its end and its result is
        dropped: for work that may still be importing modules or filling
        module-level caches, which an exception must not leave half-built."""
        with self._lock:
            if interrupt and self._running and self._thread.ident is not None:
                # Only while the thread is still inside ``function`` (it clears
                # _running under this lock), so the exception never lands elsewhere.
                _set_async_exc(self._thread.ident, Stale)
        if not self.future.done():
            self.future.cancel()

    def _run(self, function: Callable[[], T]) -> None:
        outcome: tuple[str, Any]
        try:
            outcome = ("result", function())
        except Stale:
            outcome = ("cancelled", None)
        except BaseException as error:  # handed to whoever awaits the future
            outcome = ("error", error)
        try:
            with self._lock:
                self._running = False
            _clear_async_exc(threading.get_ident(), None)  # drop one that arrived too late to matter
        except Stale:
            outcome = ("cancelled", None) if outcome[0] != "result" else outcome
        try:
            self._loop.call_soon_threadsafe(self._settle, outcome)
        except RuntimeError:
            pass  # the loop is closed: the server is exiting

    def _settle(self, outcome: tuple[str, Any]) -> None:
        if self.future.done():
            return
        kind, value = outcome
        if kind == "result":
            self.future.set_result(value)
        elif kind == "error":
            self.future.set_exception(value)
        else:
            self.future.cancel()


def run_cancellable(
    function: Callable[[], T], registry: dict[str, "CancellableWork[Any]"], key: str, interrupt: bool = True
) -> "asyncio.Future[T]":
    """Start ``function`` as the one piece of cancellable work for ``key`` (cancelling
    the previous one, see :meth:`CancellableWork.cancel` for ``interrupt``) and return its future."""
    previous: Optional[CancellableWork[Any]] = registry.pop(key, None)
    if previous is not None:
        previous.cancel(interrupt)
    work = CancellableWork(function)
    registry[key] = work
    work.future.add_done_callback(lambda _: registry.pop(key, None) if registry.get(key) is work else None)
    return work.future
