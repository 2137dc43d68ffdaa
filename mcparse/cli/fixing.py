"""Writing fixes back: a unified diff, or an atomic replacement of the file.

The file on disk is only ever replaced whole (a temporary file in the same
directory, then a rename), with its permission bits and owner, and only if it
still holds exactly the bytes that were checked: an editor saving in between
wins, and of two mc-check runs fixing one file at once exactly one writes
(the other finds the file changed). A file that is read-only is never
rewritten, not even by root, who could.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from typing import BinaryIO, Optional

from .files import InputError


def unified_diff(path: str, before: str, after: str) -> str:
    """The diff ``--diff`` prints; line breaks are kept as the file has them."""
    # git's a/ b/ prefixes for relative paths, so `git apply` / `patch -p1` take the diff.
    old, new = (path, path) if os.path.isabs(path) else (f"a/{path}", f"b/{path}")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=old, tofile=new
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_atomically(path: str, original: bytes, replacement: bytes) -> None:
    """Replace ``path``'s content with ``replacement`` if it still holds ``original``.

    Raises :class:`InputError` (nothing written) when the file is read-only,
    changed since it was read, or cannot be replaced.
    """
    # A symlinked .mc stays a symlink: its target is what gets fixed.
    real = os.path.realpath(path)
    try:
        handle = open(real, "rb")
    except OSError as error:
        raise InputError(f"cannot re-read before writing fixes: {error.strerror or error}") from None
    with handle:
        # Held until the rename is done: a second mc-check fixing the same
        # file waits here, then sees the file replaced and backs off.
        _lock(handle)
        try:
            info = os.fstat(handle.fileno())
            current = handle.read()
            now = os.stat(real)
            replaced = (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino)
        except OSError as error:
            raise InputError(f"cannot re-read before writing fixes: {error.strerror or error}") from None
        if replaced or current != original:
            raise InputError("file changed since it was read; fixes not written")
        refusal = read_only_reason(real, info)
        if refusal is not None:
            raise InputError(f"{refusal}; fixes not written")
        try:
            replace_file(real, replacement, stat.S_IMODE(info.st_mode), owner=(info.st_uid, info.st_gid))
        except OSError as error:
            raise InputError(f"cannot write fixes: {error.strerror or error}") from None


def read_only_reason(path: str, info: os.stat_result) -> Optional[str]:
    """Why fixes must not be written to the file ``info`` describes, or None.

    Replacing a file needs only a writable directory, so without this check a
    read-only .mc would be rewritten; and root may write anything, so its
    permission check cannot be the only one: a file nobody may write (no
    ``w`` bit at all) says "leave me alone" to root as well.
    """
    mode = stat.S_IMODE(info.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return f"file is read-only (mode {mode:04o})"
    if not os.access(path, os.W_OK):
        return "file is not writable by this user"
    return None


def _lock(handle: "BinaryIO") -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: the rename alone keeps the file whole
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    except OSError:
        pass  # a file system without locks: the inode check still catches a replaced file


def replace_file(
    path: str, data: bytes, mode: int, *, owner: Optional[tuple[int, int]] = None, durable: bool = True
) -> None:
    """Put ``data`` at ``path`` whole or not at all: a temporary file in the same
    directory (``mode``, and ``owner`` when given and allowed), then a rename.
    ``durable`` syncs it to disk first. Raises OSError; no temporary file is left."""
    directory, name = os.path.split(path)
    descriptor, temporary = tempfile.mkstemp(dir=directory or ".", prefix=f".{name}.", suffix=".mc-check")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        if owner is not None:
            try:
                os.chown(temporary, *owner)
            except OSError:
                pass  # only root may give a file away; the mode is what matters
        os.replace(temporary, path)
        if durable:
            _sync_directory(directory or ".")
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _sync_directory(directory: str) -> None:
    # The rename is durable only once the directory itself is on disk.
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot sync a directory; the data is synced
    finally:
        os.close(descriptor)
