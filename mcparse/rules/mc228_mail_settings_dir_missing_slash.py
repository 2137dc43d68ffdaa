"""MC228 mail-settings-dir-missing-slash: MAIL_SETTINGS_DIR without its trailing slash."""

from __future__ import annotations

from typing import Iterator

from ._correctness import templated, value_offset
from .base import Context, Finding, Rule


class MailSettingsDirMissingSlash(Rule):
    code = "MC228"
    name = "mail-settings-dir-missing-slash"
    category = "correctness"
    severity = "error"
    summary = "MAIL_SETTINGS_DIR does not end with `/', so every path built from it is glued to the file name."
    explanation = (
        "cf.m4 builds the default paths of the alias file, local-host-names, the help file, the "
        "access and other maps by writing MAIL_SETTINGS_DIR directly in front of the file "
        "name. Its default is `/etc/mail/', and cf.README insists that a replacement also ends "
        "with a slash (FILE LOCATIONS). With `/etc/mail' the paths become `/etc/mailaliases', "
        "`/etc/maillocal-host-names' and `/etc/mailhelpfile': sendmail finds none of them, so "
        "it no longer knows its own host names or aliases. The fix appends the slash."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`MAIL_SETTINGS_DIR', `/etc/mail')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`MAIL_SETTINGS_DIR', `/etc/mail/')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    # Unsafe: every file path built from MAIL_SETTINGS_DIR changes.
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        for macro in context.config.user_macros:
            if macro.name != "MAIL_SETTINGS_DIR" or macro.body is None:
                continue
            value = macro.body
            if not value.strip() or templated(value) or value.rstrip().endswith("/"):
                continue
            fix = None
            start = value_offset(context, macro.site, ("define",), 1, value)
            if start is not None:
                end = start + len(value.rstrip())
                fix = self.fix("Add the trailing slash", self.edit(end, end, "/"))
            yield self.finding(
                macro.site.span,
                f"MAIL_SETTINGS_DIR `{value}' has no trailing slash: cf.m4 glues it to file names, giving "
                f"`{value.rstrip()}aliases' and `{value.rstrip()}local-host-names'; write `{value.rstrip()}/'.",
                fix,
            )
