"""The parser's contract on small, hand-checked inputs."""

from __future__ import annotations

import mcparse
from mcparse.ast import Comment, ErrorNode, MacroCall, Name, Quoted, Text, calls


def only_calls(text: str) -> list[MacroCall]:
    return list(calls(mcparse.parse(text).tree))


def test_nested_quotes_are_one_leaf() -> None:
    tree = mcparse.parse("define(`x', `a `b `c''')").tree
    call = tree.children[0]
    assert isinstance(call, MacroCall)
    quoted = call.arguments[1].content[0]
    assert isinstance(quoted, Quoted)
    assert quoted.value == "a `b `c''"


def test_name_then_space_is_not_a_call() -> None:
    tree = mcparse.parse("FEATURE (x)").tree
    assert [child.kind for child in tree.children] == ["name", "whitespace", "text", "name", "text"]


def test_arguments_split_at_top_level_commas_only() -> None:
    (call,) = only_calls("DAEMON_OPTIONS(Port=smtp, Name=MTA (a, b), M=A)")
    assert len(call.arguments) == 3
    assert mcparse.unparse(call.arguments[1]) == " Name=MTA (a, b)"
    assert mcparse.unparse(call.arguments[1].leading[0]) == " "


def test_empty_argument_has_a_position() -> None:
    (call,) = only_calls("FEATURE(`access_db', , `skip')")
    assert [mcparse.unparse(argument) for argument in call.arguments] == ["`access_db'", " ", " `skip'"]
    assert call.arguments[1].content == ()
    assert call.arguments[1].span.start == len("FEATURE(`access_db',")


def test_dnl_eats_through_newline() -> None:
    tree = mcparse.parse("dnl hello `world\nX").tree
    comment = tree.children[0]
    assert isinstance(comment, Comment) and comment.text == "dnl hello `world\n"
    assert isinstance(tree.children[1], Name)


def test_dnl_prefix_of_a_longer_name_is_a_name() -> None:
    tree = mcparse.parse("dnlx y").tree
    assert isinstance(tree.children[0], Name) and tree.children[0].text == "dnlx"


def test_hash_is_a_comment_until_cf_m4_is_included() -> None:
    text = "# FEATURE(`x')\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n# FEATURE(`y')\n"
    tree = mcparse.parse(text).tree
    assert isinstance(tree.children[0], Comment) and tree.children[0].style == "hash"
    assert [call.name for call in calls(tree)] == ["include", "FEATURE"]
    assert tree.comments_end is not None
    assert tree.hash_is_comment(0) and not tree.hash_is_comment(text.rindex("#"))


def test_backquote_in_hash_comment_is_no_quote() -> None:
    result = mcparse.parse("# don`t\nFEATURE(`x')\n")
    assert result.diagnostics == ()
    assert [call.name for call in calls(result.tree)] == ["FEATURE"]


def test_unterminated_quote_resynchronises_at_end_of_line() -> None:
    result = mcparse.parse("define(`a', `b)dnl\nFEATURE(`c')dnl\n")
    codes = [(diagnostic.code, diagnostic.span.line, diagnostic.span.column) for diagnostic in result.diagnostics]
    assert ("MC001", 1, 13) in codes
    assert "FEATURE" in [call.name for call in calls(result.tree)]


def test_unclosed_call_is_reported_at_its_name() -> None:
    result = mcparse.parse("OSTYPE(`linux')dnl\nFEATURE(`access_db'\nMAILER(`smtp')dnl\n")
    (diagnostic,) = result.diagnostics
    assert (diagnostic.code, diagnostic.span.line, diagnostic.span.column) == ("MC002", 2, 1)
    assert [call.name for call in calls(result.tree)] == ["OSTYPE", "MAILER"]
    assert any(isinstance(child, ErrorNode) for child in result.tree.children)


def test_template_markers_are_text() -> None:
    text = "{% if relay %}\nSMART_HOST(`{{ relay }}')dnl\n<% end -%>\n"
    result = mcparse.parse(text)
    assert result.diagnostics == ()
    assert mcparse.unparse(result.tree) == text
    assert any(isinstance(child, Text) and "{%" in child.text for child in result.tree.children)


def test_round_trip_keeps_crlf_lone_cr_bom_and_bad_bytes() -> None:
    data = b"\xef\xbb\xbfdnl a\r\nX\rY\xff\xfe`q'\r\n"
    result = mcparse.parse(data)
    assert mcparse.syntax.encode(mcparse.unparse(result.tree), result.bom) == data
    assert [diagnostic.code for diagnostic in result.diagnostics] == ["MC003"]


def test_lsp_positions_count_utf16_units() -> None:
    index = mcparse.LineIndex("a\U0001F600b\nc")
    assert index.lsp_position(2) == (0, 3)
    assert index.offset_at_lsp(0, 3) == 2
    assert index.lsp_position(4) == (1, 0)


def test_lsp_positions_on_ascii_text_agree_with_the_general_count() -> None:
    """An ASCII text takes a shortcut (no slice per position); it must give what
    counting UTF-16 units gives, line breaks of every kind and clamping included."""
    from mcparse.source import _utf16_length

    text = "divert(-1)dnl\r\ninclude(`cf.m4')\rFEATURE(`a',\n  `b')\n\nx"
    index = mcparse.LineIndex(text)
    assert index.is_ascii
    for offset in range(-2, len(text) + 3):
        clamped = max(0, min(offset, len(text)))
        line = index.line_of(clamped)
        assert index.lsp_position(offset) == (line, _utf16_length(text[index.line_starts[line] : clamped]))
