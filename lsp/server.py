"""The language server: wires LSP methods to the features, keeps document state, runs analysis.

Handlers stay thin: LSP params -> offsets (``convert``) -> a feature function ->
LSP result (``convert``). Each capability is declared where its handler is
registered. Checking runs debounced in a worker thread, so hover, completion
and signature help (which read the text directly) never wait for it; features
that need the tree compute it off the event loop as well.

Diagnostics come in two steps. Every version gets the packaged model's
findings at once. Once a version has been left alone for GROUNDING_DELAY
(right away on open and save), it is compiled with the installed sendmail-cf
in the background and the findings on the model grounded in that compile,
which are mc-check's, replace them if the version is still current. The
compile is the version's one compile, shared with ``mcparse.previewCf`` and
the hovers; a newer version or closing the document drops its result.

Open texts are kept by the URI exactly as the client sent it (texts.py); an
analysis runs in a thread of its own that a newer version or didClose
interrupts (cancellable.py); a document over ``maxFileSize`` is never parsed.
The wire is read by transport.py, which answers malformed input and never
wedges; exit ends the process with 0 after shutdown and 1 without, and the
editor's process (initialize's ``processId``) is watched.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
import time
from typing import Any, BinaryIO, Callable, Optional, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from mcparse.compiled import Compiled
from mcparse.compiler import CompileError, compile as compile_mc, find_cf_dir

from . import __version__, convert, transport
from .editor_process import process_alive
from .cancellable import CancellableWork, run_cancellable
from .collector import Collector
from .texts import OpenTexts, uri_to_path
from .analysis import ClientSettings, EffectiveSettings, load_settings, settings_file_names
from .documents import DocumentState, DocumentStore
from .features import code_actions as code_action_feature
from .features import completion as completion_feature
from .features import formatting as formatting_feature
from .features import folding, hover as hover_feature, inlay_hints, links, macros, preview_cf, semantic_tokens
from .features import signature_help as signature_feature
from .features import symbols

logger = logging.getLogger(__name__)
T = TypeVar("T")
# JSON-RPC's "server not initialized" (LSP reserves it for requests before initialize).
JsonRpcServerNotInitialized = int(types.ErrorCodes.ServerNotInitialized)
CONFIG_SECTION = "mcparse"
DIAGNOSTIC_IDENTIFIER = "mc-check"
# How long a hover waits for the compile it started (typically 0.1-0.2 s);
# past that it answers without the sendmail.cf section, which the next hover shows.
HOVER_COMPILE_WAIT = 1.0
# How long a document opened right after start waits for the editor's settings.
CONFIGURATION_WAIT = 2.0
# Past this many lines a compile takes about that long or more (~0.6 s for
# 1,000 lines): a hover does not wait for it at all.
HOVER_COMPILE_MAX_LINES = 1000
# Between a didChange and the start of its analysis (see _analyse).
DEBOUNCE_SECONDS = 0.001
# How long a version must stay unchanged before it is compiled in the
# background (a compile takes ~0.1 s on a usual .mc and cannot be interrupted,
# so none starts while the user is typing).
GROUNDING_DELAY = 0.4
# Past this many lines a compile takes seconds (~0.6 s per 1,000 lines) and,
# started in a pause of typing, would slow every edit after it (it cannot be
# interrupted and competes for the interpreter): such files are compiled on
# open and save only.
GROUNDING_MAX_LINES_WHILE_TYPING = 2000
# How often the editor's process is checked for (initialize's processId).
PARENT_POLL_SECONDS = float(os.environ.get("MCPARSE_LSP_PARENT_POLL", "2.0"))


# What warm_up analyses: enough to load the parser, the model, the vocabulary and every rule.
WARM_UP_TEXT = "divert(-1)dnl\nOSTYPE(`linux')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\nMAILER(`smtp')dnl\n"


class _Early:
    """A message that came before initialize, kept only for its method and id."""

    jsonrpc = "2.0"

    def __init__(self, method: str, msg_id: Any) -> None:
        self.method = method
        self.id = msg_id


class AnsweringProtocol(LanguageServerProtocol):
    """pygls' protocol, except that every request gets a response. pygls only
    logs a request whose params do not fit its method, and handles a
    notification method sent with an id as the notification; either way the
    client would wait for an answer forever."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        msg_id = data.get("id")
        is_request = "method" in data and isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool)
        if self._workspace is None and data.get("method") not in (None, types.INITIALIZE, types.EXIT):
            # Refused unread by handle_message: params that do not fit must not log a traceback.
            return _Early(data["method"], msg_id if is_request else None)
        try:
            message = super().structure_message(data)
        except JsonRpcException as error:
            if is_request:
                self._send_response(msg_id, None, error.to_response_error())
            raise
        if is_request and "jsonrpc" in data and not hasattr(message, "id"):
            refusal = JsonRpcInvalidRequest(f"{data['method']} is a notification and takes no id")
            self._send_response(msg_id, None, refusal.to_response_error())
        return message

    def send_json_text(self, body: str) -> None:
        """Write one message that is already JSON text (ASCII, as json.dumps
        writes it), framed as pygls frames what it sends: for the
        diagnostics, whose JSON is built from cached pieces (convert.DiagnosticsJson)."""
        if self.writer is None:
            logger.error("no transport to send a message on")
            return
        header = f"Content-Length: {len(body)}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        try:
            self.writer.write(((header if self._include_headers else "") + body).encode(self.CHARSET))
        except BrokenPipeError:
            logger.exception("the client closed the connection")
            raise
        except Exception:
            logger.exception("could not send a message")

    def handle_message(self, message: Any) -> None:
        """pygls' dispatch, except that before ``initialize`` a request gets
        ServerNotInitialized (-32002) and a notification other than exit is
        dropped, instead of a traceback from the missing workspace; and after
        ``shutdown`` a request gets InvalidRequest rather than silence."""
        method = getattr(message, "method", None)
        msg_id = getattr(message, "id", None)
        if method is not None and self._workspace is None and method not in (types.INITIALIZE, types.EXIT):
            if msg_id is not None:
                refusal = JsonRpcException("the server has not been initialized yet", code=JsonRpcServerNotInitialized)
                self._send_response(msg_id, None, refusal.to_response_error())
            return
        if method is not None and self._shutdown and method != types.EXIT:
            if msg_id is not None:
                refusal = JsonRpcInvalidRequest(f"{method} after shutdown: the server only accepts exit now")
                self._send_response(msg_id, None, refusal.to_response_error())
            return
        super().handle_message(message)

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args: Any) -> Any:
        """Stop reading and let :meth:`McServer.serve_stdio` return the exit code
        (0 after shutdown, 1 without): pygls' own exit raises SystemExit inside
        the handler, which its loop swallows, so the code was always 0."""
        if (handler := self.fm.features.get(types.EXIT)) is not None:
            yield handler, args, None
        self._server.request_exit(0 if self._shutdown else 1)

    # The open texts live in McServer.texts, keyed by the client's own URI
    # string (pygls' workspace decodes it first); these replace pygls' own
    # handlers, so it keeps no second copy of every text either.

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Any:
        document = params.text_document
        self._server.texts.open(document.uri, document.version, document.text)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Any:
        document = params.text_document
        encoding = self.workspace.position_encoding
        if self._server.texts.change(document.uri, document.version, params.content_changes, encoding) is None:
            return  # a change to a document never opened: nothing to apply it to
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Any:
        self._server.texts.close(params.text_document.uri)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class McServer(LanguageServer):
    """pygls server plus per-document state, settings and the analysis scheduler."""

    def __init__(self) -> None:
        super().__init__(
            "mcparse-lsp", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=AnsweringProtocol,
        )
        self.collector = Collector()
        # Open documents by the URI exactly as the client wrote it (see texts.py).
        self.texts = OpenTexts()
        # The analysis running per document, stopped when it goes stale.
        self._analyses: dict[str, CancellableWork[Any]] = {}
        # Documents over the size limit: uri -> size, each told to the user once.
        self._too_large: dict[str, int] = {}
        # Set once the library has run a whole analysis (warm_up): interrupting
        # one before could leave an import or a first-use cache half done.
        self.warm = threading.Event()
        # The last full semantic tokens per document (result id, data), for deltas.
        self._tokens: dict[str, tuple[str, list[int]]] = {}
        self._token_results = 0
        self.store = DocumentStore(self.collector.settle)
        self.client_settings = ClientSettings()
        self.generation = 0
        # Set once the editor's settings have been asked for after `initialized`
        # (or cannot be): a document opened before they arrive is analysed once,
        # with them, instead of with the defaults and then again.
        self.configured = asyncio.Event()
        self._settings: dict[Optional[str], EffectiveSettings] = {}
        self._dirty: set[str] = set()
        self._workers: dict[str, asyncio.Task[None]] = {}
        # The latest compile per document: (state, cf_dir, task).
        self._compiles: dict[str, tuple[DocumentState, Optional[str], asyncio.Future[Compiled]]] = {}
        # Grounding (compile, then check against it) waiting or running, per document.
        self._grounding: dict[str, asyncio.Task[None]] = {}
        # When each document's latest version arrived (0: ground it without waiting).
        self._changed_at: dict[str, float] = {}
        # The last diagnostics pushed per document: their version and their JSON.
        self._published: dict[str, tuple[Optional[int], str]] = {}
        self._diagnostics_json: dict[str, convert.DiagnosticsJson] = {}
        # The model source last logged per document (said once, and again when it changes).
        self._told_source: dict[str, str] = {}
        # The compile a hover waited for, per document (the next hovers do not wait again).
        self._hover_waits: dict[str, asyncio.Future[Compiled]] = {}
        # Set on exit: a compile finishing after it must not write to the closed
        # output (pygls reports that failure by writing again, and again).
        self.stopping = False
        self.exit_code: Optional[int] = None
        self._exit_requested: Optional[asyncio.Event] = None
        self._watcher: Optional[asyncio.Task[None]] = None

    def request_exit(self, code: int) -> None:
        """End :meth:`serve_stdio` with ``code`` (exit, or the editor process died)."""
        self.stop_background_work(exiting=True)
        if self.exit_code is None:
            self.exit_code = code
        if self._exit_requested is not None:
            self._exit_requested.set()

    def serve_stdio(self, stdin: Optional[BinaryIO] = None, stdout: Optional[BinaryIO] = None) -> int:
        """Speak LSP on stdin/stdout until exit or end of input; returns the exit
        code (0 only after shutdown). Uses transport.py's reader, not pygls'."""
        from pygls.io_ import StdoutWriter

        writer = StdoutWriter(stdout or sys.stdout.buffer)
        self.protocol.set_writer(writer)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)

        async def run() -> None:
            self._exit_requested = asyncio.Event()

            def deliver(data: dict[str, Any]) -> None:
                try:
                    self.protocol.handle_message(self.protocol.structure_message(data))
                except JsonRpcException:
                    pass  # answered in structure_message
                except Exception:
                    logger.exception("could not handle a message")

            def reply(data: dict[str, Any]) -> None:
                self.protocol._send_data(data)

            await transport.serve(stdin or sys.stdin.buffer, deliver, reply, self._exit_requested)

        try:
            loop.run_until_complete(run())
        except BrokenPipeError:
            logger.error("the client closed the connection")
        finally:
            self.stop_background_work(exiting=True)
        # Not loop.close(): that would wait for analysis threads nobody needs now;
        # the caller exits the process.
        # End of input without exit: the client is gone without shutting down.
        return self.exit_code if self.exit_code is not None else (0 if self.protocol._shutdown else 1)

    def start_io(self, stdin: Optional[BinaryIO] = None, stdout: Optional[BinaryIO] = None) -> None:  # type: ignore[override]
        """pygls' entry point, kept for scripts that call it: serves until exit."""
        self.serve_stdio(stdin, stdout)

    def watch_editor(self, pid: Optional[int]) -> None:
        """Exit when the editor process ``pid`` (initialize's processId) is gone,
        so a crashed editor does not leave the server running."""
        if not pid or pid == os.getpid():
            return

        async def watch() -> None:
            while not self.stopping:
                await asyncio.sleep(PARENT_POLL_SECONDS)
                if not process_alive(pid):
                    logger.warning("the editor (process %s) is gone: exiting", pid)
                    self.request_exit(1)
                    return

        self._watcher = asyncio.ensure_future(watch())

    def stop_background_work(self, *, exiting: bool) -> None:
        """Drop pending groundings (shutdown); on exit, also send nothing more unasked."""
        self.stopping = self.stopping or exiting
        for uri in list(self._grounding):
            self._stop_grounding(uri)

    # -- documents and settings

    def state(self, uri: str) -> Optional[DocumentState]:
        """The current version of an open document (None for documents the client
        never opened, and for those too large to analyse)."""
        document = self.texts.get(uri)
        if document is None or uri in self._too_large:
            return None
        return self.store.get(uri, document.version, document.text, document.index)

    def check_size(self, uri: str) -> bool:
        """Whether the document is small enough to analyse (``maxFileSize``); a
        larger one is never parsed, so a 20 MB file costs its text and no more."""
        document = self.texts.get(uri)
        if document is None:
            return False
        text = document.text
        limit = self.client_settings.max_file_size
        size = len(text) if text.isascii() else len(text.encode("utf-8", errors="surrogatepass"))
        if limit is None or size <= limit:
            self._too_large.pop(uri, None)
            return True
        if uri not in self._too_large:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=too_large_message(uri, size, limit)))
        self._too_large[uri] = size
        self.store.forget(uri)
        self.cancel_analysis(uri)
        return False

    def too_large_diagnostics(self, uri: str) -> list[types.Diagnostic]:
        size = self._too_large.get(uri)
        if size is None:
            return []
        return [convert.notice_diagnostic(too_large_message(uri, size, self.client_settings.max_file_size or 0))]

    def cancel_analysis(self, uri: str) -> None:
        """Stop the analysis running for ``uri`` (its version is stale or closed);
        interrupted only once the library is warm (see :meth:`warm_up`)."""
        work = self._analyses.pop(uri, None)
        if work is not None:
            work.cancel(interrupt=self.warm.is_set())

    def warm_up(self) -> None:
        """Analyse a small file once in the background, so that every module the
        analysis imports and every cache it fills at first use is complete
        before an analysis may be interrupted halfway (cancellable.py)."""

        def run() -> None:
            try:
                state = DocumentState("untitled:mcparse-warm-up", 0, WARM_UP_TEXT)
                state.findings(load_settings(None, ClientSettings()))
            except Exception:
                logger.exception("warming up failed; analyses will not be interrupted")
                return
            self.warm.set()

        if not self.warm.is_set():
            threading.Thread(target=run, name="mcparse-warm-up", daemon=True).start()

    def positions(self, state: DocumentState) -> convert.Positions:
        return convert.Positions(state.index, self.workspace.position_encoding)

    def settings_for(self, state: DocumentState) -> EffectiveSettings:
        key = os.path.dirname(state.path) if state.path else None
        settings = self._settings.get(key)
        if settings is None or settings.generation != self.generation:
            settings = load_settings(state.path, self.client_settings, self.generation)
            self._settings[key] = settings
            if settings.problem:
                # Said once per settings change, not on every keystroke.
                self.window_show_message(
                    types.ShowMessageParams(type=types.MessageType.Warning, message=f"mc-check: {settings.problem}")
                )
        return settings

    def settings_changed(self, client: Optional[ClientSettings] = None) -> None:
        """Re-read settings everywhere and re-check every open document."""
        if client is not None:
            if client == self.client_settings:
                return  # the editor sent what we have: nothing to redo
            self.client_settings = client
        self.generation += 1
        self._settings.clear()
        if self.pull_mode:
            if _capability(self.client_capabilities, "workspace", "diagnostics", "refresh_support"):
                self.workspace_diagnostic_refresh(None)
        for uri in self.texts.uris():
            self.schedule(uri)

    @property
    def pull_mode(self) -> bool:
        """Whether the client pulls diagnostics (then pushing them as well would show each twice)."""
        return _capability(self.client_capabilities, "text_document", "diagnostic") is not None

    # -- analysis scheduling

    def schedule(self, uri: str, *, ground_now: bool = False) -> None:
        """Ask for a (debounced) analysis of the document's latest version;
        ``ground_now`` compiles it without waiting for GROUNDING_DELAY (open, save)."""
        if ground_now:
            self._changed_at[uri] = 0.0
        self._stop_grounding(uri)  # restarted once the analysis is out
        if not self.check_size(uri):
            if not self.pull_mode and not self.stopping:
                opened = self.texts.get(uri)
                self.text_document_publish_diagnostics(
                    convert.publish(uri, opened.version if opened else None, self.too_large_diagnostics(uri))
                )
            return
        self.cancel_analysis(uri)  # a newer version is here: the running one is of no use
        self._dirty.add(uri)
        worker = self._workers.get(uri)
        if worker is None or worker.done():
            self._workers[uri] = asyncio.ensure_future(self._analyse(uri))

    async def _analyse(self, uri: str) -> None:
        # One worker per document: edits arriving while it sleeps or checks
        # only mark the document dirty, so a burst of keystrokes costs one
        # analysis of the newest text rather than one per keystroke.
        while uri in self._dirty:
            self._dirty.discard(uri)
            state = self.state(uri)
            if state is None:
                return
            # Long enough for didChange messages already on their way to
            # coalesce; a keystroke that comes later stops the analysis
            # (schedule -> cancel_analysis), so waiting longer only adds delay.
            await asyncio.sleep(DEBOUNCE_SECONDS)
            if not self.configured.is_set():
                try:
                    await asyncio.wait_for(self.configured.wait(), CONFIGURATION_WAIT)
                except asyncio.TimeoutError:
                    self.configured.set()  # an editor that never answers: the defaults it is
            if uri in self._dirty:
                continue
            settings = self.settings_for(state)
            try:
                # Grounded when this version's compile is already done (a save,
                # a settings change), so those do not flicker back to the packaged findings.
                # In a thread of its own that a newer version or didClose stops.
                findings, _ = await run_cancellable(
                    lambda: state.latest_findings(settings), self._analyses, uri, interrupt=self.warm.is_set()
                )
            except asyncio.CancelledError:
                if self.stopping:
                    return
                continue  # stale: the newer version (if any) is in _dirty
            except Exception:
                logger.exception("analysis of %s failed", uri)
                continue
            if uri in self._dirty or uri not in self.texts:
                continue
            if not self.pull_mode:
                self._publish(state, findings)
                self.collector.analysed()
            self._ground_later(state, settings)

    def _publish(self, state: DocumentState, findings: list[Any], *, if_changed: bool = False) -> bool:
        """Send the diagnostics of ``findings`` (with ``if_changed``, only when
        they differ from the last sent for this version); whether they were sent."""
        if self.stopping:
            return False
        encoder = self._diagnostics_json.setdefault(state.uri, convert.DiagnosticsJson())
        items = encoder.array(self.positions(state), findings)
        if if_changed and self._published.get(state.uri) == (state.version, items):
            return False
        self._published[state.uri] = (state.version, items)
        self.protocol.send_json_text(convert.publish_json(state.uri, state.version, items))  # type: ignore[attr-defined]
        self.store.release_replaced()
        return True

    def _is_current(self, state: DocumentState, settings: EffectiveSettings) -> bool:
        uri = state.uri
        return (
            uri in self.texts and uri not in self._dirty
            and self.store.peek(uri) is state and settings.generation == self.generation
        )

    # -- grounding: the compiled model's findings, mc-check's

    def _stop_grounding(self, uri: str) -> None:
        task = self._grounding.pop(uri, None)
        if task is not None:
            task.cancel()  # a compile it started goes on (shared, shielded); its result is ignored

    def _ground_later(self, state: DocumentState, settings: EffectiveSettings) -> None:
        """Ground ``state`` once it has been idle for GROUNDING_DELAY (its packaged findings are out)."""
        self._stop_grounding(state.uri)
        loop = asyncio.get_running_loop()
        changed_at = self._changed_at.get(state.uri, 0.0)
        if changed_at:
            if len(state.index.line_starts) > GROUNDING_MAX_LINES_WHILE_TYPING:
                return  # compiled on open and save only: see GROUNDING_MAX_LINES_WHILE_TYPING
            # Also idle since its diagnostics went out: when the analysis took
            # longer than the delay, the next keystroke is usually on its way,
            # and a compile cannot be stopped once started.
            delay = max(changed_at + GROUNDING_DELAY - loop.time(), GROUNDING_DELAY / 2)
        else:
            delay = 0.0  # opened or saved: ground at once
        self._grounding[state.uri] = asyncio.ensure_future(self._ground(state, settings, delay))

    async def _ground(self, state: DocumentState, settings: EffectiveSettings, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        cf_dir = settings.cf_dir
        try:
            if not state.compile_done(cf_dir) and await self.off_loop(lambda: state.can_ground(cf_dir)):
                try:
                    # Shielded: a newer version cancels this task, not the compile
                    # a hover or preview of this version may share.
                    await asyncio.shield(self.compile(state))
                except CompileError:
                    pass  # the packaged findings stay; model_source says why
            findings, grounded = await self.off_loop(lambda: state.latest_findings(settings))
            source = await self.off_loop(lambda: state.model_source(cf_dir))
        except Exception:
            logger.exception("checking %s against its compile failed", state.uri)
            return
        if self.stopping or not self._is_current(state, settings):
            return
        self._tell_source(state, source)
        if not grounded:
            return
        if not self.pull_mode:
            if self._publish(state, findings, if_changed=True):
                self.collector.analysed()
        elif findings != state.findings_if_ready(settings.generation):
            if _capability(self.client_capabilities, "workspace", "diagnostics", "refresh_support"):
                self.workspace_diagnostic_refresh(None)

    def _tell_source(self, state: DocumentState, source: str) -> None:
        """Log where the document's model comes from, once per document (and
        again when that changes); not while its compile is still to come."""
        if source.startswith("packaged model, until"):
            return
        if self._told_source.get(state.uri) == source:
            return
        self._told_source[state.uri] = source
        name = os.path.basename(state.path) if state.path else state.uri
        self.window_log_message(
            types.LogMessageParams(type=types.MessageType.Info, message=f"mc-check: {name}: {source}")
        )

    async def off_loop(self, function: Callable[[], T]) -> T:
        """Run tree work in a thread so the event loop keeps answering hovers."""
        return await asyncio.to_thread(function)

    # -- compiling to sendmail.cf

    def compile(self, state: DocumentState) -> asyncio.Future[Compiled]:
        """The compile of this version with its settings' cf-dir, started on first
        request (in a thread) and shared by every request after it."""
        cf_dir = self.settings_for(state).cf_dir
        current = self._compiles.get(state.uri)
        if current is not None and current[0] is state and current[1] == cf_dir:
            return current[2]
        took: list[float] = []

        def run() -> Compiled:
            fresh = not state.compile_done(cf_dir)
            started = time.perf_counter()
            try:
                return state.compiled(cf_dir)
            finally:
                if fresh:
                    took.append(time.perf_counter() - started)

        task = in_daemon_thread(run)
        task.add_done_callback(lambda done: self._log_compile(state, done, took))
        self._compiles[state.uri] = (state, cf_dir, task)
        return task

    def _log_compile(self, state: DocumentState, done: asyncio.Future[Compiled], took: list[float]) -> None:
        # Retrieves a failure nobody awaited (a hover that gave up) so asyncio does not log it.
        error = None if done.cancelled() else done.exception()
        if not took or done.cancelled() or error is not None or self.stopping:
            return  # served from the version's cache, or not compiled (logged where it failed)
        name = os.path.basename(state.path) if state.path else state.uri
        message = (
            f"mc-check: compiled {name} version {state.version} with sendmail-cf at "
            f"{done.result().cf_dir} in {took[0] * 1000:.0f} ms"
        )
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Log, message=message))

    async def compiled_for_hover(self, state: DocumentState) -> Optional[Compiled]:
        """The version's sendmail.cf if a hover can have it: only once its diagnostics
        are out (the analysis comes first), waiting at most HOVER_COMPILE_WAIT, and
        only if no other hover is waiting or has waited for this compile and the
        file is small enough to compile in that time."""
        settings = self.settings_for(state)
        if state.findings_if_ready(settings.generation) is None:
            return None
        ready = state.compiled_if_ready(settings.cf_dir)
        if ready is not None:
            return ready
        task = self.compile(state)  # the one the background grounding started, if it did
        if not task.done() and (
            self._hover_waits.get(state.uri) is task or state.text.count("\n") > HOVER_COMPILE_MAX_LINES
        ):
            return None  # don't stack up waits; the next hover after the compile shows it
        self._hover_waits[state.uri] = task
        try:
            return await asyncio.wait_for(asyncio.shield(task), HOVER_COMPILE_WAIT)
        except (asyncio.TimeoutError, CompileError):
            return None

    async def hover_model(self, state: DocumentState) -> tuple[Any, Optional[str]]:
        """The model a hover explains (grounded once the version's compile is done,
        never waiting for one; None until the analysis built one) and where it comes from."""
        model = state.model_if_ready()
        if model is None:
            return None, None
        cf_dir = self.settings_for(state).cf_dir

        def pick() -> tuple[Any, str]:
            grounded = state.grounded_model(cf_dir) if state.compile_done(cf_dir) else None
            return (model if grounded is None else grounded), state.model_source(cf_dir)

        return await self.off_loop(pick)

    async def fetch_configuration(self) -> None:
        try:
            await self._fetch_configuration()
        finally:
            self.configured.set()

    async def _fetch_configuration(self) -> None:
        if not _capability(self.client_capabilities, "workspace", "configuration"):
            return
        try:
            result = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=CONFIG_SECTION)])
            )
        except Exception as error:
            logger.warning("workspace/configuration failed: %s", error)
            return
        raw = result[0] if isinstance(result, (list, tuple)) and result else None
        self.settings_changed(ClientSettings.from_lsp(raw))


def too_large_message(uri: str, size: int, limit: int) -> str:
    """Why a document is not analysed, and how to change that."""
    path = uri_to_path(uri)
    name = os.path.basename(path) if path else uri
    return (
        f"mc-check: {name} is not checked: it is {size / 1e6:.1f} MB, over the limit of {limit / 1e6:.1f} MB "
        "(setting mcparse.maxFileSize, in bytes; 0 = no limit)"
    )


def in_daemon_thread(function: Callable[[], T]) -> asyncio.Future[T]:
    """Run ``function`` in a thread of its own that does not keep the process
    alive: a compile cannot be interrupted (seconds on a huge file), and the
    server's exit must not wait for one nobody needs any more."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: Any, error: Optional[BaseException]) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def run() -> None:
        result: Any = None
        error: Optional[BaseException] = None
        try:
            result = function()
        except BaseException as caught:  # handed to whoever awaits the future
            error = caught
        try:
            loop.call_soon_threadsafe(settle, result, error)
        except RuntimeError:
            pass  # the loop is closed: the server is exiting

    threading.Thread(target=run, name="mcparse-compile", daemon=True).start()
    return future


def _capability(root: Any, *path: str) -> Any:
    for name in path:
        if root is None:
            return None
        root = getattr(root, name, None)
    return root


def create_server() -> McServer:
    """A server with every feature registered (not yet started)."""
    server = McServer()
    _register_lifecycle(server)
    _register_diagnostics(server)
    _register_language_features(server)
    _register_structure(server)
    _register_macros(server)
    _register_commands(server)
    return server


def _register_lifecycle(server: McServer) -> None:
    @server.feature(types.SHUTDOWN)
    def shutdown(ls: McServer, params: None) -> None:
        ls.stop_background_work(exiting=False)

    @server.feature(types.EXIT)
    def exit_(ls: McServer, params: None) -> None:
        ls.stop_background_work(exiting=True)
    @server.feature(types.INITIALIZE)
    def initialize(ls: McServer, params: types.InitializeParams) -> None:
        ls.watch_editor(params.process_id)
        ls.warm_up()
        options = params.initialization_options
        if isinstance(options, dict):
            raw = options.get(CONFIG_SECTION, options.get("settings", options))
            ls.client_settings = ClientSettings.from_lsp(raw)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: McServer, params: types.InitializedParams) -> None:
        if _capability(ls.client_capabilities, "workspace", "did_change_watched_files", "dynamic_registration"):
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in settings_file_names()]
            registration = types.Registration(
                id="mcparse-settings-files",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
            except Exception as error:
                logger.warning("could not watch settings files: %s", error)
        await ls.fetch_configuration()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: McServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if isinstance(settings, dict) and isinstance(settings.get(CONFIG_SECTION), dict):
            ls.settings_changed(ClientSettings.from_lsp(settings[CONFIG_SECTION]))
        else:
            await ls.fetch_configuration()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: McServer, params: types.DidChangeWatchedFilesParams) -> None:
        names = settings_file_names()
        if any(change.uri.rsplit("/", 1)[-1] in names for change in params.changes):
            ls.settings_changed()


def _register_diagnostics(server: McServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: McServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ground_now=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: McServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls._compiles.pop(uri, None)  # the old version's compile is of no use now
        ls._hover_waits.pop(uri, None)
        ls._changed_at[uri] = asyncio.get_running_loop().time()
        ls.schedule(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: McServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ground_now=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: McServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel_analysis(uri)  # closing a file stops the work on it at once
        ls.store.forget(uri)
        ls._too_large.pop(uri, None)
        ls._dirty.discard(uri)
        ls._compiles.pop(uri, None)
        ls._stop_grounding(uri)
        for table in (ls._changed_at, ls._published, ls._diagnostics_json, ls._told_source, ls._hover_waits, ls._tokens):
            table.pop(uri, None)
        if not ls.pull_mode:
            ls.text_document_publish_diagnostics(convert.publish(uri, None, []))

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=DIAGNOSTIC_IDENTIFIER, inter_file_dependencies=False, workspace_diagnostics=False
        ),
    )
    async def pull_diagnostics(ls: McServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        state = ls.state(params.text_document.uri)
        if state is None:
            return convert.full_report("unknown", ls.too_large_diagnostics(params.text_document.uri))
        settings = ls.settings_for(state)
        findings, grounded = await ls.off_loop(lambda: state.latest_findings(settings))
        result_id = f"{settings.generation}:{state.version}:{len(state.text)}:{'compiled' if grounded else 'packaged'}"
        if params.previous_result_id == result_id:
            return convert.unchanged_report(result_id)
        return convert.full_report(result_id, convert.diagnostics(ls.positions(state), findings))


def _register_language_features(server: McServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: McServer, params: types.HoverParams) -> Optional[types.Hover]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        compiled = await ls.compiled_for_hover(state)
        model, source = await ls.hover_model(state)
        info = hover_feature.hover(state.text, positions.offset(params.position), model, compiled, source)
        if info is None:
            return None
        formats = _capability(ls.client_capabilities, "text_document", "hover", "content_format")
        return convert.hover(positions, info, formats is None or types.MarkupKind.Markdown in formats)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=["`", "(", ",", "="], resolve_provider=False),
    )
    def completion(ls: McServer, params: types.CompletionParams) -> Optional[types.CompletionList]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        entries = completion_feature.complete(state.text, positions.offset(params.position))
        snippets = bool(
            _capability(ls.client_capabilities, "text_document", "completion", "completion_item", "snippet_support")
        )
        formats = _capability(
            ls.client_capabilities, "text_document", "completion", "completion_item", "documentation_format"
        )
        return convert.completion_list(positions, entries, snippets, bool(formats) and types.MarkupKind.Markdown in formats)

    @server.feature(
        types.TEXT_DOCUMENT_SIGNATURE_HELP,
        types.SignatureHelpOptions(trigger_characters=["(", ","], retrigger_characters=[","]),
    )
    def signature_help(ls: McServer, params: types.SignatureHelpParams) -> Optional[types.SignatureHelp]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        found = signature_feature.signature_help(state.text, ls.positions(state).offset(params.position))
        return convert.signature_help(found) if found is not None else None

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, code_action_feature.FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    async def code_action(ls: McServer, params: types.CodeActionParams) -> Optional[list[types.CodeAction]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        start, end = positions.offsets(params.range)
        settings = ls.settings_for(state)
        findings, _ = await ls.off_loop(lambda: state.latest_findings(settings))
        only = [str(kind) for kind in params.context.only] if params.context.only else None
        actions = code_action_feature.code_actions(
            state.text, findings, start, end, only, statements=state.statements(), index=state.index
        )
        return [convert.code_action(state.uri, state.version, positions, action) for action in actions]


def _register_structure(server: McServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbol(ls: McServer, params: types.DocumentSymbolParams) -> Optional[list[types.DocumentSymbol]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        found = await ls.off_loop(lambda: symbols.document_symbols(state.parsed().syntax, state.text))
        return convert.document_symbols(ls.positions(state), found)

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    async def folding_range(ls: McServer, params: types.FoldingRangeParams) -> Optional[list[types.FoldingRange]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        return convert.folding_ranges(await ls.off_loop(lambda: folding.folding_ranges(state.parsed().syntax, state.index)))

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK, types.DocumentLinkOptions(resolve_provider=False))
    async def document_link(ls: McServer, params: types.DocumentLinkParams) -> Optional[list[types.DocumentLink]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        configured = ls.settings_for(state).cf_dir

        def find() -> list[links.Link]:
            # The CLI's search (setting, the file's own cf.m4 include, where
            # distributions install sendmail-cf), so links work with no setting.
            cf_dir = find_cf_dir(state.text, configured) or configured
            return links.document_links(state.parsed().syntax, cf_dir, state.path)

        found = await ls.off_loop(find)
        tooltips = bool(_capability(ls.client_capabilities, "text_document", "document_link", "tooltip_support"))
        return convert.document_links(ls.positions(state), found, tooltips)

    async def all_tokens(ls: McServer, state: DocumentState) -> types.SemanticTokens:
        """The whole document's tokens, remembered (with a new result id) for the next delta."""
        found = await ls.off_loop(lambda: semantic_tokens.semantic_tokens(state.parsed().syntax, state.text))
        ls._token_results += 1
        result = convert.semantic_tokens(ls.positions(state), found, f"{state.version}.{ls._token_results}")
        ls._tokens[state.uri] = (result.result_id or "", list(result.data))
        return result

    # The legend on each of the three: pygls builds one semanticTokensProvider
    # (full with delta, and range) from whichever it finds first.
    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, convert.SEMANTIC_LEGEND)
    async def semantic_tokens_full(ls: McServer, params: types.SemanticTokensParams) -> Optional[types.SemanticTokens]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        return await all_tokens(ls, state)

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL_DELTA, convert.SEMANTIC_LEGEND)
    async def semantic_tokens_delta(
        ls: McServer, params: types.SemanticTokensDeltaParams
    ) -> Optional[types.SemanticTokens | types.SemanticTokensDelta]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        previous = ls._tokens.get(state.uri)
        current = await all_tokens(ls, state)
        if previous is None or previous[0] != params.previous_result_id:
            return current  # a result we no longer have: the full tokens instead
        return convert.semantic_tokens_delta(previous[1], current)

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE, convert.SEMANTIC_LEGEND)
    async def semantic_tokens_range(ls: McServer, params: types.SemanticTokensRangeParams) -> Optional[types.SemanticTokens]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        start, end = positions.offsets(params.range)
        found = await ls.off_loop(lambda: semantic_tokens.semantic_tokens(state.parsed().syntax, state.text, start, end))
        return convert.semantic_tokens(positions, found)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    async def formatting(ls: McServer, params: types.DocumentFormattingParams) -> Optional[list[types.TextEdit]]:
        """Only changes proved to leave sendmail.cf as it was (features/formatting.py)."""
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        cf_dir = ls.settings_for(state).cf_dir

        def run() -> tuple[list[Any], str]:
            def compile_text(text: str) -> Compiled:
                return compile_mc(text, cf_dir=cf_dir, path=state.path)

            try:
                return formatting_feature.format_edits(state.parsed().syntax, state.text, compile_text)
            except CompileError as error:
                return [], f"not formatted: the change cannot be proved safe without a compile ({error})"

        edits, outcome = await ls.off_loop(run)
        name = os.path.basename(state.path) if state.path else state.uri
        ls.window_log_message(types.LogMessageParams(type=types.MessageType.Log, message=f"mc-check: {name}: {outcome}"))
        return convert.text_edits(ls.positions(state), edits)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    async def document_highlight(ls: McServer, params: types.DocumentHighlightParams) -> Optional[list[types.DocumentHighlight]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        offset = positions.offset(params.position)
        found = await ls.off_loop(lambda: macros.highlights(state.parsed().syntax, state.text, offset))
        return convert.document_highlights(positions, found) or None

    @server.feature(types.WORKSPACE_SYMBOL)
    async def workspace_symbol(ls: McServer, params: types.WorkspaceSymbolParams) -> list[types.WorkspaceSymbol]:
        """The outline entries of every open .mc file whose name holds the query (any case)."""
        query = params.query.lower()
        found: list[tuple[str, convert.Positions, symbols.Symbol]] = []
        for uri in ls.texts.uris():
            state = ls.state(uri)
            if state is None:
                continue
            outline = await ls.off_loop(lambda: symbols.document_symbols(state.parsed().syntax, state.text))
            positions = ls.positions(state)
            found += [(uri, positions, symbol) for symbol in outline if query in symbol.name.lower()]
        return convert.workspace_symbols(found)

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
    async def inlay_hint(ls: McServer, params: types.InlayHintParams) -> Optional[list[types.InlayHint]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        start, end = positions.offsets(params.range)
        found = await ls.off_loop(lambda: inlay_hints.inlay_hints(state.parsed().syntax, start, end))
        return convert.inlay_hints(positions, found)


def _register_macros(server: McServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: McServer, params: types.DefinitionParams) -> Optional[list[types.Location]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        offset = positions.offset(params.position)

        def find() -> list[tuple[int, int]]:
            tree = state.parsed().syntax
            found = macros.name_at(tree, state.text, offset)
            return macros.definitions(tree).get(found[0], []) if found else []

        return convert.locations(state.uri, positions, await ls.off_loop(find)) or None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: McServer, params: types.ReferenceParams) -> Optional[list[types.Location]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        offset = positions.offset(params.position)
        include = params.context.include_declaration

        def find() -> list[tuple[int, int]]:
            tree = state.parsed().syntax
            found = macros.name_at(tree, state.text, offset)
            return macros.references(tree, found[0], include) if found else []

        return convert.locations(state.uri, positions, await ls.off_loop(find)) or None

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(ls: McServer, params: types.PrepareRenameParams) -> Optional[types.Range]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        offset = positions.offset(params.position)
        def find() -> tuple[Optional[str], Any]:
            tree = state.parsed().syntax
            return macros.rename_refusal(tree, state.text, offset), macros.name_at(tree, state.text, offset)

        refusal, found = await ls.off_loop(find)
        if refusal is not None or found is None:
            # An error, not null: editors show its message ("cannot rename: why").
            raise convert.request_failed(refusal or "Nothing to rename here.")
        return positions.range(*found[1])

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    async def rename(ls: McServer, params: types.RenameParams) -> Optional[types.WorkspaceEdit]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        offset = positions.offset(params.position)
        def find() -> tuple[Optional[str], Any]:
            tree = state.parsed().syntax
            refusal = macros.rename_refusal(tree, state.text, offset)
            return refusal, None if refusal else macros.rename_edits(tree, state.text, offset, params.new_name)

        refusal, edits = await ls.off_loop(find)
        if refusal is not None:
            raise convert.request_failed(refusal)
        if edits is None:
            raise JsonRpcInvalidParams(f"{params.new_name!r} is not a valid m4 macro name")
        return convert.rename_edit(state.uri, state.version, positions, edits)


def _register_commands(server: McServer) -> None:
    # @server.command declares each command in the executeCommandProvider capability.
    @server.command(preview_cf.COMMAND)
    async def preview_sendmail_cf(ls: McServer, *arguments: Any) -> str:
        """The sendmail.cf the open document compiles to (arguments: [uri])."""
        uri = preview_cf.document_uri(arguments)
        if uri is None:
            raise JsonRpcInvalidParams(f"{preview_cf.COMMAND} takes the document's URI as its argument")
        state = ls.state(uri)
        if state is None:
            raise convert.request_failed(f"Cannot preview sendmail.cf: {uri} is not open in the editor")
        try:
            # Shielded: a cancelled request must not cancel the compile a hover shares.
            compiled = await asyncio.shield(ls.compile(state))
        except CompileError as error:
            raise convert.request_failed(f"Cannot preview sendmail.cf: {error}") from None
        return compiled.cf
