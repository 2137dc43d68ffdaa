"""MC231 m4-error: m4 or cf.m4 reports an error while compiling the file."""

from __future__ import annotations

from typing import Iterator

from ._correctness import templated
from ._m4messages import compile_messages, is_error
from .base import Context, Finding, Rule


class M4Error(Rule):
    code = "MC231"
    name = "m4-error"
    category = "correctness"
    severity = "error"
    summary = "Compiling the file prints an error (`*** ERROR' from cf.m4, or m4's own)."
    explanation = (
        "cf.m4 checks a few things itself and prints `*** ERROR: ...' on m4's error output when "
        "they fail (a FEATURE after the mailers, an access map without -T<TMPF>, a mailer named "
        "twice); m4 reports a file it cannot open or a quote that never closes. m4 still exits 0 "
        "after cf.m4's errors and writes a sendmail.cf that is not what the file asks for, so a "
        "build script rarely notices. mcparse compiles the file with the installed sendmail-cf "
        "(its own sandboxed m4; nothing is run) and reports each such message at the .mc line "
        "that caused it, in m4's words. Errors that another rule explains in more detail (feature-"
        "after-mailer, ostype-missing-or-late, mailer-duplicate) are left to that rule while it "
        "runs. Without sendmail-cf installed nothing is compiled and this rule is silent."
    )
    # DOMAIN(`Berkeley.EDU') refuses to build outside Berkeley (corpus 103, ucbvax).
    bad = (
        "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
        "DOMAIN(`Berkeley.EDU')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
        "DOMAIN(`generic')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    needs_sendmail_cf = True

    def check(self, context: Context) -> Iterator[Finding]:
        for message, span in compile_messages(context):
            if is_error(message) and not _placeholder_file(message.text):
                yield self.finding(span, f"m4 says: {message.text.strip()}")


def _placeholder_file(text: str) -> bool:
    # include(`{{sendmail_mc_include}}') in an Ansible template (corpus 013):
    # m4 cannot open a path that is only a placeholder, and the rendered file
    # names a real one; template-marker already reports the template.
    return "cannot open" in text and templated(text)
