"""Which files to check, and reading them safely.

Directories are searched for ``*.mc`` (or the ``--include`` globs); the
usual tool and VCS folders are skipped. Reading refuses what cannot be a
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
from typing import Iterable, Iterator, Optional, Sequence

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
) -> "list[Target | Problem]":
    """Expand the command line's paths into files, in a stable order.

    Files named explicitly are always checked (the user asked for them);
    directories contribute the files matching ``include`` and not
    ``exclude``, sorted. A file reached twice is checked once. Paths that
    yield nothing come back as Problems, in their place on the command line.
    """
    excluded = tuple(DEFAULT_EXCLUDE) + tuple(exclude)
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
            # Sorted by path, so "a/old/x.mc" comes before "a/z.mc" as in `ls -R`-free listings.
            for found in sorted(_walk(path, include, excluded), key=lambda name: name.split(os.sep)):
                add(Target(found, found, found))
        else:
            add(Target(path, path, path))
    return targets


def _walk(root: str, include: Sequence[str], exclude: Sequence[str]) -> Iterator[str]:
    # Symlinked directories are not followed: a link back to an ancestor would
    # loop, and a link out of the tree checks files the user did not point at.
    for directory, folders, files in os.walk(root):
        relative_dir = os.path.relpath(directory, root).replace(os.sep, "/")
        prefix = "" if relative_dir == "." else relative_dir + "/"
        folders[:] = sorted(folder for folder in folders if not _matches(prefix + folder, exclude))
        for name in sorted(files):
            relative = prefix + name
            if _matches(relative, include) and not _matches(relative, exclude):
                yield os.path.join(directory, name)


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
