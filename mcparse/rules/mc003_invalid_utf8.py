"""MC003 invalid-utf8: bytes that are not UTF-8."""

from __future__ import annotations

from ._syntax import ParserRule


class InvalidUtf8(ParserRule):
    code = "MC003"
    name = "invalid-utf8"
    category = "syntax"
    severity = "warning"
    summary = "The file is not valid UTF-8."
    explanation = (
        "m4 copies bytes through untouched, so sendmail itself does not mind, but editors and "
        "tools may show or rewrite the odd bytes differently. mcparse keeps them exactly as "
        "they are and reports the first one; usually a comment was written in Latin-1 (RFC 3629 "
        "defines which byte sequences are UTF-8)."
    )
    bad = b"dnl Postmaster: Ren\xe9\nOSTYPE(`linux')dnl\n"
    good = "dnl Postmaster: Ren\u00e9\nOSTYPE(`linux')dnl\n"
