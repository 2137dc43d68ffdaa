"""MC212 ostype-missing-or-late: no OSTYPE, OSTYPE after a MAILER, or OSTYPE twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ._correctness import quote_name
from ._top_level import top_level
from ._scope import is_fragment
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..source import Span

MAILER_FEATURES = ("msp", "nullclient")


class OstypeMissingOrLate(Rule):
    code = "MC212"
    name = "ostype-missing-or-late"
    category = "correctness"
    severity = "error"
    summary = "The file has no OSTYPE, uses it after a MAILER, or uses it twice."
    explanation = (
        "OSTYPE sets the paths and flags of the operating system (the local delivery "
        "program, the shell, file locations); the mailers read them when MAILER() is "
        "expanded, so OSTYPE must come before every MAILER (cf.README: OSTYPE, \"It is "
        "imperative\"). Without OSTYPE, m4 prints `*** ERROR: No system type defined' and "
        "builds a sendmail.cf with generic paths such as /bin/mail for local delivery; after a "
        "MAILER the local mailer keeps those generic paths; a second OSTYPE makes m4 print "
        "`duplicate OSTYPE'. A submit.mc that defines `__OSTYPE__' on purpose and files "
        "meant to be included by another .mc are not reported."
    )
    bad = "divert(-1)\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')\ndivert(0)dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\nOSTYPE(`linux')dnl\n"
    good = "divert(-1)\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')\ndivert(0)dnl\nOSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        if is_fragment(context):
            return
        ostypes = [call for call in config.calls if call.name == "OSTYPE"]
        if not ostypes:
            if any(macro.name == "__OSTYPE__" for macro in config.user_macros):
                return
            yield self.finding(
                self._include_span(context),
                "There is no OSTYPE: m4 prints `*** ERROR: No system type defined (use OSTYPE macro)' "
                "and sendmail.cf gets generic paths (local mail through /bin/mail); add "
                "OSTYPE(`linux') (or your system's name) before the first FEATURE and MAILER.",
            )
            return
        first_mailer = next(
            (
                position for position, call in enumerate(config.calls)
                if call.name == "MAILER"
                or (call.name == "FEATURE" and call.arguments and call.arguments[0].strip() in MAILER_FEATURES)
            ),
            None,
        )
        for number, ostype in enumerate(ostypes):
            name = ostype.arguments[0].strip() if ostype.arguments else ""
            if number > 0:
                yield self.finding(
                    ostype.site.span,
                    f"A second OSTYPE({quote_name(name)}): m4 prints `duplicate OSTYPE' and the two "
                    "systems' settings are mixed; keep only one.",
                )
                continue
            if first_mailer is not None and config.calls.index(ostype) > first_mailer:
                mailer = config.calls[first_mailer]
                mailer_name = mailer.arguments[0].strip() if mailer.arguments else ""
                yield self.finding(
                    ostype.site.span,
                    f"OSTYPE({quote_name(name)}) comes after {mailer.name}({quote_name(mailer_name)}): "
                    "the mailers are already written with generic paths (local mail through /bin/mail); "
                    "move OSTYPE to the top, right after VERSIONID.",
                )

    @staticmethod
    def _include_span(context: Context) -> "Span":
        for node in top_level(context).calls:
            if node.name in ("include", "sinclude"):
                return node.span
        return context.span(0, 0)
