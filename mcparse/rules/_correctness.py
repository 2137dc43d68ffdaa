"""Helpers for the correctness rules (MC202-MC229): finding the source text
behind a model fact, so a finding can point at the word that is wrong and a
fix can edit it without guessing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Union

from ..syntax.tree import MacroCall, Quoted
from ..model.config import Daemon
from ._top_level import top_level
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..model.config import ClientOptions, DaemonField, Site
    from ..model.config import MacroCall as ModelCall
    from ._top_level import TopLevel
    from ..source import Span

PortOptions = Union["Daemon", "ClientOptions"]


def written_call(context: Context, site: "Optional[Site]", names: Iterable[str] = ()) -> Optional[MacroCall]:
    """The top-level call written at ``site`` (not one produced through a
    user macro), optionally only if it is one of ``names``."""
    if site is None or site.via:
        return None
    node = top_level(context).call_at_start.get(site.span.start)
    wanted = tuple(names)
    if node is None or (wanted and node.name not in wanted):
        return None
    return node


def quoted_argument(call: MacroCall, position: int) -> Optional[Quoted]:
    """The argument at ``position`` when it is exactly one quoted string
    (blanks around it allowed): the only shape whose text equals its value."""
    if position >= len(call.arguments):
        return None
    content = [c for c in call.arguments[position].content if c.kind not in ("whitespace", "newline")]
    if len(content) != 1 or not isinstance(content[0], Quoted):
        return None
    return content[0]


def value_offset(context: Context, site: "Optional[Site]", names: Iterable[str], position: int, value: str) -> Optional[int]:
    """Where the text of ``value`` starts in the source, when the call at
    ``site`` holds it as one quoted argument at ``position``; else None."""
    written = _written_quoted(context, site, names, position, value)
    return None if written is None else written[1].start + 1


def _written_quoted(
    context: Context, site: "Optional[Site]", names: Iterable[str], position: int, value: str
) -> Optional[tuple[MacroCall, Quoted]]:
    """The call written at ``site`` and its argument at ``position``, when that
    argument is one quoted string whose text is ``value``."""
    call = written_call(context, site, names)
    if call is None:
        return None
    quoted = quoted_argument(call, position)
    if quoted is None or quoted.value != value:
        return None
    return call, quoted


def unquoted_name_span(context: Context, site: "Optional[Site]", names: Iterable[str], name: str) -> Optional[tuple[int, int]]:
    """The offsets of ``name`` as the first argument of the call at ``site``,
    quoted or not, when it is written there literally."""
    call = written_call(context, site, names)
    if call is None or not call.arguments:
        return None
    argument = call.arguments[0]
    content = [c for c in argument.content if c.kind not in ("whitespace", "newline")]
    if len(content) != 1:
        return None
    node = content[0]
    if isinstance(node, Quoted):
        text, start = node.value, node.span.start + 1
    elif node.kind in ("name", "text"):
        text, start = node.text, node.span.start  # type: ignore[union-attr]
    else:
        return None
    if text.strip() != name:
        return None
    offset = start + (len(text) - len(text.lstrip()))
    return offset, offset + len(name)


@dataclass(frozen=True)
class FieldText:
    """One comma-separated field of a DAEMON_OPTIONS/CLIENT_OPTIONS value as
    it stands in the source: its model fact and its offsets."""

    field: "DaemonField"
    start: int
    end: int


def _call_names(options: PortOptions) -> tuple[str, ...]:
    return ("DAEMON_OPTIONS",) if isinstance(options, Daemon) else ("CLIENT_OPTIONS",)


def port_option_value_start(context: Context, options: PortOptions) -> Optional[int]:
    """Where the quoted value of a written DAEMON_OPTIONS/CLIENT_OPTIONS starts."""
    written = written_port_options(context, options)
    return None if written is None else written[1].start + 1


def written_port_options(context: Context, options: PortOptions) -> Optional[tuple[MacroCall, Quoted]]:
    """The DAEMON_OPTIONS/CLIENT_OPTIONS call that wrote ``options`` and its
    first argument, when that argument is one quoted string holding exactly
    the value sendmail gets (the only shape a fix can edit without guessing).
    Several rules ask for each daemon: found once per file."""
    found: dict[int, Optional[tuple[MacroCall, Quoted]]] = context.memo("correctness.written_port_options", dict)
    key = id(options)
    if key not in found:
        found[key] = _written_quoted(context, options.site, _call_names(options), 0, options.option_value)
    return found[key]


def field_texts(context: Context, options: PortOptions) -> tuple[tuple["DaemonField", Optional[tuple[int, int]]], ...]:
    """Each field with its source offsets (None when the value was not
    written as one plain quoted string). Six rules ask for every daemon's
    fields: located once per file."""
    located: dict[int, tuple[tuple["DaemonField", Optional[tuple[int, int]]], ...]]
    located = context.memo("correctness.field_texts", dict)
    known = located.get(id(options))
    if known is None:
        known = located[id(options)] = tuple(_locate_fields(context, options))
    return known


def field_value_start(field: "DaemonField", located: Optional[tuple[int, int]]) -> Optional[int]:
    """Where the value of a located ``Key=value`` field starts in the source
    (after the ``=`` and the blanks sendmail skips); None when not located."""
    equals = field.written.find("=")
    if located is None or equals < 0:
        return None
    rest = field.written[equals + 1 :]
    return located[0] + equals + 1 + (len(rest) - len(rest.lstrip(" \t")))


def _locate_fields(context: Context, options: PortOptions) -> Iterator[tuple["DaemonField", Optional[tuple[int, int]]]]:
    start = port_option_value_start(context, options)
    if start is None:
        for field in options.fields:
            yield field, None
        return
    fields = iter(options.fields)
    offset = 0
    # Split exactly as the model did (parse_fields): at commas, leading blanks skipped.
    for raw in options.option_value.split(","):
        stripped = raw.lstrip(" \t")
        if stripped:
            field = next(fields, None)
            if field is None:
                return
            begin = start + offset + (len(raw) - len(stripped))
            yield field, (begin, begin + len(stripped.rstrip()))
        offset += len(raw) + 1


def options_span(context: Context, options: PortOptions) -> "Span":
    """Where to report a daemon or client line: its call, else the file start."""
    if options.site is not None:
        return options.site.span
    if context.config.ostype_site is not None:
        return context.config.ostype_site.span
    return context.span(0, 0)


def own_lines(context: Context, call: MacroCall, table: "Optional[TopLevel]" = None) -> Optional[tuple[int, int]]:
    """The offsets of the whole line(s) ``call`` stands on, when nothing else
    is on them but blanks and a trailing ``dnl`` comment; else None.
    ``table``: the file's top_level, when the caller asks once per finding."""
    # Offsets, not spans: a span computes its line and column each time.
    text = context.text
    line_start = text.rfind("\n", 0, call.start) + 1
    if line_start != call.start and text[line_start : call.start].strip(" \t"):
        return None
    table = table or top_level(context)
    children = table.children
    position = table.call_position.get(id(call))
    if position is None:
        return None
    end = call.end
    for index in range(position + 1, len(children)):  # not a slice: that copies the rest of the file
        node = children[index]
        if node.kind == "whitespace":
            end = node.end
            continue
        if node.kind == "newline":
            return line_start, node.end
        if node.kind == "comment" and node.style == "dnl":  # type: ignore[union-attr]
            return (line_start, node.end) if text[node.end - 1 : node.end] == "\n" else None
        return None
    return (line_start, end) if end == len(text) else None


def all_addresses(value: Optional[str]) -> bool:
    """True when a daemon address means "every interface"."""
    return value is None or value.strip() in ("", "0.0.0.0", "::", "INADDR_ANY", "0")


def quote_name(name: str) -> str:
    if len(name) > 60:
        name = name[:40] + "..." + name[-10:]
    return f"`{name}'"


# Names that look like something else (template markers, macro leftovers) are
# not worth a did-you-mean: other rules and the model's unknowns cover them.
def plain_name(name: str) -> bool:
    return bool(name) and all(char.isalnum() or char in "_.+-" for char in name)


# Beyond this many "did you mean" searches in one file (a generated file
# with thousands of unknown names), findings go without suggestions: each
# search compares against hundreds of names and nobody reads the thousandth.
MAX_SUGGESTION_SEARCHES = 100


def close_names(context: Context, name: str, known: Iterable[str]) -> list[str]:
    """Known names close to ``name``, within the per-file search budget."""
    from ..vocabulary import suggest

    searches: list[int] = context.memo("correctness.suggestion_searches", lambda: [0])
    if searches[0] >= MAX_SUGGESTION_SEARCHES:
        return []
    searches[0] += 1
    return suggest(name, known)


def did_you_mean(candidates: list[str]) -> str:
    if not candidates:
        return ""
    return "; did you mean " + " or ".join(quote_name(c) for c in candidates) + "?"


class UnknownCfFile(Rule, abstract=True):
    """A FEATURE/MAILER/OSTYPE/DOMAIN/HACK naming a file sendmail-cf does not ship.

    cf.m4 turns each of these into ``include(cf/<folder>/<name>.m4)``; a name
    with no file makes m4 print "cannot open" and exit with an error status.
    """

    macro: str  # FEATURE, MAILER, ...
    folder: str  # feature, mailer, ...
    # Shortest name a did-you-mean may correct, and then only by one edit; 0
    # keeps the usual edit-distance search. Set where sites commonly ship
    # their own short files (see unknown-mailer).
    min_typo_length: int = 0

    def known(self) -> dict[str, object]:
        raise NotImplementedError

    def extra_hint(self, name: str) -> Optional[str]:
        """A better suggestion than edit distance, when the vocabulary has one."""
        return None

    def _close(self, context: Context, name: str, known: dict[str, object]) -> list[str]:
        candidates = close_names(context, name, known)
        if not self.min_typo_length:
            return candidates
        if len(name) < self.min_typo_length:
            return []
        from ..vocabulary import one_edit_away

        return one_edit_away(name, candidates)

    def check(self, context: Context) -> Iterator[Finding]:
        known = self.known()
        for call in calls_named(context, self.macro):
            if not call.arguments:
                continue
            name = call.arguments[0].strip()
            # The lookup first: most names are known, and plain_name reads each character.
            if name in known or not plain_name(name) or f"{self.folder}/{name}" in context.config.local_files:
                continue  # a site's own file, read from the configured cf directory
            hint = self.extra_hint(name)
            candidates = [hint] if hint else self._close(context, name, known)
            fix = None
            located = unquoted_name_span(context, call.site, (self.macro,), name)
            if located is not None and len(candidates) == 1 and self.fix_safety is not None:
                fix = self.fix(
                    f"Use {self.macro}({quote_name(candidates[0])})",
                    self.edit(located[0], located[1], candidates[0]),
                )
            span = context.span(*located) if located is not None else call.site.span
            yield self.finding(
                span,
                f"sendmail-cf has no {self.folder}/{name}.m4: m4 cannot open it and exits with an error, "
                f"so {self.macro}({quote_name(name)}) has no effect{did_you_mean(candidates)}"
                + ("" if candidates else f" (unless {self.folder}/{name}.m4 is a file you added to your cf directory)"),
                fix,
            )


def calls_named(context: Context, name: str) -> "list[ModelCall]":
    """The model's recorded calls of the macro ``name``, in order (grouped once
    per file: five rules each want the calls of one macro)."""
    grouped: "dict[str, list[ModelCall]]" = context.memo("correctness.calls_by_name", _calls_by_name, context)
    return grouped.get(name, [])


def _calls_by_name(context: Context) -> "dict[str, list[ModelCall]]":
    grouped: "dict[str, list[ModelCall]]" = {}
    for call in context.config.calls:
        grouped.setdefault(call.name, []).append(call)
    return grouped


def port_options(context: Context) -> Iterator[PortOptions]:
    """Every DAEMON_OPTIONS and CLIENT_OPTIONS line the file itself wrote
    (cf.m4's implied defaults are well-formed and never reported). A line a
    user macro writes several times at one place is given once. Listed once
    per file: eight rules go through every daemon."""
    return iter(context.memo("correctness.port_options", lambda: _written_port_options(context)))


def _written_port_options(context: Context) -> list[PortOptions]:
    seen: set[tuple[str, int, str]] = set()
    candidates: list[PortOptions] = [d for d in context.config.daemons if not d.implied]
    candidates += list(context.config.client_options)
    found: list[PortOptions] = []
    for options in candidates:
        if options.site is None:
            continue
        key = (macro_of(options), options.site.span.start, options.option_value)
        if key not in seen:
            seen.add(key)
            found.append(options)
    return found


def macro_of(options: PortOptions) -> str:
    return _call_names(options)[0]


def field_span(context: Context, options: PortOptions, located: Optional[tuple[int, int]]) -> "Span":
    return context.span(*located) if located is not None else options_span(context, options)


def option_value(context: Context, option: str) -> Optional[str]:
    """The value sendmail ends up with for an ``O option=`` line (the last one wins)."""
    values = context.config.cf_options.get(option)
    return values[-1] if values else None


def option_letters(value: str) -> list[str]:
    """The tokens of a letter-list option (AuthOptions, TLSSrvOptions): sendmail
    splits at commas and blanks and reads the first character of each."""
    import re

    return [token for token in re.split(r"[,\s]+", value) if token]


def sees_everything(context: Context) -> bool:
    """False when part of the configuration comes from text mcparse cannot read
    (an include, a shell command, a template placeholder)."""
    return not any(unknown.kind in ("include", "shell", "template") for unknown in context.config.unknowns)


TEMPLATE_MARKERS = ("{{", "{%", "<%", "@@")


def is_template(context: Context) -> bool:
    """True for Jinja/ERB templates: branches the model reads side by side
    are alternatives, so whole-file conclusions do not hold."""
    return any(unknown.kind == "template" for unknown in context.config.unknowns)


def templated(value: str) -> bool:
    """True when a value holds a template placeholder rather than real text."""
    return any(marker in value for marker in TEMPLATE_MARKERS)
