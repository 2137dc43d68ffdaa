"""MC232 m4-warning: cf.m4 or m4 warns about the file while compiling it."""

from __future__ import annotations

from typing import Iterator

from ._m4messages import compile_messages, is_warning
from .base import Context, Finding, Rule


class M4Warning(Rule):
    code = "MC232"
    name = "m4-warning"
    category = "correctness"
    severity = "warning"
    summary = "Compiling the file prints a warning (`*** WARNING' from cf.m4, or m4's about a call in the file)."
    explanation = (
        "Besides its errors, cf.m4 prints `*** WARNING: ...' for things that work but are probably "
        "not meant (a LOCAL_SRV_FEATURES section before the mailers, an option sendmail no longer "
        "reads), and m4 itself warns about calls written in the file: too many or too few "
        "arguments to a builtin, a non-numeric argument. mcparse compiles the file with the "
        "installed sendmail-cf and reports each at the .mc line that caused it, in m4's words. "
        "m4's warnings from inside sendmail-cf's own macros (Debian's files make m4 warn about "
        "ifelse arguments on every build) are not about the file and are not reported. Without "
        "sendmail-cf installed nothing is compiled and this rule is silent."
    )
    bad = (
        "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `9', `extra')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `9')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    needs_sendmail_cf = True

    def check(self, context: Context) -> Iterator[Finding]:
        for message, span in compile_messages(context):
            if is_warning(message):
                yield self.finding(span, f"m4 says: {message.text.strip()}")
