"""mcparse: what a sendmail.mc really does, and what is wrong with it.

The public API: :func:`parse`, :func:`parse_file`, :func:`unparse` (syntax),
:func:`resolve` (the semantic model), :func:`check` (the rules) and
:func:`compile` (sendmail.cf from the installed sendmail-cf, traced to the .mc).
Submodules load lazily so that ``import mcparse`` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "parse": ("mcparse.syntax", "parse"),
    "parse_file": ("mcparse.syntax", "parse_file"),
    "unparse": ("mcparse.syntax", "unparse"),
    "ParseResult": ("mcparse.syntax", "ParseResult"),
    "Span": ("mcparse.source", "Span"),
    "LineIndex": ("mcparse.source", "LineIndex"),
    "Diagnostic": ("mcparse.diagnostics", "Diagnostic"),
    "Fix": ("mcparse.diagnostics", "Fix"),
    "Edit": ("mcparse.diagnostics", "Edit"),
    "resolve": ("mcparse.model", "resolve"),
    "SendmailConfig": ("mcparse.model", "SendmailConfig"),
    "check": ("mcparse.engine", "check"),
    "compile": ("mcparse.compiler", "compile"),
    "Compiled": ("mcparse.compiled", "Compiled"),
    "CompileError": ("mcparse.compiler", "CompileError"),
}

if TYPE_CHECKING:  # pragma: no cover
    from .diagnostics import Diagnostic, Edit, Fix
    from .source import LineIndex, Span
    from .syntax import ParseResult, parse, parse_file, unparse


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'mcparse' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_LAZY))


__all__ = list(_LAZY) + ["__version__"]
