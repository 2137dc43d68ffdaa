"""MC233 cf-out-of-date: the installed sendmail.cf is not what the .mc compiles to."""

from __future__ import annotations

from typing import Iterator

from ._m4messages import span_at
from .base import Context, Finding, Rule

# The lines cf.m4's makeinfo.sh writes differ on every build (who, when, where).
HEADER_PREFIXES = ("##### built by ", "##### in ", "##### using ")


def comparable(cf: str) -> list[str]:
    """The lines of a sendmail.cf that say what sendmail does (header stamp left out)."""
    return [line for line in cf.split("\n") if not line.startswith(HEADER_PREFIXES)]


class CfOutOfDate(Rule):
    code = "MC233"
    name = "cf-out-of-date"
    category = "correctness"
    severity = "error"
    summary = "The installed sendmail.cf is not what this .mc compiles to (edited the .mc, forgot to rebuild)."
    explanation = (
        "sendmail never reads the .mc: it reads the sendmail.cf that m4 made from it. Editing the "
        ".mc and forgetting to rebuild (m4 sendmail.mc > sendmail.cf, or make in /etc/mail) leaves "
        "sendmail running the old configuration, and every check of the .mc describes a server that "
        "is not running. With `mc-check --cf /etc/mail/sendmail.cf sendmail.mc` mcparse compiles the "
        ".mc with the installed sendmail-cf and compares the result with that file, ignoring only "
        "the three `##### built by/in/using' header lines; the finding names the first lines that "
        "differ and points at the .mc line that produced the new one. It needs sendmail-cf installed "
        "and is silent unless --cf is given."
    )
    bad = (
        "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `14')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = bad.replace("`14'", "`9'")
    needs_sendmail_cf = True
    # The examples are checked against the sendmail.cf that ``good`` compiles to.
    examples_installed_cf_from_good = True

    def check(self, context: Context) -> Iterator[Finding]:
        compiled = context.config.compiled
        if context.installed_cf is None or compiled is None:
            return
        where, installed = context.installed_cf
        new = comparable(compiled.cf)
        old = comparable(installed.replace("\r\n", "\n"))
        if new == old:
            return
        import difflib

        changes = [line for line in difflib.unified_diff(old, new, lineterm="", n=0) if line[:1] in "+-"]
        changes = [line for line in changes if not line.startswith(("---", "+++"))]
        first_new = next((line[1:] for line in changes if line.startswith("+")), None)
        offset = None
        if first_new is not None:
            cf_line = next((line for line in compiled.lines if line.text == first_new and line.origin.mc_offset is not None), None)
            offset = cf_line.origin.mc_offset if cf_line is not None else None
        shown = "; ".join(f"{line[0]} {line[1:].strip()[:70]}" for line in changes[:4])
        more = f" (+{len(changes) - 4} more)" if len(changes) > 4 else ""
        yield self.finding(
            span_at(context, offset),
            f"{where} is not what this file compiles to: {len(changes)} line(s) differ: {shown}{more}. "
            "Rebuild it (m4 sendmail.mc > sendmail.cf, or make in /etc/mail) and restart sendmail.",
        )
