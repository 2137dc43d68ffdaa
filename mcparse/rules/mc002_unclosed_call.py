"""MC002 unclosed-call: a macro call whose parenthesis is never closed."""

from __future__ import annotations

from ._syntax import ParserRule


class UnclosedCall(ParserRule):
    code = "MC002"
    name = "unclosed-call"
    category = "syntax"
    severity = "error"
    summary = "A macro call's opening parenthesis is never closed."
    explanation = (
        "m4 collects a macro's arguments up to the matching closing parenthesis. Without one it "
        "reads to the end of the input, then stops with an end-of-file error that often names "
        "a different file (the last one cf.m4 included), and the macro never runs (m4 manual, Macro "
        "Arguments; cf.README, A BRIEF INTRODUCTION TO M4)."
    )
    bad = "OSTYPE(`linux')dnl\nFEATURE(`access_db'\nMAILER(`smtp')dnl\n"
    good = "OSTYPE(`linux')dnl\nFEATURE(`access_db')dnl\nMAILER(`smtp')dnl\n"
