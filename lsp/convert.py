"""The only module that speaks LSP: library and feature results <-> lsprotocol types.

Offsets everywhere else are code-point offsets into the document text; here
they become LSP positions in the encoding negotiated with the client
(UTF-16 unless the client offered another), through :class:`Positions`.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Iterable, Optional, Sequence

from lsprotocol import types
from mcparse.diagnostics import Diagnostic, Edit
from pygls.exceptions import JsonRpcException
from mcparse.source import LineIndex

from .features.code_actions import Action
from .features.completion import CompletionEntry, plain_text
from .features.folding import Fold
from .features.hover import HoverInfo
from .features.inlay_hints import Hint
from .features.links import Link
from .features.semantic_tokens import TOKEN_MODIFIERS, TOKEN_TYPES, Token
from .features.signature_help import Signature
from .features.symbols import Symbol

SOURCE = "mc-check"
SEMANTIC_LEGEND = types.SemanticTokensLegend(token_types=list(TOKEN_TYPES), token_modifiers=list(TOKEN_MODIFIERS))


class Positions:
    """Offset <-> LSP position for one text, in the client's position encoding."""

    def __init__(self, index: LineIndex, encoding: Optional[str] = None) -> None:
        self.index = index
        self.encoding = encoding or types.PositionEncodingKind.Utf16

    def position(self, offset: int) -> types.Position:
        line, character = self.line_character(offset)
        return types.Position(line=line, character=character)

    def line_character(self, offset: int) -> tuple[int, int]:
        """The LSP position of ``offset`` as (line, character), in the client's encoding."""
        if self.encoding == types.PositionEncodingKind.Utf16:
            return self.index.lsp_position(offset)
        offset = max(0, min(offset, len(self.index.text)))
        line = self.index.line_of(offset)
        prefix = self.index.text[self.index.line_starts[line] : offset]
        if self.encoding == types.PositionEncodingKind.Utf8:
            return line, len(prefix.encode("utf-8", errors="surrogateescape"))
        return line, len(prefix)

    def offset(self, position: types.Position) -> int:
        """The offset of a client position; out-of-range positions clamp to the text."""
        line, character = max(0, position.line), max(0, position.character)
        if self.encoding == types.PositionEncodingKind.Utf16:
            return self.index.offset_at_lsp(line, character)
        if line >= len(self.index.line_starts):
            return len(self.index.text)
        start = self.index.line_starts[line]
        line_end = self.index.offset(line + 1, 10**9)
        if self.encoding == types.PositionEncodingKind.Utf8:
            units = 0
            for offset in range(start, line_end):
                if units >= character:
                    return offset
                units += len(self.index.text[offset].encode("utf-8", errors="surrogateescape"))
            return line_end
        return min(start + character, line_end)

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offsets(self, lsp_range: types.Range) -> tuple[int, int]:
        start, end = self.offset(lsp_range.start), self.offset(lsp_range.end)
        return (start, end) if start <= end else (end, start)


def request_failed(message: str) -> JsonRpcException:
    """The error reply for a well-formed request the server could not carry out
    (LSP's RequestFailed): the client shows ``message`` as it is."""
    return JsonRpcException(message, code=int(types.LSPErrorCodes.RequestFailed))


# -- diagnostics

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
_UNNECESSARY_WORDS = ("redundant", "unused", "no-effect", "defined-twice", "ignored", "useless")
_DEPRECATED_WORDS = ("deprecated", "obsolete")


def diagnostic_tags(finding: Diagnostic) -> Optional[list[types.DiagnosticTag]]:
    """Unnecessary for findings about text that does nothing, Deprecated for deprecated constructs."""
    tags = _tags_for(finding.name)
    return list(tags) if tags else None


@functools.lru_cache(maxsize=None)
def _tags_for(name: str) -> tuple[types.DiagnosticTag, ...]:
    # Per rule name, not per finding: a large file has thousands of findings and a few dozen names.
    tags = []
    if any(word in name for word in _UNNECESSARY_WORDS):
        tags.append(types.DiagnosticTag.Unnecessary)
    if any(word in name for word in _DEPRECATED_WORDS):
        tags.append(types.DiagnosticTag.Deprecated)
    return tuple(tags)


def diagnostic(positions: Positions, finding: Diagnostic) -> types.Diagnostic:
    return _diagnostic_at(positions.range(finding.span.start, finding.span.end), finding)


def _diagnostic_at(where: types.Range, finding: Diagnostic) -> types.Diagnostic:
    return types.Diagnostic(
        range=where,
        message=finding.message,
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=types.CodeDescription(href=finding.url) if finding.url else None,
        source=SOURCE,
        tags=diagnostic_tags(finding),
        data={"name": finding.name, "fixable": finding.fix is not None},
    )


def notice_diagnostic(message: str) -> types.Diagnostic:
    """A diagnostic at the top of the file about the file as a whole (not a finding)."""
    start = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=start, end=start), message=message,
        severity=types.DiagnosticSeverity.Information, source=SOURCE,
    )


def diagnostics(positions: Positions, findings: Iterable[Diagnostic]) -> list[types.Diagnostic]:
    return [diagnostic(positions, finding) for finding in findings]


class DiagnosticsJson:
    """publishDiagnostics as JSON text, built from pieces kept across versions.

    A file with thousands of findings sends megabytes per keystroke; building
    an lsprotocol object per finding and having cattrs take each apart again
    was a fifth of the time to new diagnostics. Everything of a diagnostic
    but its range depends only on the finding's code, text and severity, so
    that part is serialised once (by pygls' own converter, from the
    constructor :func:`diagnostic` uses, so the JSON cannot drift from what it would send)
    and reused while findings with it remain; the range is formatted per
    finding. One instance per document: pieces no longer used are dropped at
    each version, so it holds no more than the latest findings need.

    A message that names a line ("first on line 24") is new for every
    finding after an inserted line, so the converter runs once per rule and
    severity only: the JSON around the message is kept as a frame, and a
    new message is put into it with ``json.dumps``, as the converter's own
    output would hold it.
    """

    _RANGE = '{"range": {"start": {"line": %d, "character": %d}, "end": {"line": %d, "character": %d}}, '

    def __init__(self) -> None:
        self._pieces: dict[tuple[object, ...], str] = {}
        self._frames: dict[tuple[object, ...], tuple[str, str]] = {}

    def array(self, positions: Positions, findings: Iterable[Diagnostic]) -> str:
        """The JSON array of the LSP diagnostics for ``findings``."""
        previous, pieces = self._pieces, {}
        out: list[str] = []
        range_text = self._RANGE
        position = positions.line_character
        # In an ASCII text every encoding counts one unit per character, so
        # the span's own 1-based line and column are the position already.
        ascii_text = positions.index.is_ascii
        for finding in findings:
            key = (finding.code, finding.name, finding.severity, finding.message, finding.url, finding.fix is not None)
            piece = pieces.get(key)
            if piece is None:
                piece = previous.get(key)
                if piece is None:
                    frame_key = key[:3] + key[4:]  # everything but the message
                    frame = self._frames.get(frame_key)
                    if frame is None:
                        frame = self._frames[frame_key] = _frame_without_range(finding)
                    piece = frame[0] + json.dumps(finding.message) + frame[1]
                pieces[key] = piece
            span = finding.span
            if ascii_text:
                where = (span.line - 1, span.column - 1, span.end_line - 1, span.end_column - 1)
            else:
                where = (*position(span.start), *position(span.end))
            out.append(range_text % where + piece)
        self._pieces = pieces
        return "[" + ", ".join(out) + "]"


_NO_RANGE = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))


# Stands for the message in a frame: no message holds it (it is not text).
_MESSAGE_MARK = "\x00mcparse message\x00"


def _frame_without_range(finding: Diagnostic) -> tuple[str, str]:
    """The JSON of :func:`diagnostic` for ``finding`` after its range (with the
    closing brace), cut around its message: what comes before and after it."""
    fields = _converter().unstructure(_diagnostic_at(_NO_RANGE, finding.model_copy(update={"message": _MESSAGE_MARK})))
    del fields["range"]
    before, mark, after = json.dumps(fields)[1:].partition(json.dumps(_MESSAGE_MARK))
    if not mark:  # pragma: no cover - the converter changed how it writes a message
        raise RuntimeError("the diagnostic's JSON does not hold its message as json.dumps writes it")
    return before, after


@functools.cache
def _converter() -> Any:
    from pygls.protocol import default_converter

    return default_converter()


def publish_json(uri: str, version: Optional[int], array: str) -> str:
    """The whole publishDiagnostics notification as JSON text, around ``array``
    (from :meth:`DiagnosticsJson.array`); ``version`` left out when None, as pygls does."""
    version_text = "" if version is None else ', "version": %s' % json.dumps(version)
    return '{"params": {"uri": %s, "diagnostics": %s%s}, "method": "textDocument/publishDiagnostics", "jsonrpc": "2.0"}' % (
        json.dumps(uri), array, version_text,
    )


def publish(uri: str, version: Optional[int], items: list[types.Diagnostic]) -> types.PublishDiagnosticsParams:
    return types.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=version)


def full_report(result_id: str, items: list[types.Diagnostic]) -> types.RelatedFullDocumentDiagnosticReport:
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)


def unchanged_report(result_id: str) -> types.RelatedUnchangedDocumentDiagnosticReport:
    return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)


# -- edits


def text_edits(positions: Positions, edits: Iterable[Edit]) -> list[types.TextEdit]:
    return [types.TextEdit(range=positions.range(edit.start, edit.end), new_text=edit.replacement) for edit in edits]


def workspace_edit(uri: str, version: Optional[int], positions: Positions, edits: Iterable[Edit]) -> types.WorkspaceEdit:
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    return types.WorkspaceEdit(
        document_changes=[types.TextDocumentEdit(text_document=document, edits=text_edits(positions, edits))]
    )


def code_action(uri: str, version: Optional[int], positions: Positions, action: Action) -> types.CodeAction:
    return types.CodeAction(
        title=action.title,
        kind=action.kind,
        diagnostics=diagnostics(positions, action.diagnostics) or None,
        is_preferred=action.preferred or None,
        edit=workspace_edit(uri, version, positions, action.edits),
    )


# -- hover, completion, signature help


def markdown(text: str, supported: bool = True) -> types.MarkupContent:
    """Markdown, or the same text as plain text for clients that cannot render it."""
    kind = types.MarkupKind.Markdown if supported else types.MarkupKind.PlainText
    return types.MarkupContent(kind=kind, value=text)


def hover(positions: Positions, info: HoverInfo, supports_markdown: bool = True) -> types.Hover:
    return types.Hover(contents=markdown(info.markdown, supports_markdown), range=positions.range(info.start, info.end))


_COMPLETION_KIND = {
    "module": types.CompletionItemKind.Module,
    "variable": types.CompletionItemKind.Variable,
    "property": types.CompletionItemKind.Property,
    "enum": types.CompletionItemKind.EnumMember,
    "snippet": types.CompletionItemKind.Snippet,
    "keyword": types.CompletionItemKind.Keyword,
}


def completion_list(
    positions: Positions, entries: Sequence[CompletionEntry], snippets: bool, supports_markdown: bool = True
) -> types.CompletionList:
    items = []
    for entry in entries:
        # Without snippet support the item stays, inserting its text with the
        # placeholders' labels (the user overtypes them) instead of tab stops.
        as_snippet = entry.snippet and snippets
        insert_text = entry.insert_text if as_snippet or not entry.snippet else plain_text(entry.insert_text)
        items.append(
            types.CompletionItem(
                label=entry.label,
                kind=_COMPLETION_KIND[entry.kind],
                detail=entry.detail,
                documentation=markdown(entry.documentation, supports_markdown),
                sort_text=entry.sort_text,
                filter_text=entry.label,
                insert_text_format=types.InsertTextFormat.Snippet if as_snippet else types.InsertTextFormat.PlainText,
                text_edit=types.TextEdit(
                    range=positions.range(entry.replace_start, entry.replace_end), new_text=insert_text
                ),
            )
        )
    return types.CompletionList(is_incomplete=False, items=items)


def signature_help(signature: Signature) -> types.SignatureHelp:
    parameters = [
        types.ParameterInformation(label=label, documentation=markdown(doc) if doc else None)
        for label, doc in signature.parameters
    ]
    information = types.SignatureInformation(
        label=signature.label,
        documentation=markdown(signature.documentation),
        parameters=parameters,
        active_parameter=signature.active_parameter,
    )
    return types.SignatureHelp(signatures=[information], active_signature=0,
                               active_parameter=signature.active_parameter)


# -- structure


_SYMBOL_KIND = {
    "ostype": types.SymbolKind.Namespace,
    "domain": types.SymbolKind.Namespace,
    "feature": types.SymbolKind.Module,
    "hack": types.SymbolKind.Module,
    "daemon": types.SymbolKind.Event,
    "client": types.SymbolKind.Interface,
    "define": types.SymbolKind.Constant,
    "mailer": types.SymbolKind.Class,
    "section": types.SymbolKind.Struct,
}


def document_symbols(positions: Positions, symbols: Sequence[Symbol]) -> list[types.DocumentSymbol]:
    return [
        types.DocumentSymbol(
            name=symbol.name or "(unnamed)",
            kind=_SYMBOL_KIND[symbol.kind],
            detail=symbol.detail,
            range=positions.range(symbol.start, symbol.end),
            selection_range=positions.range(symbol.selection_start, symbol.selection_end),
            children=document_symbols(positions, symbol.children) or None,
        )
        for symbol in symbols
    ]


def folding_ranges(folds: Sequence[Fold]) -> list[types.FoldingRange]:
    kinds = {"comment": types.FoldingRangeKind.Comment, "region": types.FoldingRangeKind.Region}
    return [types.FoldingRange(start_line=fold.start_line, end_line=fold.end_line, kind=kinds[fold.kind]) for fold in folds]


def document_links(positions: Positions, links: Sequence[Link], tooltips: bool = False) -> list[types.DocumentLink]:
    from pygls.uris import from_fs_path

    return [
        types.DocumentLink(
            range=positions.range(link.start, link.end),
            target=from_fs_path(link.path),
            tooltip=link.path if tooltips else None,
        )
        for link in links
    ]


def semantic_tokens(positions: Positions, tokens: Sequence[Token], result_id: Optional[str] = None) -> types.SemanticTokens:
    """Tokens in LSP's relative five-integer encoding."""
    data: list[int] = []
    previous_line = previous_start = 0
    type_index = {name: number for number, name in enumerate(TOKEN_TYPES)}
    modifier_bit = {name: 1 << number for number, name in enumerate(TOKEN_MODIFIERS)}
    for token in tokens:
        start = positions.position(token.start)
        end = positions.position(token.end)
        length = end.character - start.character
        if length <= 0 or end.line != start.line:
            continue
        delta_line = start.line - previous_line
        delta_start = start.character - previous_start if delta_line == 0 else start.character
        bits = 0
        for modifier in token.modifiers:
            bits |= modifier_bit[modifier]
        data += [delta_line, delta_start, length, type_index[token.type], bits]
        previous_line, previous_start = start.line, start.character
    return types.SemanticTokens(data=data, result_id=result_id)


def semantic_tokens_delta(previous: Sequence[int], current: types.SemanticTokens) -> types.SemanticTokensDelta:
    """``current`` as one edit of ``previous``: the integers between their common
    start and common end (an edit of a line changes only the tokens near it)."""
    data = list(current.data)
    limit = min(len(previous), len(data))
    head = 0
    while head < limit and previous[head] == data[head]:
        head += 1
    tail = 0
    while tail < limit - head and previous[-1 - tail] == data[-1 - tail]:
        tail += 1
    edits = []
    if head != len(previous) or head != len(data):
        edits.append(types.SemanticTokensEdit(
            start=head, delete_count=len(previous) - head - tail, data=data[head : len(data) - tail] or None,
        ))
    return types.SemanticTokensDelta(edits=edits, result_id=current.result_id)


_HIGHLIGHT = {"read": types.DocumentHighlightKind.Read, "write": types.DocumentHighlightKind.Write,
              "text": types.DocumentHighlightKind.Text}


def document_highlights(positions: Positions, spots: Iterable[tuple[int, int, str]]) -> list[types.DocumentHighlight]:
    return [types.DocumentHighlight(range=positions.range(start, end), kind=_HIGHLIGHT[kind]) for start, end, kind in spots]


def workspace_symbols(found: Iterable[tuple[str, Positions, Symbol]]) -> list[types.WorkspaceSymbol]:
    """Flat symbols of several documents, each with the document it lives in."""
    return [
        types.WorkspaceSymbol(
            name=symbol.name or "(unnamed)", kind=_SYMBOL_KIND[symbol.kind], container_name=symbol.detail or None,
            location=types.Location(uri=uri, range=positions.range(symbol.selection_start, symbol.selection_end)),
        )
        for uri, positions, symbol in found
    ]


def inlay_hints(positions: Positions, hints: Sequence[Hint]) -> list[types.InlayHint]:
    return [
        types.InlayHint(position=positions.position(hint.offset), label=hint.label, tooltip=hint.tooltip,
                        padding_left=True, kind=types.InlayHintKind.Parameter)
        for hint in hints
    ]


def locations(uri: str, positions: Positions, ranges: Iterable[tuple[int, int]]) -> list[types.Location]:
    return [types.Location(uri=uri, range=positions.range(start, end)) for start, end in ranges]


def rename_edit(uri: str, version: Optional[int], positions: Positions,
                edits: Iterable[tuple[tuple[int, int], str]]) -> types.WorkspaceEdit:
    return workspace_edit(uri, version, positions, [Edit(start=s, end=e, replacement=new) for (s, e), new in edits])
