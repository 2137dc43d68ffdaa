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
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from typing import Any, Callable, Optional, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from mcparse.compiled import Compiled
from mcparse.compiler import CompileError

from . import __version__, convert
from .collector import Collector
from .analysis import ClientSettings, EffectiveSettings, load_settings, settings_file_names
from .documents import DocumentState, DocumentStore
from .features import code_actions as code_action_feature
from .features import completion as completion_feature
from .features import folding, hover as hover_feature, inlay_hints, links, macros, preview_cf, semantic_tokens
from .features import signature_help as signature_feature
from .features import symbols

logger = logging.getLogger(__name__)
T = TypeVar("T")
CONFIG_SECTION = "mcparse"
DIAGNOSTIC_IDENTIFIER = "mc-check"
# How long a hover waits for the compile it started (typically 0.1-0.2 s);
# past that it answers without the sendmail.cf section, which the next hover shows.
HOVER_COMPILE_WAIT = 1.0
# Past this many lines a compile takes about that long or more (~0.6 s for
# 1,000 lines): a hover does not wait for it at all.
HOVER_COMPILE_MAX_LINES = 1000
# How long a version must stay unchanged before it is compiled in the
# background (a compile takes ~0.1 s on a usual .mc and cannot be interrupted,
# so none starts while the user is typing).
GROUNDING_DELAY = 0.4


class AnsweringProtocol(LanguageServerProtocol):
    """pygls' protocol, except that every request gets a response. pygls only
    logs a request whose params do not fit its method, and handles a
    notification method sent with an id as the notification; either way the
    client would wait for an answer forever."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        msg_id = data.get("id")
        is_request = "method" in data and isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool)
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


class McServer(LanguageServer):
    """pygls server plus per-document state, settings and the analysis scheduler."""

    def __init__(self) -> None:
        super().__init__(
            "mcparse-lsp", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=AnsweringProtocol,
        )
        self.collector = Collector()
        self.store = DocumentStore(self.collector.settle)
        self.client_settings = ClientSettings()
        self.generation = 0
        self._settings: dict[Optional[str], EffectiveSettings] = {}
        self._dirty: set[str] = set()
        self._workers: dict[str, asyncio.Task[None]] = {}
        # The latest compile per document: (state, cf_dir, task).
        self._compiles: dict[str, tuple[DocumentState, Optional[str], asyncio.Future[Compiled]]] = {}
        # Grounding (compile, then check against it) waiting or running, per document.
        self._grounding: dict[str, asyncio.Task[None]] = {}
        # When each document's latest version arrived (0: ground it without waiting).
        self._changed_at: dict[str, float] = {}
        # The last diagnostics pushed per document, with their version.
        self._published: dict[str, tuple[Optional[int], list[types.Diagnostic]]] = {}
        # The model source last logged per document (said once, and again when it changes).
        self._told_source: dict[str, str] = {}
        # The compile a hover waited for, per document (the next hovers do not wait again).
        self._hover_waits: dict[str, asyncio.Future[Compiled]] = {}
        # Set on exit: a compile finishing after it must not write to the closed
        # output (pygls reports that failure by writing again, and again).
        self.stopping = False

    def stop_background_work(self, *, exiting: bool) -> None:
        """Drop pending groundings (shutdown); on exit, also send nothing more unasked."""
        self.stopping = self.stopping or exiting
        for uri in list(self._grounding):
            self._stop_grounding(uri)

    # -- documents and settings

    def state(self, uri: str) -> Optional[DocumentState]:
        """The current version of an open document (None for documents the client never opened)."""
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        return self.store.get(uri, document.version, document.source)

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
        for uri in list(self.workspace.text_documents):
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
            await asyncio.sleep(0.005)
            if uri in self._dirty:
                continue
            settings = self.settings_for(state)
            try:
                # Grounded when this version's compile is already done (a save,
                # a settings change), so those do not flicker back to the packaged findings.
                findings, _ = await asyncio.to_thread(state.latest_findings, settings)
            except Exception:
                logger.exception("analysis of %s failed", uri)
                continue
            if uri in self._dirty or uri not in self.workspace.text_documents:
                continue
            if not self.pull_mode:
                self._publish(state, findings)
                self.collector.analysed()
            self._ground_later(state, settings)

    def _publish(self, state: DocumentState, findings: list[Any]) -> None:
        if self.stopping:
            return
        items = convert.diagnostics(self.positions(state), findings)
        self._published[state.uri] = (state.version, items)
        self.text_document_publish_diagnostics(convert.publish(state.uri, state.version, items))

    def _is_current(self, state: DocumentState, settings: EffectiveSettings) -> bool:
        uri = state.uri
        return (
            uri in self.workspace.text_documents and uri not in self._dirty
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
        delay = self._changed_at.get(state.uri, 0.0) + GROUNDING_DELAY - loop.time()
        self._grounding[state.uri] = asyncio.ensure_future(self._ground(state, settings, max(0.0, delay)))

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
            items = convert.diagnostics(self.positions(state), findings)
            if self._published.get(state.uri) != (state.version, items):
                self._published[state.uri] = (state.version, items)
                self.text_document_publish_diagnostics(convert.publish(state.uri, state.version, items))
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
        ls.store.forget(uri)
        ls._dirty.discard(uri)
        ls._compiles.pop(uri, None)
        ls._stop_grounding(uri)
        for table in (ls._changed_at, ls._published, ls._told_source, ls._hover_waits):
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
            return convert.full_report("unknown", [])
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
        actions = code_action_feature.code_actions(state.text, findings, start, end, only)
        return [convert.code_action(state.uri, state.version, positions, action) for action in actions]


def _register_structure(server: McServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbol(ls: McServer, params: types.DocumentSymbolParams) -> Optional[list[types.DocumentSymbol]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        found = await ls.off_loop(lambda: symbols.document_symbols(state.parsed().tree, state.text))
        return convert.document_symbols(ls.positions(state), found)

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    async def folding_range(ls: McServer, params: types.FoldingRangeParams) -> Optional[list[types.FoldingRange]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        return convert.folding_ranges(await ls.off_loop(lambda: folding.folding_ranges(state.parsed().tree, state.index)))

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK, types.DocumentLinkOptions(resolve_provider=False))
    async def document_link(ls: McServer, params: types.DocumentLinkParams) -> Optional[list[types.DocumentLink]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        cf_dir = ls.settings_for(state).cf_dir
        found = await ls.off_loop(lambda: links.document_links(state.parsed().tree, cf_dir, state.path))
        tooltips = bool(_capability(ls.client_capabilities, "text_document", "document_link", "tooltip_support"))
        return convert.document_links(ls.positions(state), found, tooltips)

    @server.feature(
        types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
        convert.SEMANTIC_LEGEND,
    )
    async def semantic_tokens_full(ls: McServer, params: types.SemanticTokensParams) -> Optional[types.SemanticTokens]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        found = await ls.off_loop(lambda: semantic_tokens.semantic_tokens(state.parsed().tree, state.text))
        return convert.semantic_tokens(ls.positions(state), found)

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
    async def inlay_hint(ls: McServer, params: types.InlayHintParams) -> Optional[list[types.InlayHint]]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        start, end = positions.offsets(params.range)
        found = await ls.off_loop(lambda: inlay_hints.inlay_hints(state.parsed().tree, start, end))
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
            tree = state.parsed().tree
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
            tree = state.parsed().tree
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
        found = await ls.off_loop(lambda: macros.name_at(state.parsed().tree, state.text, offset))
        if found is None or not macros.is_renamable(found[0]):
            return None
        return positions.range(*found[1])

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    async def rename(ls: McServer, params: types.RenameParams) -> Optional[types.WorkspaceEdit]:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        positions = ls.positions(state)
        offset = positions.offset(params.position)
        edits = await ls.off_loop(
            lambda: macros.rename_edits(state.parsed().tree, state.text, offset, params.new_name)
        )
        if edits is None:
            return None
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
