"""What m4 printed while compiling the file, for m4-error and m4-warning."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

if TYPE_CHECKING:  # pragma: no cover
    from ..compiled import CompileMessage
    from ..source import Span
    from .base import Context

# Messages a more specific rule already explains; m4-error/m4-warning stay
# quiet about them while that rule runs, so one mistake is one finding.
COVERED = {
    "FEATURE() should be before MAILER()": "MC210",
    "No system type defined": "MC212",
    "duplicate OSTYPE": "MC212",
    "already included": "MC214",
    "is deprecated; use FEATURE": "MC501",
    "is no longer valid": "MC502",
    "configures your system as open": "MC104",
}
# "cannot open `.../feature/x.m4'": a name sendmail-cf does not ship.
COVERED_FILES = {"/feature/": "MC202", "/ostype/": "MC205", "/domain/": "MC206", "/mailer/": "MC204", "/hack/": "MC207"}


def _covered(text: str, active: frozenset[str]) -> bool:
    if any(pattern in text and code in active for pattern, code in COVERED.items()):
        return True
    if text.startswith("cannot open"):
        return any(folder in text and code in active for folder, code in COVERED_FILES.items())
    return False


def compile_messages(context: "Context") -> "Iterator[tuple[CompileMessage, Span]]":
    """Each message of the compile worth reporting once, with its span in the .mc."""
    compiled = context.config.compiled
    if compiled is None:
        return
    seen: set[tuple[str, Optional[int]]] = set()
    for message in compiled.messages:
        text = message.text.strip()
        if not text:
            continue
        if _covered(text, context.active_codes):
            continue
        key = (text, message.origin.mc_offset)
        if key in seen:
            continue
        seen.add(key)
        yield message, span_at(context, message.origin.mc_offset)


def span_at(context: "Context", offset: Optional[int]) -> "Span":
    """From ``offset`` to the end of its line; without one, the cf.m4 include (or 1:1)."""
    text = context.parse.text
    if offset is None:
        offset = _cf_include(context)
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return context.span(offset, max(end, offset))


def _cf_include(context: "Context") -> int:
    from ._top_level import top_level

    for node in top_level(context).calls:
        if node.name == "include" and "cf.m4" in context.parse.text[node.span.start : node.span.end]:
            return node.span.start
    return 0


def is_error(message: "CompileMessage") -> bool:
    return message.severity == "error"


def is_warning(message: "CompileMessage") -> bool:
    """cf.m4's warnings, and m4's own warnings about a call the file itself makes.

    m4's warnings from inside sendmail-cf (Debian's files make m4 warn about
    excess ifelse arguments on every build) say nothing about the file.
    """
    if message.severity == "error":
        return False
    if message.kind == "errprint":
        return True
    return message.direct
