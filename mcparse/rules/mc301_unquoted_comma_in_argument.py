"""MC301 unquoted-comma-in-argument: m4 split an argument at its commas and dropped the rest."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, Optional

from ._daemons import sentence
from ._m4 import content_span, is_plain, top_level_call_at
from ._top_level import top_level
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..syntax.tree import MacroCall as CallNode
    from ..diagnostics import Fix
    from ..model.config import MacroCall

# Macros whose extra arguments have a meaning of their own (a feature's
# options, a SITE list): excess there is not a sign of a split argument.
_OPEN_ENDED = frozenset({"FEATURE", "HACK", "SITE", "CONCAT"})


# Macros whose value is a milter's equates: `S=socket, F=flags, T=timeouts',
# where the timeouts are `;'-separated (`T=S:30s;R:2m'). A comma inside T=
# starts a new equate, and milter.c rejects `R:2m' as an unknown one.
_MILTER_MACROS = frozenset({"INPUT_MAIL_FILTER", "MAIL_FILTER"})
_EQUATE = re.compile(r"^\s*[A-Za-z]=")


def _joined(macro: str, pieces: "tuple[str, ...] | list[str]") -> str:
    """The value the pieces m4 split apart were meant to be, as one string.

    For a milter, a piece that does not start an equate (``X=``) continues the
    timeouts of the one before, so it is joined with ``;``; commas inside a
    T= equate become ``;`` too. Elsewhere the pieces are joined with ``, ``.
    """
    if macro not in _MILTER_MACROS:
        return ", ".join(pieces)
    fields: list[str] = []
    for piece in pieces:
        for part in piece.split(","):
            part = part.strip()
            if fields and not _EQUATE.match(part):
                fields[-1] += ";" + part
            else:
                fields.append(part)
    return ", ".join(fields)


def _quoted_whole(argument: "object") -> bool:
    """The written argument is one quoted string (blanks around it aside)."""
    from ..syntax.tree import Quoted

    content = [child for child in getattr(argument, "content", ()) if child.kind not in ("whitespace", "newline")]
    return len(content) == 1 and isinstance(content[0], Quoted)


def _arity() -> dict[str, int]:
    from ..vocabulary import load_vocabulary

    return {
        name: macro.max_args
        for name, macro in load_vocabulary().macros.items()
        if macro.kind == "cf" and macro.max_args is not None and name not in _OPEN_ENDED
    }


class UnquotedCommaInArgument(Rule):
    code = "MC301"
    name = "unquoted-comma-in-argument"
    category = "m4"
    severity = "error"
    summary = "An unquoted argument holds commas, so m4 splits it and part of it is silently dropped."
    explanation = (
        "m4 separates a macro's arguments at every comma that is not inside quotes or "
        "parentheses. `DAEMON_OPTIONS(Port=587, Name=MSA, M=Ea)` therefore passes three "
        "arguments; DAEMON_OPTIONS reads only the first, so sendmail gets `Port=587` and the "
        "name and the modifiers (here: require AUTH, refuse ETRN) vanish without any message. "
        "The same happens when the commas come from a macro the argument expands to, and to "
        "`define` with more than two arguments (m4 only warns). cf.README (tweaking "
        "configuration options) asks for option values with commas to be quoted: write the "
        "whole value as one quoted string, `` `Port=587, Name=MSA, M=Ea' ``."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(Port=587, Name=MSA, M=Ea)dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    # Unsafe: m4 passes the whole argument after quoting, where it cut it at the first comma before.
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        arity = _arity()
        for call in context.config.calls:
            limit = arity.get(call.name)
            if limit is None or len(call.arguments) <= limit:
                continue
            yield self._split_call(context, call, limit)
        yield from self._excess_define(context)

    def _split_call(self, context: Context, call: "MacroCall", limit: int) -> Finding:
        kept = call.arguments[limit - 1]
        dropped = ", ".join(call.arguments[limit:])
        written = None if call.site.via else top_level_call_at(context, call.site.span.start)
        uses = "only its first argument" if limit == 1 else f"only its first {limit} arguments"
        value = _joined(call.name, call.arguments[limit - 1 :])
        if written is not None and len(written.arguments) == len(call.arguments):
            if all(_quoted_whole(argument) for argument in written.arguments[limit - 1 :]):
                # Each piece is quoted on its own (corpus 077): the commas between
                # the quotes still separate arguments.
                cause = (
                    f"the value is written as {len(call.arguments) - limit + 1} separately quoted "
                    "arguments, and the commas between the quotes separate arguments"
                )
            else:
                cause = "the argument is split by m4 at its unquoted commas"
            how = f"write the whole value as one quoted string: `` `{value}' ``"
        else:
            if call.site.via:
                cause = f"this call comes from macro `{call.site.via[-1]}`, and m4 splits its argument at the commas"
            else:
                shown = context.text[call.site.span.start : call.site.span.end]
                cause = f"the argument of `{shown}` expands to text with commas, and m4 splits it there"
            how = "quote the value once more where the macro is defined, so the commas survive the expansion"
        message = (
            f"{cause}; {call.name} uses {uses}, so `{dropped}` is dropped and sendmail only gets "
            f"`{kept}`; {how}."
        )
        fix = self._quote_fix(context, call, written, limit) if written is not None else None
        return self.finding(call.site.span, sentence(message), fix)

    def _quote_fix(self, context: Context, call: "MacroCall", written: "CallNode", limit: int) -> "Optional[Fix]":
        if len(written.arguments) != len(call.arguments):
            return None
        if _joined(call.name, call.arguments[limit - 1 :]) != ", ".join(call.arguments[limit - 1 :]):
            return None  # quoting as written would give sendmail a broken value (see _joined)
        tail = written.arguments[limit - 1 :]
        if not all(is_plain(argument) for argument in tail):
            return None
        # Only when m4 expanded nothing while collecting them: then the quoted
        # text is exactly what it passed, with the commas kept.
        for argument, value in zip(tail, call.arguments[limit - 1 :]):
            start, end = content_span(argument)
            if context.text[start:end] != value:
                return None
        start = content_span(tail[0])[0]
        end = content_span(tail[-1])[1]
        return self.fix(
            "Quote the argument so m4 passes it whole",
            self.edit(start, start, "`"),
            self.edit(end, end, "'"),
        )

    def _excess_define(self, context: Context) -> Iterator[Finding]:
        # define is an m4 builtin, not one of sendmail's macros, so the model
        # does not list it among the calls: read it from the tree.
        for node in top_level(context).calls:
            if node.name != "define" or len(node.arguments) <= 2:
                continue
            tail = node.arguments[1:]
            if any(not argument.content for argument in tail):
                continue
            if any(a.content and context.text[a.content[0].span.start] in "'\u2018" for a in node.arguments):
                continue  # apostrophes used as quotes: wrong-open-quote explains the line
            dropped_start = content_span(node.arguments[2])[0]
            end = content_span(tail[-1])[1]
            dropped = context.text[dropped_start:end]
            fix = None
            if all(is_plain(argument) for argument in tail) and not self._names_macros(context, tail):
                start = content_span(tail[0])[0]
                fix = self.fix(
                    "Quote the value so define gets it whole",
                    self.edit(start, start, "`"),
                    self.edit(end, end, "'"),
                )
            yield self.finding(
                node.span,
                f"Define takes two arguments and m4 ignores the rest, so `{dropped}` is dropped "
                "from the value; quote the whole value so its commas stay in it.",
                fix,
            )

    @staticmethod
    def _names_macros(context: Context, arguments: "tuple") -> bool:
        # Quoting delays the expansion of any macro name in the value; keep
        # the fix to values made of words that are not macros.
        from ..vocabulary import load_vocabulary

        vocabulary = load_vocabulary()
        known = {macro.name for macro in context.config.user_macros} | set(context.config.conf)
        for argument in arguments:
            for child in argument.content:
                if child.kind == "name" and (
                    child.text in known or child.text in vocabulary.macros or child.text in vocabulary.conf_variables
                ):
                    return True
        return False
