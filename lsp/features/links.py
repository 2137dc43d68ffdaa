"""Document links: include()/sinclude() files and the sendmail-cf files FEATURE/OSTYPE/... load."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from mcparse.syntax.tree import Document, calls

from ..knowledge import INCLUDE_KINDS
from .tree import first_argument


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    path: str


def document_links(document: Document, cf_dir: Optional[str], mc_path: Optional[str]) -> list[Link]:
    """Links to files that exist; without a cf-dir only include()s of existing files link."""
    links: list[Link] = []
    mc_dir = os.path.dirname(mc_path) if mc_path else None
    for call in calls(document):
        argument = first_argument(call)
        if argument is None:
            continue
        value, start = argument
        name = value.strip()
        if not name or "\n" in name:
            continue
        start += value.index(name[0])
        candidates: list[str] = []
        if call.name in ("include", "sinclude"):
            if os.path.isabs(name):
                candidates.append(name)
            else:
                candidates += [os.path.join(root, name) for root in (mc_dir, cf_dir) if root]
                if cf_dir:
                    candidates.append(os.path.join(cf_dir, "m4", name))
        elif call.name in INCLUDE_KINDS and cf_dir:
            candidates.append(os.path.join(cf_dir, INCLUDE_KINDS[call.name], f"{name}.m4"))
        for candidate in candidates:
            try:
                if os.path.isfile(candidate):
                    links.append(Link(start, start + len(name), os.path.abspath(candidate)))
                    break
            except (OSError, ValueError):  # odd names (NUL bytes, too long) simply do not link
                continue
    return links
