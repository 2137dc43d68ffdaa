"""MC405 undefine-redundant: undefine of a conf variable that is not defined at that point."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Iterator, Optional

from ._m4 import call_removal, top_level_call_at
from ._top_level import top_level
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix
    from ..model.config import ConfVariable, Definition


class UndefineRedundant(Rule):
    code = "MC405"
    name = "undefine-redundant"
    category = "style"
    severity = "info"
    summary = "An undefine removes a conf variable that is not defined at that point, so it does nothing."
    explanation = (
        "`undefine` of a name that is not defined is a silent no-op in m4: nothing changes in "
        "sendmail.cf and m4 prints nothing. An undefine repeated without a define in between, "
        "or of a variable neither cf.m4 nor the OSTYPE file gives a value, usually shows a "
        "misunderstanding of which defaults are in effect (cf.README, tweaking configuration "
        "options, lists the variables cf.m4 sets). Remove it, or check that the variable it "
        "was meant to clear is spelled right."
    )
    bad = (
        "OSTYPE(`debian')dnl\n"
        "undefine(`confHOST_STATUS_DIRECTORY')dnl\n"
        "undefine(`confHOST_STATUS_DIRECTORY')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`debian')dnl\n"
        "undefine(`confHOST_STATUS_DIRECTORY')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    fix_safety = "safe"

    def check(self, context: Context) -> Iterator[Finding]:
        for variable in context.config.conf.values():
            previous: Optional["Definition"] = None
            for position, definition in enumerate(variable.definitions):
                if definition.value is None and not definition.site.via:
                    if previous is not None and previous.value is None and not _loads_between(
                        context, previous.site.span.start, definition.site.span.start
                    ):
                        reason = f"it was already undefined on line {previous.site.span.line}"
                        yield self._finding(context, variable, definition, reason)
                    elif position == 0 and self._never_defined(context, variable, definition):
                        reason = "neither cf.m4 nor the OSTYPE file defines it, and the file has not defined it yet"
                        yield self._finding(context, variable, definition, reason)
                previous = definition

    def _finding(self, context: Context, variable: "ConfVariable", definition: "Definition", reason: str) -> Finding:
        return self.finding(
            definition.site.span,
            f"This undefine of {variable.name} does nothing: {reason}. Remove it (or check the "
            "variable's spelling).",
            self._delete_line(context, definition),
        )

    def _delete_line(self, context: Context, definition: "Definition") -> "Optional[Fix]":
        call = top_level_call_at(context, definition.site.span.start)
        if call is None or call.name != "undefine" or len(call.arguments) != 1:
            return None
        line = call_removal(context, call)
        if line is None:
            return None
        return self.fix("Remove the undefine", self.edit(line[0], line[1], ""))

    @staticmethod
    def _never_defined(context: Context, variable: "ConfVariable", definition: "Definition") -> bool:
        from ..vocabulary import load_vocabulary

        vocabulary = load_vocabulary()
        known = vocabulary.conf_variables.get(variable.name)
        if known is None or known.cf_default_raw is not None or known.emission == "always":
            return False
        config = context.config
        ostype = vocabulary.ostypes.get(config.ostype or "")
        if config.ostype and (
            ostype is None
            or variable.name in ostype.defines
            or variable.name in ostype.default_defines
            # Set by the OSTYPE file when sendmail was built with some option
            # (Debian's confBIND_OPTS with IPv6): possibly defined here.
            or variable.name in ostype.conditional_defines
        ):
            return False
        # Other cf files (DOMAIN, FEATURE, HACK) and includes may define it:
        # only a file that loaded none of them before this point is certain.
        start = definition.site.span.start
        loaders = ("DOMAIN", "FEATURE", "HACK", "SITECONFIG")
        if any(call.name in loaders and call.site.span.start < start for call in config.calls):
            return False
        return not any(u.kind == "include" and u.span.start < start for u in config.unknowns)


# Top-level calls that cannot define a conf variable: between two undefines
# of one variable, anything else (OSTYPE, DOMAIN, FEATURE, MAILER, the cf.m4
# include, a macro of the file's own) may have defined it again.
_INERT_CALLS = frozenset({"define", "undefine", "dnl", "divert", "VERSIONID"})


def _loads_between(context: Context, start: int, end: int) -> bool:
    """Whether a top-level call between offsets ``start`` and ``end`` may
    define variables (a define or undefine of the same variable would be a
    definition of its own, between the two)."""
    calls = top_level(context).calls
    starts = context.memo("mc405.call_starts", lambda: [call.start for call in calls])
    return any(
        calls[position].name not in _INERT_CALLS
        for position in range(bisect_right(starts, start), bisect_left(starts, end))
    )
