"""MC307 changequote-used: the file changes m4's quote characters."""

from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule


class ChangequoteUsed(Rule):
    code = "MC307"
    name = "changequote-used"
    category = "m4"
    severity = "info"
    summary = "The file changes m4's quote characters with changequote, so everything after it reads differently."
    explanation = (
        "cf.m4 and every sendmail macro are written for m4's standard quotes, a backquote to "
        "open and an apostrophe to close (cf.README, the brief introduction to m4). After "
        "`changequote([,])` the rest of the file, and every cf file it includes, is read with "
        "the new quotes: quoted arguments written the usual way are no longer quoted, and cf.m4's "
        "own files can break. mcparse follows the change as far as it can, but treats what "
        "comes after it as uncertain; check the generated sendmail.cf, and restore the "
        "standard quotes with `changequote` (no arguments) as soon as possible."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "changequote([,])dnl\n"
        "define([confLOG_LEVEL], [14])dnl\n"
        "MAILER([smtp])dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `14')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for unknown in context.config.unknowns:
            if unknown.kind != "changequote":
                continue
            yield self.finding(
                unknown.span,
                "This changequote changes m4's quote characters for the rest of the file and for the "
                "cf files it loads; mcparse cannot be sure what follows means what it says. Check the "
                "generated sendmail.cf, or keep the standard quotes.",
            )
