"""Finding and reading mc-check's settings files, without validating them.

Kept apart from :mod:`mcparse.settings` (which needs pydantic and the rule
registry) because the CLI must find a file's settings table on paths that
never load either: a cached check, and directory discovery honouring
``exclude``. Validation stays in ``mcparse.settings``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Optional, Union

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SETTINGS_FILES = (".mc-check.toml", "pyproject.toml")


class SettingsError(Exception):
    """A settings file or value mc-check cannot use. ``str()`` is one line
    naming the file and the key, ready for the CLI or an editor to show."""

    def __init__(self, message: str, *, file: Optional[str] = None, key: Optional[str] = None) -> None:
        super().__init__(message)
        self.file = file
        self.key = key


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML document at ``path``; SettingsError when unreadable or invalid."""
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except OSError as error:
        raise SettingsError(f"{path}: cannot read: {error.strerror or error}", file=str(path)) from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: invalid TOML: {error}", file=str(path)) from None


def mc_check_table(data: dict[str, Any], path: Path) -> Optional[dict[str, Any]]:
    """mc-check's table in a settings document: ``[tool.mc-check]`` of a
    pyproject.toml (None when it has none), and of a ``.mc-check.toml``
    either its top-level keys or, so that the block shown for pyproject.toml
    can be pasted as it is, a ``[tool.mc-check]`` table -- not both."""
    tool = data.get("tool")
    if path.name == "pyproject.toml":
        table = tool.get("mc-check") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise SettingsError(f"{path}: [tool.mc-check] must be a table", file=str(path))
        return table
    if tool is None:
        return data
    if not isinstance(tool, dict) or set(tool) != {"mc-check"} or not isinstance(tool["mc-check"], dict):
        raise SettingsError(
            f"{path}: unknown key 'tool' (only a [tool.mc-check] table may appear here)", file=str(path), key="tool"
        )
    others = sorted(key for key in data if key != "tool")
    if others:
        raise SettingsError(
            f"{path}: '{others[0]}' is outside [tool.mc-check]: put every key in that table, or drop the "
            "table header and write the keys at the top level",
            file=str(path), key=others[0],
        )
    return tool["mc-check"]  # type: ignore[no-any-return]


def find_settings_file(path: Union[str, "os.PathLike[str]"]) -> Optional[tuple[Path, dict[str, Any]]]:
    """The nearest settings file above ``path`` and its mc-check table, or None.

    In one directory ``.mc-check.toml`` wins over pyproject.toml; a
    pyproject.toml without ``[tool.mc-check]`` is skipped."""
    start = Path(path).absolute()
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        for file_name in SETTINGS_FILES:
            candidate = folder / file_name
            if not candidate.is_file():
                continue
            table = mc_check_table(read_toml(candidate), candidate)
            if table is None:
                continue
            return candidate, table
    return None
