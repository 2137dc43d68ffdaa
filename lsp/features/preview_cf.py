"""Preview sendmail.cf: what the open .mc compiles to, and the cf lines each .mc line wrote.

The compiling is the library's (:func:`mcparse.compile`, cached per document
version in ``documents.py``); this module reads the command's arguments and
chooses what a hover shows of the result.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from mcparse.compiled import Compiled

COMMAND = "mcparse.previewCf"
HOVER_LINES = 8  # more would push the explanation above it out of a hover


def document_uri(arguments: Optional[Sequence[Any]]) -> Optional[str]:
    """The document a ``mcparse.previewCf`` call names: its first argument, a URI
    string or a ``TextDocumentIdentifier``-like ``{"uri": ...}`` (None if neither)."""
    if not arguments:
        return None
    first = arguments[0]
    if isinstance(first, dict):
        first = first.get("uri")
    return first if isinstance(first, str) and first else None


def cf_lines_markdown(compiled: Compiled, mc_line: int, limit: int = HOVER_LINES) -> Optional[str]:
    """A "sendmail.cf" section listing the cf lines .mc line ``mc_line`` (1-based)
    produced, blank ones left out; None when it produced none."""
    lines = [line for line in compiled.lines_from(mc_line) if line.text.strip()]
    if not lines:
        return None
    shown = lines[:limit]
    body = "\n".join(line.text for line in shown)
    fence = "```"
    while fence in body:  # a cf line holding ``` must not end the block
        fence += "`"
    # "from": one .mc line may write into several parts of the cf (a FEATURE's
    # map declaration and its rules), so the lines need not be adjacent.
    where = f"line {shown[0].number}" if len(lines) == 1 else f"from line {shown[0].number}"
    markdown = f"**sendmail.cf** ({where})\n{fence}sendmail\n{body}\n{fence}"
    more = len(lines) - len(shown)
    if more:
        markdown += f"\n\n_{more} more line{'s' if more != 1 else ''}_"
    return markdown
