"""The text of every open document, keyed by its URI exactly as the client sent it.

pygls' workspace keys documents by the *decoded* URI, so a request naming
``file:///srv/caf%C3%A9/send%20mail.mc`` (what VS Code sends for any path with
a space or a non-ASCII letter, and for every Windows path) found nothing. The
server keeps the texts itself instead: the client's URI string is the key, and
only :func:`uri_to_path` ever decodes it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional, Sequence
from urllib.parse import unquote, urlsplit

from lsprotocol import types
from mcparse.source import LineIndex

from . import convert

_DRIVE = re.compile(r"^/[A-Za-z]:")


def uri_to_path(uri: str, *, windows: Optional[bool] = None) -> Optional[str]:
    """The file system path a ``file:`` URI names (None for other schemes).

    Percent-escapes are decoded as UTF-8 (``caf%C3%A9`` -> ``café``); on Windows
    (or with ``windows=True``) ``/c%3A/x`` becomes ``c:\\x`` and an authority
    becomes a UNC share. Invalid escapes survive as written rather than failing.
    """
    windows = os.name == "nt" if windows is None else windows
    try:
        parts = urlsplit(uri)
    except ValueError:
        return None
    if parts.scheme.lower() != "file":
        return None
    path = unquote(parts.path, encoding="utf-8", errors="surrogateescape")
    host = unquote(parts.netloc) if parts.netloc not in ("", "localhost") else ""
    if windows:
        if _DRIVE.match(path):
            path = path[1].lower() + path[2:]
        path = path.replace("/", "\\")
        return f"\\\\{host}{path}" if host else path
    return f"//{host}{path}" if host else path


@dataclass(frozen=True)
class OpenText:
    """One version of one open document as the client described it."""

    uri: str
    version: Optional[int]
    text: str
    # The index a change already derived from the previous version's (LineIndex.edited).
    known_index: Optional[LineIndex] = field(default=None, repr=False, compare=False)

    @cached_property
    def index(self) -> LineIndex:
        """The text's line index, built once: the analysis of this version and
        the next change's range conversion both use it."""
        known = self.known_index
        return known if known is not None and known.text is self.text else LineIndex(self.text)


class OpenTexts:
    """Open documents by URI; applies full and incremental changes."""

    def __init__(self) -> None:
        self._texts: dict[str, OpenText] = {}

    def open(self, uri: str, version: Optional[int], text: str) -> OpenText:
        opened = OpenText(uri, version, text)
        self._texts[uri] = opened
        return opened

    def change(
        self, uri: str, version: Optional[int], changes: Sequence[types.TextDocumentContentChangeEvent],
        encoding: Optional[str],
    ) -> Optional[OpenText]:
        """Apply ``changes`` in order (each range refers to the text the previous one left);
        None when the document is not open."""
        current = self._texts.get(uri)
        if current is None:
            return None
        text = current.text
        index: Optional[LineIndex] = current.index
        for change in changes:
            lsp_range = getattr(change, "range", None)
            if lsp_range is None:
                text = change.text
                index = None
                continue
            index = index or LineIndex(text)
            start, end = convert.Positions(index, encoding).offsets(lsp_range)
            index = index.edited(start, end, change.text)
            text = index.text
        changed = OpenText(uri, version, text, index)
        self._texts[uri] = changed
        return changed

    def close(self, uri: str) -> None:
        self._texts.pop(uri, None)

    def get(self, uri: str) -> Optional[OpenText]:
        return self._texts.get(uri)

    def uris(self) -> list[str]:
        return list(self._texts)

    def __contains__(self, uri: object) -> bool:
        return uri in self._texts
