"""The server's one door into the library's checks and settings.

The rule engine (``mcparse.check``) and the settings loader
(``mcparse.settings``) may be missing from an older or partial install; this
module is the only place that looks for them, so the rest of the server calls
:func:`run_check` and :func:`load_settings` and never asks what exists. Without
the engine the server still reports what the parser finds.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from mcparse.diagnostics import Diagnostic

logger = logging.getLogger(__name__)

_SEVERITIES = ("error", "warning", "info")
# Above this many bytes a document is not analysed (``mcparse.maxFileSize``; 0 = no limit):
# a 20 MB file would take minutes and gigabytes, and no sendmail.mc is that big.
DEFAULT_MAX_FILE_SIZE = 2_000_000


@dataclass(frozen=True)
class ClientSettings:
    """The ``mcparse`` section of ``workspace/configuration`` (the editor's settings).

    They win over the settings files: ``select``/``ignore`` replace the file's
    lists when given, ``severity`` entries override per code.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    cf_dir: Optional[str] = None
    max_file_size: Optional[int] = DEFAULT_MAX_FILE_SIZE  # bytes; None: no limit

    @classmethod
    def from_lsp(cls, raw: Any) -> "ClientSettings":
        """Read what the client sent, dropping anything malformed instead of failing."""
        if not isinstance(raw, dict):
            return cls()

        def codes(*names: str) -> tuple[str, ...]:
            for name in names:
                value = raw.get(name)
                if isinstance(value, str):
                    value = [value]
                if isinstance(value, (list, tuple)):
                    return tuple(str(item).strip() for item in value if isinstance(item, str) and item.strip())
            return ()

        severity_raw = raw.get("severity")
        severity: tuple[tuple[str, str], ...] = ()
        if isinstance(severity_raw, dict):
            severity = tuple(
                sorted(
                    (str(code), str(level))
                    for code, level in severity_raw.items()
                    if isinstance(level, str) and level in _SEVERITIES
                )
            )
        cf_dir = raw.get("cfDir", raw.get("cf-dir", raw.get("cf_dir")))
        limit = raw.get("maxFileSize", raw.get("max-file-size", raw.get("max_file_size", DEFAULT_MAX_FILE_SIZE)))
        if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit < 0:
            limit = DEFAULT_MAX_FILE_SIZE
        return cls(
            select=codes("select"),
            ignore=codes("ignore"),
            extend_select=codes("extendSelect", "extend-select", "extend_select"),
            severity=severity,
            cf_dir=cf_dir if isinstance(cf_dir, str) and cf_dir.strip() else None,
            max_file_size=int(limit) or None,
        )


@dataclass(frozen=True)
class EffectiveSettings:
    """Everything one analysis needs: the library's settings (when the library
    has a settings loader) with the editor's overrides applied."""

    client: ClientSettings = field(default_factory=ClientSettings)
    library: Any = None  # mcparse.settings.LoadedSettings when available
    cf_dir: Optional[str] = None
    generation: int = 0  # bumped whenever any settings source changes
    problem: Optional[str] = None  # why a settings file or override could not be used


@functools.cache
def _optional(module: str, attribute: str) -> Optional[Callable[..., Any]]:
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError):
        return None


def engine_available() -> bool:
    """Whether the rule engine is installed (otherwise only syntax problems are found)."""
    return _optional("mcparse.engine", "check_parsed") is not None


def load_settings(path: Optional[str], client: ClientSettings, generation: int = 0) -> EffectiveSettings:
    """Settings for the file at ``path``: ``[tool.mc-check]`` / ``.mc-check.toml`` found
    upward from it, then the editor's overrides on top."""
    loader = _optional("mcparse.settings", "load_settings")
    library: Any = None
    problem: Optional[str] = None
    if loader is not None:
        try:
            library = loader(path)
        except Exception as error:  # a broken settings file must not stop the editor
            problem = str(error)
            library = loader(None) if path else None
        try:
            library = _with_overrides(library, client)
        except Exception as error:
            problem = f"editor settings for mcparse: {error}"
    cf_dir = client.cf_dir
    if cf_dir is None and library is not None:
        cf_dir = getattr(library.settings, "cf_dir", None)
    if cf_dir is not None:
        cf_dir = os.path.expanduser(cf_dir)
    return EffectiveSettings(client=client, library=library, cf_dir=cf_dir, generation=generation, problem=problem)


def _with_overrides(library: Any, client: ClientSettings) -> Any:
    """The file settings with the editor's selection and severities on top (as the CLI's flags do)."""
    if library is None:
        return None
    library = library.with_overrides(
        select=list(client.select) if client.select else None,
        ignore=list(client.ignore),
        extend_select=list(client.extend_select),
        source="editor settings",
    )
    if client.severity:
        severity = {**library.settings.severity, **dict(client.severity)}
        settings = type(library.settings).model_validate({**library.settings.model_dump(), "severity": severity})
        library = dataclasses.replace(library, settings=settings)
    return library


def run_check(parsed: Any, model: Any, path: Optional[str], settings: EffectiveSettings) -> list[Diagnostic]:
    """The findings for one parsed text: the engine's when installed, else the parser's.

    The engine gets the parse and model the server already has, so a
    document is parsed and resolved once per version.
    """
    check_parsed = _optional("mcparse.engine", "check_parsed")
    if check_parsed is None or settings.library is None:
        found = [item for item in parsed.diagnostics if item.suppressed_reason is None]
        return apply_client_settings(found, settings.client)
    if settings.cf_dir and settings.cf_dir != settings.library.settings.cf_dir:
        library = dataclasses.replace(
            settings.library, settings=settings.library.settings.model_copy(update={"cf_dir": settings.cf_dir})
        )
    else:
        library = settings.library
    return list(check_parsed(parsed, model, library, path))


def _matches(code: str, selectors: tuple[str, ...]) -> bool:
    return any(code.startswith(selector) or selector == "ALL" for selector in selectors)


def apply_client_settings(found: list[Diagnostic], client: ClientSettings) -> list[Diagnostic]:
    """Drop ignored codes and override severities as the editor asks."""
    result: list[Diagnostic] = []
    levels = dict(client.severity)
    for item in found:
        if client.ignore and _matches(item.code, client.ignore) and not _matches(item.code, client.extend_select):
            continue
        if client.select and not _matches(item.code, client.select + client.extend_select):
            continue
        level = levels.get(item.code) or levels.get(item.name)
        if level is not None and level != item.severity:
            item = item.model_copy(update={"severity": level})
        result.append(item)
    return result


def settings_file_names() -> tuple[str, ...]:
    """The files whose change means the settings must be re-read."""
    return ("pyproject.toml", ".mc-check.toml")


__all__ = [
    "ClientSettings",
    "EffectiveSettings",
    "apply_client_settings",
    "engine_available",
    "load_settings",
    "run_check",
    "settings_file_names",
]
