"""Per-version document state: text, parse, model and findings, each computed once.

A state belongs to one version of one document and never changes text, so
whatever it computed stays valid until the next edit replaces it. The parse,
the model and the findings are computed lazily under locks: the analysis
thread and a request handler asking for the same thing share one computation.

Two models per version: the packaged one (fast, what typing gets) and, once
the version's compile with the installed sendmail-cf is done, that model
grounded in the compiled sendmail.cf exactly as ``mcparse.resolve`` and
mc-check build it, so the findings on it are mc-check's.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional, Union

from mcparse.collector import collector_paused
from mcparse.compiled import Compiled
from mcparse.compiler import CompileError, compile as compile_mc, find_cf_dir, is_cf_dir
from mcparse.diagnostics import Diagnostic
from mcparse.m4.engine import Budget
from mcparse.model.checkpoints import Checkpoints
from mcparse.source import LineIndex
from mcparse.syntax import ParseResult, parse
from mcparse.syntax.incremental import reparse

from .analysis import EffectiveSettings, run_check
from .texts import uri_to_path

logger = logging.getLogger(__name__)


class DocumentState:
    """One version of one open document and what was derived from it."""

    def __init__(
        self, uri: str, version: Optional[int], text: str, settle: Callable[[], None] = lambda: None,
        index: Optional[LineIndex] = None, previous: Optional[ParseResult] = None,
        checkpoints: Optional[Checkpoints] = None,
    ) -> None:
        self.uri = uri
        # Called after the parse, the model and the findings are built: they
        # live until the next version (see collector.py).
        self._settle = settle
        self.version = version
        self.text = text
        self.path = uri_to_path(uri)
        self.index = index if index is not None and index.text is text else LineIndex(text)
        self._lock = threading.Lock()
        self._parsed: Optional[ParseResult] = None
        # The parse of the version this one replaced: only the lines around
        # the edit are parsed again (mcparse.syntax.incremental). Dropped once used.
        self._previous = previous
        self._statements: Optional[list[tuple[int, int]]] = None
        # The packaged model's evaluation starts from the previous version's
        # state before the edit (mcparse.model.checkpoints).
        self._checkpoints = Checkpoints(checkpoints)
        self._model: Any = None
        self._model_done = False
        self._findings: dict[int, list[Diagnostic]] = {}
        # The compile has its own lock: a preview or hover waiting for it
        # must not hold up the analysis, which needs only the tree and model.
        self._compile_lock = threading.Lock()
        self._compiled: dict[Optional[str], Union[Compiled, CompileError]] = {}
        # cf-dir -> the model grounded in the compile, or None when no compile
        # grounds it (no sendmail-cf, a fragment, m4 stopped early).
        self._grounded: dict[Optional[str], Any] = {}
        self._grounded_findings: dict[int, list[Diagnostic]] = {}
        # Set once a newer version or didClose replaces this one: a compile
        # still running for it stops (it competed with the newer version's
        # analysis for the interpreter for seconds on a large file).
        self._superseded = threading.Event()

    def supersede(self) -> None:
        """This version is no longer the document's: stop its compile, if running."""
        self._superseded.set()

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
                        if self._previous is not None:
                            self._parsed = reparse(self._previous, self.text, index=self.index)
                        else:
                            self._parsed = parse(self.text, index=self.index)
                    self._previous = None
        return self._parsed

    def statements(self) -> list[tuple[int, int]]:
        """The (start, end) offsets of the tree's top-level nodes, in order (cached)."""
        if self._statements is None:
            self._statements = [(node.span.start, node.span.end) for node in self.parsed().syntax.children]
        return self._statements

    @property
    def is_parsed(self) -> bool:
        return self._parsed is not None

    def nearest_parse(self) -> Optional[ParseResult]:
        """This version's parse if done, else the one it would have started
        from: where the next version's parse starts (a version replaced
        before it was parsed passes its predecessor's on)."""
        return self._parsed if self._parsed is not None else self._previous

    def nearest_checkpoints(self) -> Optional[Checkpoints]:
        """This version's model checkpoints once it was resolved, else the ones
        it would have started from (as nearest_parse)."""
        return self._checkpoints.nearest()

    def model(self, cf_dir: Optional[str] = None) -> Any:
        """The resolved SendmailConfig, or None when resolving failed."""
        if not self._model_done:
            tree = self.parsed().syntax
            with self._lock:
                if not self._model_done:
                    with self._building():
                        try:
                            from mcparse.model import resolve

                            # As-you-type analysis uses the packaged model: a compile
                            # (~0.1 s) on every keystroke would make typing lag. The
                            # compile runs when asked for (preview, hover) instead.
                            self._model = resolve(
                                tree, cf_dir=cf_dir, path=self.path, compile=False, checkpoints=self._checkpoints
                            )
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
                    found = compile_mc(self.text, cf_dir=cf_dir, path=self.path, budget=Budget(stop=self._superseded.is_set))
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

    def compile_done(self, cf_dir: Optional[str] = None) -> bool:
        """Whether :meth:`compiled` has run for ``cf_dir`` (successfully or not)."""
        return cf_dir in self._compiled

    # -- the model grounded in the compile (what mc-check checks against)

    def can_ground(self, cf_dir: Optional[str] = None) -> bool:
        """Whether compiling could ground this version's model, as ``resolve``
        does: a complete .mc (fragments are never compiled) and a sendmail-cf."""
        if cf_dir in self._grounded:
            return self._grounded[cf_dir] is not None
        model = self.model(cf_dir)
        return model is not None and not model.fragment and find_cf_dir(self.text, cf_dir) is not None

    def grounded_model(self, cf_dir: Optional[str] = None) -> Any:
        """The model grounded in this version's compile (compiling if needed), the
        one ``mcparse.resolve(compile=True)`` gives; None when no compile grounds it."""
        if cf_dir in self._grounded:
            return self._grounded[cf_dir]
        grounded = None
        if self.can_ground(cf_dir):
            try:
                compiled: Optional[Compiled] = self.compiled(cf_dir)
            except CompileError:
                compiled = None
            # The same rule as resolve(): from_compile.grounded decides.
            if compiled is not None:
                from mcparse.model.from_compile import grounded as ground

                model = self.model(cf_dir)
                with self._lock, self._building():
                    grounded = ground(model, compiled, self.index)
        self._grounded = {cf_dir: grounded}
        return grounded

    def grounded_model_if_ready(self, cf_dir: Optional[str] = None) -> Any:
        return self._grounded.get(cf_dir)

    def grounded_findings(self, settings: EffectiveSettings) -> Optional[list[Diagnostic]]:
        """The findings on the grounded model (compiling if needed), mc-check's
        for this text; None when no compile grounds this version."""
        cached = self._grounded_findings.get(settings.generation)
        if cached is not None:
            return cached
        model = self.grounded_model(settings.cf_dir)
        if model is None:
            return None
        parsed = self.parsed()
        with self._lock:
            cached = self._grounded_findings.get(settings.generation)
            if cached is None:
                with self._building():
                    try:
                        cached = run_check(parsed, model, self.path, settings)
                    except Exception:
                        logger.exception("checking %s against its compile failed", self.uri)
                        cached = self.findings_if_ready(settings.generation) or list(parsed.diagnostics)
                self._grounded_findings = {settings.generation: cached}
        return cached

    def latest_findings(self, settings: EffectiveSettings) -> tuple[list[Diagnostic], bool]:
        """The best findings without waiting for a compile, and whether they are
        the grounded ones: grounded once this version's compile is done, else
        the packaged model's."""
        if self.compile_done(settings.cf_dir) or settings.cf_dir in self._grounded:
            grounded = self.grounded_findings(settings)
            if grounded is not None:
                return grounded, True
        return self.findings(settings), False

    def model_source(self, cf_dir: Optional[str] = None) -> str:
        """Where the model behind the findings and hovers comes from, in words
        (for a hover or the log; may stat the cf-dir)."""
        grounded = self._grounded.get(cf_dir)
        if grounded is not None:
            return f"from the compiled sendmail.cf (sendmail-cf at {grounded.compiled.cf_dir})"
        if cf_dir is not None and not is_cf_dir(cf_dir):
            return f"packaged model: {cf_dir} is not a sendmail-cf directory, some things are unknown"
        found = find_cf_dir(self.text, cf_dir)
        if found is None:
            return "packaged model: sendmail-cf is not installed, some things are unknown"
        if self._model_done and self._model is None:
            return "no model: resolving this file failed (see the server's log)"
        if self._model_done and self._model.fragment:
            return "packaged model: a fragment (no OSTYPE, no include of cf.m4) is not compiled"
        if cf_dir not in self._grounded:
            return f"packaged model, until the compile with sendmail-cf at {found} is done"
        compiled = self._compiled.get(cf_dir)
        if isinstance(compiled, Compiled):
            why = f"m4 stopped ({compiled.stopped})"
        else:
            why = f"the compile failed ({compiled})"
        return f"packaged model: {why} with sendmail-cf at {found}, some things are unknown"


class DocumentStore:
    """The latest state of every open document, replaced on each new version."""

    def __init__(self, settle: Callable[[], None] = lambda: None) -> None:
        self._states: dict[str, DocumentState] = {}
        self._settle = settle
        # The state the latest new version replaced, freed by release_replaced()
        # once that version's diagnostics are out: freeing a large file's tree,
        # model and findings takes milliseconds the new version should not wait for.
        self._replaced: Optional[DocumentState] = None

    def get(self, uri: str, version: Optional[int], text: str, index: Optional[LineIndex] = None) -> DocumentState:
        """The state for this exact version and text, reused when nothing changed
        (``index``: the text's line index, when the caller has one)."""
        state = self._states.get(uri)
        if state is None or state.version != version or (state.text is not text and state.text != text):
            previous = state.nearest_parse() if state is not None else None
            checkpoints = state.nearest_checkpoints() if state is not None else None
            if state is not None:
                state.supersede()
                # One kept at most (pull mode publishes nothing to release it).
                self._replaced = state
            state = DocumentState(uri, version, text, self._settle, index, previous, checkpoints)
            self._states[uri] = state
        return state

    def release_replaced(self) -> None:
        """Let go of the state the latest new version replaced (see ``_replaced``)."""
        self._replaced = None

    def peek(self, uri: str) -> Optional[DocumentState]:
        return self._states.get(uri)

    def forget(self, uri: str) -> None:
        state = self._states.pop(uri, None)
        if state is not None:
            state.supersede()
        self._replaced = None

    def uris(self) -> list[str]:
        return list(self._states)
