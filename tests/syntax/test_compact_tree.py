"""The parser's compact tree (issue #18): what mcparse reads itself, with the
pydantic tree built only when a caller asks for ``ParseResult.tree``."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from mcparse import resolve
from mcparse.syntax import parse
from mcparse.syntax import tree as compact
from mcparse.syntax.parser import syntax_of

from treecheck import check_tree

EXAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "submission-split.mc").read_text()


def test_nodes_are_slotted_and_spans_computed_from_offsets() -> None:
    result = parse("FEATURE(`a', x(y))dnl\n")
    call = result.syntax.children[0]
    assert isinstance(call, compact.MacroCall)
    assert not hasattr(call, "__dict__")
    assert (call.span.start, call.span.end, call.name_span.end) == (0, 18, 7)
    assert [argument.kind for argument in call.arguments] == ["argument", "argument"]
    assert call.arguments[0].content[0].value == "a"
    check_tree(result, "FEATURE(`a', x(y))dnl\n")


def test_the_public_tree_is_built_once_and_on_demand() -> None:
    result = parse(EXAMPLE)
    assert "tree" not in result.__dict__
    first = result.tree
    assert result.tree is first
    assert result.model_dump()["tree"]["kind"] == "document"


def test_resolve_reads_any_of_the_three_trees_alike() -> None:
    result = parse(EXAMPLE)
    assert syntax_of(result) is result.syntax
    assert syntax_of(result.syntax) is result.syntax
    public = resolve(result.tree, compile=False)
    assert public == resolve(result, compile=False) == resolve(result.syntax, compile=False)


def test_batches_of_calls_give_the_same_tree_as_one_batch(monkeypatch: object) -> None:
    from mcparse.syntax import parser

    text = "".join(f"define(`conf{n}', `{n}')dnl\nFEATURE(x({n}), (a,b))\n" for n in range(600))
    whole = [(node.kind, node.span) for node in compact.walk(parse(text).syntax)]
    monkeypatch.setattr(parser, "BATCH_TOKENS", 7)  # type: ignore[attr-defined]
    small = [(node.kind, node.span) for node in compact.walk(parse(text).syntax)]
    assert small == whole
    check_tree(parse(text), text)


def test_a_check_never_builds_the_pydantic_tree() -> None:
    """Neither the CLI's check nor the language server's analysis imports mcparse.ast."""
    code = textwrap.dedent(
        f"""
        import sys
        from mcparse.engine import check
        check({EXAMPLE!r})
        import lsp.analysis, lsp.server
        assert "mcparse.ast" not in sys.modules, "the pydantic tree was imported"
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


def test_a_result_built_from_a_public_tree_or_its_dump_still_works() -> None:
    """ParseResult(tree=...) and model_validate(model_dump()) as before the compact tree."""
    from mcparse.syntax import ParseResult

    result = parse(EXAMPLE)
    rebuilt = ParseResult(tree=result.tree, diagnostics=result.diagnostics, text=result.text)
    again = ParseResult.model_validate(result.model_dump())
    for other in (rebuilt, again):
        assert [(n.kind, n.span) for n in compact.walk(other.syntax)] == [
            (n.kind, n.span) for n in compact.walk(result.syntax)
        ]
        assert other.tree == result.tree
        assert resolve(other, compile=False) == resolve(result, compile=False)
