"""Which files to check, and reading them safely.

Directories are searched for ``*.mc`` (or the ``--include`` globs); the
usual tool and VCS folders are skipped (the ``exclude`` setting replaces
that list, ``extend-exclude`` and ``--exclude`` add to it), and so is what
``.gitignore`` files leave out. A folder that cannot be listed is reported,
never skipped in silence. Reading refuses what cannot be a
sendmail.mc (binary data, huge files) with one line saying why, so one bad
input never stops the others from being checked.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .gitignore import Ignores, PatternFile

DEFAULT_INCLUDE: tuple[str, ...] = ("*.mc",)
# Folders no one keeps their live sendmail.mc in, and that can be huge.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".git", ".hg", ".svn", ".bzr", ".tox", ".nox", ".venv", "venv", "node_modules", "__pycache__",
    ".mypy_cache", ".pytest_cache",
)
MAX_BYTES = 10 * 1024 * 1024
BINARY_PROBE = 8 * 1024


class InputError(Exception):
    """An input that cannot be checked; the message is the one line shown."""


@dataclass(frozen=True)
class Target:
    """One input to check: a file on disk, or standard input."""

    shown: str  # the name used in messages
    path: Optional[str]  # None for standard input
    # The name settings are looked up for (--stdin-filename for stdin).
    settings_path: Optional[str]


@dataclass(frozen=True)
class Problem:
    """A path given on the command line that yields no file to check."""

    shown: str
    message: str


@functools.lru_cache(maxsize=256)
def _glob(pattern: str) -> "re.Pattern[str]":
    """A glob as gitignore reads it: ``*`` and ``?`` stay within a folder, ``**`` crosses folders."""
    out, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and "]" in pattern[index + 2 :]:
            close = pattern.index("]", index + 2)
            body = pattern[index + 1 : close]
            negate = body.startswith("!")
            body = re.escape(body[1:] if negate else body).replace(r"\-", "-")
            out.append(f"[{'^' if negate else ''}{body}]")
            index = close + 1
            continue
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def _matches(relative: str, patterns: Sequence[str]) -> bool:
    """A pattern without '/' matches the file or folder name; one with '/' the path."""
    base = relative.rsplit("/", 1)[-1]
    return any(_glob(pattern).match(relative if "/" in pattern else base) for pattern in patterns)


def discover(
    paths: Sequence[str],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    stdin_filename: Optional[str] = None,
    respect_gitignore: bool = True,
    config: Optional[str] = None,
) -> "list[Target | Problem]":
    """Expand the command line's paths into files, in a stable order.

    Files named explicitly are always checked (the user asked for them);
    directories contribute the files matching ``include`` and not excluded
    (``exclude`` globs, relative to the directory; the exclude settings in
    force for the directory, or in ``config``; .gitignore files unless
    ``respect_gitignore`` is off), sorted. A file reached twice is checked
    once. Paths that yield nothing, and folders that cannot be listed, come
    back as Problems in their place.
    """
    targets: "list[Target | Problem]" = []
    seen: set[str] = set()

    def add(target: Target) -> None:
        key = os.path.realpath(target.path) if target.path is not None else "-"
        if key not in seen:
            seen.add(key)
            targets.append(target)

    for path in paths:
        if path == "-":
            add(Target(stdin_filename or "-", None, stdin_filename))
            continue
        try:
            info = os.stat(path)
        except OSError as error:
            targets.append(Problem(path, describe_os_error(error)))
            continue
        if stat.S_ISDIR(info.st_mode):
            try:
                defaults, configured = _excluded_by_settings(path, config)
            except ValueError as error:
                targets.append(Problem(path, f"settings: {error}"))
                continue
            problems: list[Problem] = []
            walk = _Walk(path, include, tuple(defaults) + tuple(exclude), configured, respect_gitignore, problems)
            # Sorted by path, so "a/old/x.mc" comes before "a/z.mc" as in `ls -R`-free listings.
            for found in sorted(walk.files(), key=lambda name: name.split(os.sep)):
                add(Target(found, found, found))
            targets.extend(problems)
        else:
            add(Target(path, path, path))
    return targets


def _excluded_by_settings(directory: str, config: Optional[str]) -> "tuple[Sequence[str], Optional[PatternFile]]":
    """(name globs that replace DEFAULT_EXCLUDE, the settings' own patterns) for a
    directory. Read without validating the whole settings file (that happens
    when a file is checked, and needs pydantic, which a cached run never loads)."""
    from pathlib import Path

    from ..settings_files import SettingsError, find_settings_file, mc_check_table, read_toml
    from .gitignore import patterns

    try:
        if config is not None:
            found: "Optional[tuple[Path, dict[str, object]]]" = (
                Path(config), mc_check_table(read_toml(Path(config)), Path(config)) or {}
            )
        else:
            found = find_settings_file(directory)
    except SettingsError as error:
        raise ValueError(str(error)) from None
    if found is None:
        return DEFAULT_EXCLUDE, None
    file, table = found
    lists = {}
    for key in ("exclude", "extend-exclude"):
        value = table.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
            raise ValueError(f"{file}: key '{key}': must be a list of strings")
        lists[key] = value
    replaced = lists["exclude"]
    configured = patterns([*(replaced or ()), *(lists["extend-exclude"] or ())], str(file.parent))
    return (() if replaced is not None else DEFAULT_EXCLUDE), configured


class _Walk:
    """One directory's walk: which files it yields, and what it could not list."""

    def __init__(
        self, root: str, include: Sequence[str], exclude: Sequence[str], configured: "Optional[PatternFile]",
        respect_gitignore: bool, problems: "list[Problem]",
    ) -> None:
        from .gitignore import Ignores, gitignores_above

        self.root = root
        self.include = include
        self.exclude = exclude
        self.configured = configured
        self.respect_gitignore = respect_gitignore
        self.problems = problems
        self.above = gitignores_above(root) if respect_gitignore else Ignores()

    def _skipped(self, relative: str, full: str, is_folder: bool, ignores: "Ignores") -> bool:
        if _matches(relative, self.exclude):
            return True
        if self.configured is not None and self.configured.verdict(full, is_folder):
            return True
        return ignores.excluded(full, is_folder)

    def files(self) -> Iterator[str]:
        # Symlinked directories are not followed: a link back to an ancestor would
        # loop, and a link out of the tree checks files the user did not point at.
        ignores: dict[str, "Ignores"] = {}

        def unreadable(error: OSError) -> None:
            shown = error.filename if isinstance(error.filename, str) else self.root
            message = describe_os_error(error)
            if error.errno == errno.EACCES:
                message = "cannot list the folder: permission denied; its files were not checked"
            self.problems.append(Problem(shown, message))

        for directory, folders, files in os.walk(self.root, onerror=unreadable):
            parent = os.path.dirname(directory)
            inherited = ignores.get(parent, self.above) if directory != self.root else self.above
            here = inherited.entering(directory) if self.respect_gitignore else inherited
            ignores[directory] = here
            relative_dir = os.path.relpath(directory, self.root).replace(os.sep, "/")
            prefix = "" if relative_dir == "." else relative_dir + "/"
            folders[:] = sorted(
                folder for folder in folders
                if not self._skipped(prefix + folder, os.path.join(directory, folder), True, here)
            )
            for name in sorted(files):
                relative = prefix + name
                full = os.path.join(directory, name)
                if _matches(relative, self.include) and not self._skipped(relative, full, False, here):
                    yield full


def describe_os_error(error: OSError) -> str:
    """One line for an OSError, in the words an admin expects."""
    if error.errno == errno.ELOOP:
        return "symlink loop: the link points back to itself"
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    if error.errno == errno.EISDIR:
        return "is a directory, not a file"
    if error.errno == errno.EACCES:
        return "cannot read: permission denied"
    return f"cannot read: {error.strerror or error}"


def read_input(path: str) -> bytes:
    """The bytes of a file to check, or InputError saying why it cannot be."""
    try:
        # Non-blocking, so that opening a named pipe returns at once instead
        # of waiting for a writer that never comes; it is then refused.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise InputError(describe_os_error(error)) from None
    try:
        with open(descriptor, "rb") as handle:
            info = os.fstat(descriptor)
            if stat.S_ISDIR(info.st_mode):
                raise InputError("is a directory, not a file")
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"not a regular file ({_file_kind(info.st_mode)}); not checked (use - for standard input)")
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise InputError(describe_os_error(error)) from None
    return vet(data)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def vet(data: bytes) -> bytes:
    """Refuse data that is too large or binary; return it otherwise."""
    if len(data) > MAX_BYTES:
        raise InputError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; not checked")
    if b"\0" in data[:BINARY_PROBE]:
        raise InputError("binary file (NUL byte in the first 8 KB); not checked")
    return data


def read_stream(stream: "Iterable[bytes] | object") -> bytes:
    """Read standard input with the same limits as a file."""
    reader = getattr(stream, "read")
    return vet(reader(MAX_BYTES + 1))
