"""MC310 macro-before-cf-include: a sendmail macro used before cf.m4 defines it."""

from __future__ import annotations

from typing import Iterator, Optional

from ..syntax.tree import MacroCall, Name
from ._top_level import top_level
from .base import Context, Finding, Rule


class MacroBeforeCfInclude(Rule):
    code = "MC310"
    name = "macro-before-cf-include"
    category = "m4"
    severity = "warning"
    summary = "A sendmail macro (FEATURE, MAILER, DAEMON_OPTIONS, ...) is used before the line that includes cf.m4."
    explanation = (
        "FEATURE, MAILER, DAEMON_OPTIONS, LOCAL_CONFIG and the other sendmail macros are "
        "defined by cf.m4. Until the `include(`.../cf.m4')` line has been read, m4 does not "
        "know them: a call written above it is plain text, thrown away under `divert(-1)` or "
        "copied into sendmail.cf otherwise, and the feature or option it asks for never takes "
        "effect. m4 gives no message. cf.README (introduction and example) puts the include "
        "first; move the line below it."
    )
    bad = (
        "divert(-1)\n"
        "FEATURE(`no_default_msa')\n"
        "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
        "OSTYPE(`linux')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "divert(-1)\n"
        "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import load_vocabulary

        if context.config.fragment:
            return
        include = _cf_include(context)
        if include is None:
            return
        macros = load_vocabulary().macros
        line = context.index.line_of(include.span.start) + 1
        for node in context.tree.children:
            if node.span.start >= include.span.start:
                break
            if isinstance(node, MacroCall):
                name, span = node.name, node.span
            elif isinstance(node, Name) and macros.get(node.text) is not None and macros[node.text].kind == "section":
                name, span = node.text, node.span
            else:
                continue
            macro = macros.get(name)
            if macro is None or macro.kind not in ("cf", "section"):
                continue
            yield self.finding(
                span,
                f"{name} is used before cf.m4 is included (line {line}), so m4 does not know it yet and "
                "treats it as plain text: it never takes effect. Move it below the include line.",
            )


def _cf_include(context: Context) -> Optional[MacroCall]:
    for node in top_level(context).calls:
        if node.name in ("include", "sinclude") and node.arguments:
            argument = node.arguments[0]
            written = context.text[argument.span.start : argument.span.end].strip().strip("`'").rstrip()
            if written.endswith("cf.m4"):
                return node
    return None
