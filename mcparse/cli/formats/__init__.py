"""Output formats. Each module renders a list of FileReports to one string.

Formats import only what they need, when they are chosen: printing JSON must
not pay for the XML library, nor the terminal format for the rule catalogue.
"""

from __future__ import annotations

import importlib
from typing import Callable, Sequence

from ..findings import FileReport

FORMATS: dict[str, tuple[str, str]] = {
    "full": ("text", "render_full"),
    "concise": ("text", "render_concise"),
    "json": ("json_format", "render_json"),
    "json-lines": ("json_format", "render_json_lines"),
    "sarif": ("sarif", "render_sarif"),
    "github": ("github", "render_github"),
    "junit": ("junit", "render_junit"),
    "gitlab": ("gitlab", "render_gitlab"),
    "rdjson": ("rdjson", "render_rdjson"),
}

Renderer = Callable[..., str]


def renderer(name: str) -> Renderer:
    """The render function of the format called ``name``."""
    module_name, function = FORMATS[name]
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, function)  # type: ignore[no-any-return]


def all_findings(reports: Sequence[FileReport]) -> int:
    return sum(len(report.visible) for report in reports)
