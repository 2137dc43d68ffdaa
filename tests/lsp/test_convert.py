"""convert.py: positions in each encoding, diagnostics' LSP fields, semantic token encoding."""

from __future__ import annotations

import pytest
from lsprotocol import types
from mcparse.diagnostics import Diagnostic
from mcparse.source import LineIndex

from mcparse_lsp import convert
from mcparse_lsp.features.semantic_tokens import Token

TEXT = "dnl \U0001F600 é\nFEATURE(`x')\n"  # an astral character: 2 UTF-16 units, 4 UTF-8 bytes


def test_positions_round_trip_in_every_encoding() -> None:
    index = LineIndex(TEXT)
    offset = TEXT.index("é")  # after "dnl 😀 "
    expected = {
        types.PositionEncodingKind.Utf16: 7,
        types.PositionEncodingKind.Utf8: 9,
        types.PositionEncodingKind.Utf32: 6,
    }
    for encoding, character in expected.items():
        positions = convert.Positions(index, encoding)
        assert positions.position(offset) == types.Position(line=0, character=character)
        assert positions.offset(types.Position(line=0, character=character)) == offset


def test_out_of_range_positions_clamp() -> None:
    positions = convert.Positions(LineIndex(TEXT))
    assert positions.offset(types.Position(line=99, character=0)) == len(TEXT)
    assert positions.offset(types.Position(line=1, character=999)) == TEXT.index(")") + 1


def make(name: str, url: str | None = "https://example.org/rules#x") -> Diagnostic:
    return Diagnostic(code="MC123", name=name, severity="info", message="msg", span=LineIndex(TEXT).span(0, 3), url=url)


def test_diagnostic_fields() -> None:
    lsp = convert.diagnostic(convert.Positions(LineIndex(TEXT)), make("feature-after-mailer"))
    assert (lsp.code, lsp.source, lsp.message) == ("MC123", "mc-check", "msg")
    assert lsp.severity == types.DiagnosticSeverity.Information
    assert lsp.code_description.href == "https://example.org/rules#x"
    assert lsp.tags is None
    assert convert.diagnostic(convert.Positions(LineIndex(TEXT)), make("x", None)).code_description is None


def test_tags_for_unnecessary_and_deprecated_findings() -> None:
    assert convert.diagnostic_tags(make("undefine-redundant")) == [types.DiagnosticTag.Unnecessary]
    assert convert.diagnostic_tags(make("deprecated-construct")) == [types.DiagnosticTag.Deprecated]


def test_semantic_tokens_are_relative_and_in_utf16() -> None:
    index = LineIndex(TEXT)
    start = TEXT.index("é")
    feature = TEXT.index("FEATURE")
    tokens = [Token(start, start + 1, "string"), Token(feature, feature + 7, "macro", ("deprecated",))]
    data = convert.semantic_tokens(convert.Positions(index), tokens).data
    assert list(data) == [0, 7, 1, 3, 0, 1, 0, 7, 0, 2]


def _pygls_json(uri: str, version: "int | None", items: list[types.Diagnostic]) -> str:
    """What pygls itself would write for the notification (its converter, json.dumps' defaults)."""
    import json

    from pygls.protocol import default_converter

    params = types.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=version)
    return json.dumps(default_converter().unstructure(types.PublishDiagnosticsNotification(params=params)))


def test_diagnostics_json_is_byte_for_byte_what_pygls_writes() -> None:
    import mcparse

    text = (
        "dnl caf\u00e9 \U0001F600\nOSTYPE(`linux')dnl\nMAILER(`smtp')dnl\nFEATURE(`smrsh')dnl\n"
        "FEATURE(`nosuchfeature')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA, M=a')dnl\n"
        "define(`confFOO_\u00e9', `1')dnl\n# FEATURE (`x')\n"
    )
    ascii_text = text.replace("\u00e9", "e").replace("\U0001F600", ":)").replace("\n", "\r\n", 3)
    for source in (text, ascii_text):  # ASCII: positions straight from the spans
        findings = mcparse.check(source)
        assert len({item.code for item in findings}) >= 3 and any(item.fix for item in findings)
        findings.append(make("undefine-redundant", None))  # a tag, no link
        index = LineIndex(source)
        encoder = convert.DiagnosticsJson()
        for encoding in (None, types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf32):
            positions = convert.Positions(index, encoding)
            items = convert.diagnostics(positions, findings)
            for uri, version in (("file:///srv/caf%C3%A9/send%20mail.mc", 7), ("untitled:x", None)):
                # Twice: the second time from the pieces kept from the first.
                for _ in range(2):
                    made = convert.publish_json(uri, version, encoder.array(positions, findings))
                    assert made == _pygls_json(uri, version, items)
    encoder = convert.DiagnosticsJson()
    index = LineIndex(text)
    assert convert.publish_json("file:///x", 1, encoder.array(convert.Positions(index), [])) == _pygls_json("file:///x", 1, [])


def test_new_messages_are_put_into_the_kept_frame_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    # MC402's "first on line N" changes for every finding after an inserted
    # line: each new message goes into the frame kept for its rule, and the
    # result must still be what pygls writes, whatever the message holds.
    messages = [
        "plain", 'with "double" quotes and a \\ backslash', "caf\u00e9 \U0001F600 \u2028", "tab\tnew\nline\r",
        "\x00\x1f control", "</script> & <b>", "",
    ]
    findings = [
        Diagnostic(code="MC402", name="conf-defined-twice", severity=severity, message=message,
                   span=LineIndex(TEXT).span(0, 3), url=url)
        for severity in ("warning", "info") for url in ("https://example.org/rules#x", None) for message in messages
    ]
    positions = convert.Positions(LineIndex(TEXT))
    calls = []
    frame = convert._frame_without_range
    monkeypatch.setattr(convert, "_frame_without_range", lambda finding: calls.append(finding) or frame(finding))
    encoder = convert.DiagnosticsJson()
    made = convert.publish_json("file:///x", 3, encoder.array(positions, findings))
    assert made == _pygls_json("file:///x", 3, convert.diagnostics(positions, findings))
    assert len(calls) == 4  # one frame per severity and link, not one per message
    renamed = [item.model_copy(update={"message": item.message + " (again)"}) for item in findings]
    made = convert.publish_json("file:///x", 4, encoder.array(positions, renamed))
    assert made == _pygls_json("file:///x", 4, convert.diagnostics(positions, renamed))
    assert len(calls) == 4
