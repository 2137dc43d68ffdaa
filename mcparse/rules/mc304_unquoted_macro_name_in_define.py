"""MC304 unquoted-macro-name-in-define: `define(confX, ...)` expands confX first."""

from __future__ import annotations

from typing import Iterator, Optional

from ..syntax.tree import MacroCall
from ..diagnostics import Fix
from ._daemons import sentence
from ._m4 import all_calls, single_name
from .base import Context, Finding, Rule

_DEFINERS = ("define", "undefine", "pushdef", "popdef")


class UnquotedMacroNameInDefine(Rule):
    code = "MC304"
    name = "unquoted-macro-name-in-define"
    category = "m4"
    severity = "warning"
    summary = "The name given to define/undefine is not quoted, so m4 replaces it by its value when it is already defined."
    explanation = (
        "m4 expands every word it reads, arguments included, before the macro sees them. In "
        "`define(confLOG_LEVEL, 14)` the name is read as a macro call: cf.m4 already defines "
        "confLOG_LEVEL (to 9), so define receives `9` and creates a macro named `9`, while "
        "LogLevel stays 9 in sendmail.cf and m4 says nothing. A name nobody defined yet works "
        "the first time and silently fails the next (a second define, or an include that "
        "predefines it). cf.README (the brief introduction to m4) quotes every name: write "
        "`` define(`confLOG_LEVEL', `14') ``. Quoting is a safe fix where the name was still "
        "undefined (m4 already did what the quoted call does); where it held a value the fix "
        "changes which macro is defined, so it is unsafe."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(confLOG_LEVEL, `14')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confLOG_LEVEL', `14')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    # Safe where the name was still undefined at the call (m4 then did what
    # the quoted call does); where it held a value, quoting changes which
    # macro is defined, so that fix is unsafe (see _worked).
    fix_safety = "safe"

    def check(self, context: Context) -> Iterator[Finding]:
        for node in all_calls(context):
            if node.name not in _DEFINERS or not node.arguments:
                continue
            name = single_name(node.arguments[0])
            if name is None:
                continue
            replaced = self._defined_instead(context, node, name.text)
            safety = "safe" if self._worked(context, node, name.text) else "unsafe"
            if replaced is None and node.name in ("undefine", "popdef"):
                message = (
                    f"The name `{name.text}` is not quoted: whenever it is defined, m4 replaces it by "
                    f"its value before {node.name} sees it, so a macro named after the value is "
                    f"removed and `{name.text}` stays defined. Quote the name."
                )
            elif replaced is None:
                message = (
                    f"The name `{name.text}` is not quoted: this {node.name} only works while "
                    f"`{name.text}` is undefined; once it is defined, m4 hands its value to "
                    f"{node.name} instead and the change silently goes elsewhere. Quote the name."
                )
            else:
                message = sentence(
                    f"`{name.text}` is already defined here, so m4 replaces it by its value before "
                    f"{node.name} sees it: {replaced}, and `{name.text}` keeps its old value. "
                    "Quote the name."
                )
            yield self.finding(
                node.span,
                message,
                Fix(
                    message="Quote the macro name" if safety == "safe" else
                    "Quote the macro name (unsafe: the call then acts on the name, not on its value)",
                    edits=(
                        self.edit(name.span.start, name.span.start, "`"),
                        self.edit(name.span.end, name.span.end, "'"),
                    ),
                    safety=safety,
                ),
            )

    @staticmethod
    def _worked(context: Context, call: MacroCall, written: str) -> bool:
        """True when the model saw this call act on ``written`` itself: the
        name was undefined there, so quoting it changes nothing m4 does. Any
        doubt (a value in its place, a call the model did not follow) is False."""
        start = call.span.start
        variable = context.config.conf.get(written)
        if variable is not None and any(
            d.site.span.start == start and not d.site.via for d in variable.definitions
        ):
            return True
        return _own_name(written) and any(
            macro.name == written and macro.site.span.start == start and not macro.site.via
            for macro in context.config.user_macros
        )

    @staticmethod
    def _defined_instead(context: Context, call: MacroCall, written: str) -> Optional[str]:
        """What the call did instead of touching ``written``, or None when it
        worked (or the model cannot tell)."""
        config = context.config
        start = call.span.start
        touched: list[str] = []
        for variable in config.conf.values():
            if any(d.site.span.start == start and not d.site.via for d in variable.definitions):
                touched.append(variable.name)
        for macro in config.user_macros:
            if macro.site.span.start == start and not macro.site.via:
                touched.append(macro.name)
        if not touched or written in touched:
            return None
        return f"this {call.name} acts on a macro named `{touched[0]}`"


def _own_name(name: str) -> bool:
    """Whether ``name`` can only be the file's own macro, never one that
    cf.m4, an OSTYPE or a FEATURE file defines behind the model's back: those
    are upper case (CF_LEVEL, PUSHDIVERT, LOCAL_MAILER_PATH from
    FEATURE(`local_procmail')), start with `_' (_REC_END_), or are Debian's
    build settings (sm_enable_ipv6)."""
    from ..vocabulary import load_vocabulary

    return (
        any(char.islower() for char in name)
        and not name.startswith(("_", "sm_"))
        and name not in load_vocabulary().macros
    )
