"""MC001 unterminated-quote: a ` that is never closed."""

from __future__ import annotations

from ._syntax import ParserRule


class UnterminatedQuote(ParserRule):
    code = "MC001"
    name = "unterminated-quote"
    category = "syntax"
    severity = "error"
    summary = "A quote opened with a backquote is never closed."
    explanation = (
        "m4 quotes text between a backquote and the matching apostrophe. When the closing "
        "apostrophe is missing, m4 keeps reading: everything up to the end of the file becomes "
        "one quoted string, so none of the macros after it run and m4 ends with an error about "
        "end of file in a string (m4 manual, Quoted strings; cf.README, the quoting notes at "
        "the top)."
    )
    bad = "OSTYPE(`linux')dnl\ndefine(`confSMTP_LOGIN_MSG', `$j mailer)dnl\nMAILER(`smtp')dnl\n"
    good = "OSTYPE(`linux')dnl\ndefine(`confSMTP_LOGIN_MSG', `$j mailer')dnl\nMAILER(`smtp')dnl\n"
