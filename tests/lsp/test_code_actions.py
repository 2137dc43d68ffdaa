"""Code actions: fixes as quick fixes, disable-for-line/file, and source.fixAll for safe fixes."""

from __future__ import annotations

import pytest
from lsprotocol import types
from mcparse.diagnostics import Diagnostic, Edit, Fix
from mcparse.fixes import apply_edits
from mcparse.source import LineIndex
from pytest_lsp import LanguageClient

from lsp_support import doc, open_and_wait, uri_for
from mcparse_lsp.features.code_actions import FIX_ALL_KIND, code_actions, safe_fix_edits

BROKEN = "OSTYPE(`linux')dnl\nFEATURE(`nouucp'\n"


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (ASCII text) from the end backwards."""
    index = LineIndex(text)
    spans = [(index.offset_at_lsp(e.range.start.line, e.range.start.character),
              index.offset_at_lsp(e.range.end.line, e.range.end.character), e.new_text) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: types.CodeAction) -> list[types.TextEdit]:
    return list(action.edit.document_changes[0].edits)


@pytest.mark.asyncio
async def test_disable_for_line_and_file(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    found = await open_and_wait(client, uri, BROKEN)
    unclosed = next(item for item in found if item.code == "MC002")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri), range=unclosed.range,
            context=types.CodeActionContext(diagnostics=[unclosed], only=[types.CodeActionKind.QuickFix]),
        )
    )
    titles = {action.title: action for action in actions}
    line = titles["Disable MC002 (unclosed-call) for this line"]
    assert line.kind == types.CodeActionKind.QuickFix
    assert apply(BROKEN, edits_of(line)).splitlines()[1] == "dnl mc-check: disable=MC002 -- explain why"
    whole = titles["Disable MC002 for this file"]
    assert apply(BROKEN, edits_of(whole)).startswith("dnl mc-check: disable-file=MC002\n")
    assert all(action.kind == types.CodeActionKind.QuickFix for action in actions)


@pytest.mark.asyncio
async def test_fixes_from_the_engine_become_quickfixes(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    text = "OSTYPE(`linux')dnl\nMAILER(`smtp')dnl\n"
    found = await open_and_wait(client, uri, text)
    fixable = [item for item in found if item.data and item.data.get("fixable")]
    if not fixable:
        pytest.skip("no rule offers a fix for this sample yet")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=doc(uri), range=fixable[0].range,
                               context=types.CodeActionContext(diagnostics=fixable[:1]))
    )
    fixes = [a for a in actions if not a.title.startswith("Disable")]
    assert fixes and fixes[0].diagnostics[0].code == fixable[0].code
    assert apply(text, edits_of(fixes[0])) != text


@pytest.mark.asyncio
async def test_fix_all_offered_only_when_asked(client: LanguageClient, tmp_path) -> None:
    uri = uri_for(tmp_path)
    await open_and_wait(client, uri, BROKEN)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    # Only fix-all may come back for a source.fixAll request; never a quick fix.
    assert all(action.kind == FIX_ALL_KIND for action in actions or [])


# -- the action logic itself, with synthetic findings carrying fixes

TEXT = "define(`a', `1')dnl\ndefine(`b', `2')dnl\n"


def finding(code: str, start: int, end: int, fix: Fix | None) -> Diagnostic:
    span = LineIndex(TEXT).span(start, end)
    return Diagnostic(code=code, name=f"rule-{code.lower()}", severity="warning", message="m", span=span, fix=fix)


def test_each_fix_is_a_quickfix_and_safe_ones_are_preferred() -> None:
    safe = Fix(message="quote it", edits=(Edit(start=7, end=10, replacement="`A'"),), safety="safe")
    unsafe = Fix(message="drop it", edits=(Edit(start=20, end=39, replacement=""),), safety="unsafe")
    findings = [finding("MC900", 7, 10, safe), finding("MC901", 20, 39, unsafe)]
    actions = code_actions(TEXT, findings, 0, len(TEXT), None)
    fixes = [action for action in actions if not action.title.startswith("Disable") and action.kind == "quickfix"]
    assert [(a.title, a.preferred) for a in fixes] == [
        ("MC900: quote it", True), ("MC901: drop it (changes behaviour)", False)]
    fix_all = [action for action in actions if action.kind == FIX_ALL_KIND]
    assert len(fix_all) == 1 and fix_all[0].edits == safe.edits  # unsafe fixes stay out of fix-all


def test_fix_all_skips_overlapping_fixes() -> None:
    first = Fix(message="a", edits=(Edit(start=0, end=10, replacement="x"),), safety="safe")
    overlapping = Fix(message="b", edits=(Edit(start=5, end=12, replacement="y"),), safety="safe")
    later = Fix(message="c", edits=(Edit(start=20, end=21, replacement="z"),), safety="safe")
    findings = [finding("MC900", 0, 10, first), finding("MC901", 5, 12, overlapping), finding("MC902", 20, 21, later)]
    assert safe_fix_edits(TEXT, findings) == (first.edits[0], later.edits[0])


def test_disable_line_is_never_indented_and_keeps_crlf() -> None:
    # Blanks before `dnl` are text m4 copies into sendmail.cf: the directive starts the line.
    text = "OSTYPE(`linux')dnl\r\n  FEATURE(`x')dnl\r\n"
    span = LineIndex(text).span(22, 29)
    item = Diagnostic(code="MC900", name="n", severity="warning", message="m", span=span)
    action = next(a for a in code_actions(text, [item], 22, 22, ["quickfix"]) if "this line" in a.title)
    assert action.edits[0].start == 20
    assert action.edits[0].replacement == "dnl mc-check: disable=MC900 -- explain why\r\n"


def test_disable_line_leaves_the_compiled_cf_alone() -> None:
    """On an indented line after the cf.m4 include the directive must not put blanks in sendmail.cf."""
    import mcparse
    from mcparse.compiler import find_cf_dir

    if find_cf_dir("") is None:
        pytest.skip("sendmail-cf is not installed")
    text = (
        "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
        "    define(`confMAX_HOP', `20')dnl\nMAILER(`smtp')dnl\n"
    )
    start = text.index("define(`confMAX_HOP'")
    item = Diagnostic(code="MC900", name="n", severity="warning", message="m", span=LineIndex(text).span(start, start + 6))
    action = next(a for a in code_actions(text, [item], start, start, ["quickfix"]) if "this line" in a.title)
    after = apply_edits(text, action.edits)

    def body(source: str) -> list[str]:
        return [line for line in mcparse.compile(source).cf.split("\n") if not line.startswith("#####")]

    assert body(after) == body(text)


def test_fix_all_chooses_as_mc_check_fix_does() -> None:
    """Two rules fixing one value (MC221 rewrites `Apy`, another appends to it) never both go in."""
    from mcparse.fixes import apply_fixes

    text = "define(`x', `Apy')dnl\n"
    value = text.index("Apy")
    span = LineIndex(text).span(value, value + 3)
    split = Diagnostic(code="MC221", name="n", severity="warning", message="m", span=span,
                       fix=Fix(message="split", edits=(Edit(start=value, end=value + 3, replacement="A,p,y"),), safety="safe"))
    append = Diagnostic(code="MC108", name="n", severity="warning", message="m", span=span,
                        fix=Fix(message="add p", edits=(Edit(start=value + 3, end=value + 3, replacement=",p"),), safety="safe"))
    fix_all = next(a for a in code_actions(text, [split, append], 0, len(text), [FIX_ALL_KIND]))
    assert apply_edits(text, fix_all.edits) == apply_fixes(text, [split, append])[0] == "define(`x', `A,p,y')dnl\n"
