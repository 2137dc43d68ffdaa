"""Per-version document state: text, parse, model and findings, each computed once.

A state belongs to one version of one document and never changes text, so
whatever it computed stays valid until the next edit replaces it. The parse,
the model and the findings are computed lazily under locks: the analysis
thread and a request handler asking for the same thing share one computation.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional, Union
from urllib.parse import unquote, urlparse

from mcparse.collector import collector_paused
from mcparse.compiled import Compiled
from mcparse.compiler import CompileError, compile as compile_mc
from mcparse.diagnostics import Diagnostic
from mcparse.source import LineIndex
from mcparse.syntax import ParseResult, parse

from .analysis import EffectiveSettings, run_check

logger = logging.getLogger(__name__)


def uri_to_path(uri: str) -> Optional[str]:
    """The file system path of a ``file:`` URI (None for other schemes)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return unquote(parsed.path)


class DocumentState:
    """One version of one open document and what was derived from it."""

    def __init__(
        self, uri: str, version: Optional[int], text: str, settle: Callable[[], None] = lambda: None
    ) -> None:
        self.uri = uri
        # Called after the parse, the model and the findings are built: they
        # live until the next version (see collector.py).
        self._settle = settle
        self.version = version
        self.text = text
        self.path = uri_to_path(uri)
        self.index = LineIndex(text)
        self._lock = threading.Lock()
        self._parsed: Optional[ParseResult] = None
        self._model: Any = None
        self._model_done = False
        self._findings: dict[int, list[Diagnostic]] = {}
        # The compile has its own lock: a preview or hover waiting for it
        # must not hold up the analysis, which needs only the tree and model.
        self._compile_lock = threading.Lock()
        self._compiled: dict[Optional[str], Union[Compiled, CompileError]] = {}

    @contextmanager
    def _building(self) -> Iterator[None]:
        """Build something that lives as long as this version with the
        collector paused, and settle it (collector.py) before the collector
        runs again: otherwise its first pass would scan all of it."""
        with collector_paused():
            yield
            self._settle()

    def parsed(self) -> ParseResult:
        """The lossless tree of this version (parsed on first use)."""
        if self._parsed is None:
            with self._lock:
                if self._parsed is None:
                    with self._building():
                        self._parsed = parse(self.text)
        return self._parsed

    @property
    def is_parsed(self) -> bool:
        return self._parsed is not None

    def model(self, cf_dir: Optional[str] = None) -> Any:
        """The resolved SendmailConfig, or None when resolving failed."""
        if not self._model_done:
            tree = self.parsed().tree
            with self._lock:
                if not self._model_done:
                    with self._building():
                        try:
                            from mcparse.model import resolve

                            # As-you-type analysis uses the packaged model: a compile
                            # (~0.1 s) on every keystroke would make typing lag. The
                            # compile runs when asked for (preview, hover) instead.
                            self._model = resolve(tree, cf_dir=cf_dir, path=self.path, compile=False)
                        except Exception:  # the model is a bonus for hover; never fail the request
                            logger.exception("resolving %s failed", self.uri)
                            self._model = None
                    self._model_done = True
        return self._model

    def model_if_ready(self) -> Any:
        """The model if already computed (hover must not wait for it)."""
        return self._model if self._model_done else None

    def findings(self, settings: EffectiveSettings) -> list[Diagnostic]:
        """The diagnostics for this version under ``settings`` (cached per settings generation)."""
        cached = self._findings.get(settings.generation)
        if cached is not None:
            return cached
        parsed = self.parsed()
        model = self.model(settings.cf_dir)
        with self._lock:
            cached = self._findings.get(settings.generation)
            if cached is None:
                with self._building():
                    try:
                        cached = run_check(parsed, model, self.path, settings)
                    except Exception:
                        # A crashing engine must not take the editor's diagnostics
                        # with it: fall back to what the parser found.
                        logger.exception("checking %s failed", self.uri)
                        cached = list(parsed.diagnostics)
                self._findings = {settings.generation: cached}
        return cached

    def findings_if_ready(self, generation: int) -> Optional[list[Diagnostic]]:
        return self._findings.get(generation)

    def compiled(self, cf_dir: Optional[str] = None) -> Compiled:
        """The sendmail.cf this version compiles to with the sendmail-cf in ``cf_dir``
        (found by the library when None); compiled on first use, once per cf-dir.

        Raises :class:`mcparse.CompileError` when there is no sendmail-cf, or
        when compiling failed for any other reason (logged).
        """
        with self._compile_lock:
            found = self._compiled.get(cf_dir)
            if found is None:
                # Not under _building(): the m4 engine's garbage is collectable
                # as usual, and the result is a few thousand small objects.
                try:
                    found = compile_mc(self.text, cf_dir=cf_dir, path=self.path)
                except CompileError as error:
                    found = error
                except Exception as error:  # a preview must not take the server down
                    logger.exception("compiling %s failed", self.uri)
                    found = CompileError(f"mcparse could not compile this file: {error}")
                self._compiled = {cf_dir: found}
        if isinstance(found, CompileError):
            raise CompileError(str(found))
        return found

    def compiled_if_ready(self, cf_dir: Optional[str] = None) -> Optional[Compiled]:
        """The compile if already done and successful (None otherwise)."""
        found = self._compiled.get(cf_dir)
        return found if isinstance(found, Compiled) else None


class DocumentStore:
    """The latest state of every open document, replaced on each new version."""

    def __init__(self, settle: Callable[[], None] = lambda: None) -> None:
        self._states: dict[str, DocumentState] = {}
        self._settle = settle

    def get(self, uri: str, version: Optional[int], text: str) -> DocumentState:
        """The state for this exact version and text, reused when nothing changed."""
        state = self._states.get(uri)
        if state is None or state.version != version or state.text != text:
            state = DocumentState(uri, version, text, self._settle)
            self._states[uri] = state
        return state

    def peek(self, uri: str) -> Optional[DocumentState]:
        return self._states.get(uri)

    def forget(self, uri: str) -> None:
        self._states.pop(uri, None)

    def uris(self) -> list[str]:
        return list(self._states)
