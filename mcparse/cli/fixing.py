"""Writing fixes back: a unified diff, or an atomic replacement of the file.

The file on disk is only ever replaced whole (a temporary file in the same
directory, then a rename), with its permission bits, and only if it still
holds exactly the bytes that were checked: an editor saving in between wins.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from typing import Optional

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
    """Replace ``path``'s content with ``replacement`` if it still holds ``original``."""
    # A symlinked .mc stays a symlink: its target is what gets fixed.
    real = os.path.realpath(path)
    try:
        with open(real, "rb") as handle:
            current = handle.read()
        info = os.stat(real)
    except OSError as error:
        raise InputError(f"cannot re-read before writing fixes: {error.strerror or error}") from None
    if current != original:
        raise InputError("file changed since it was read; fixes not written")
    try:
        replace_file(real, replacement, stat.S_IMODE(info.st_mode), owner=(info.st_uid, info.st_gid))
    except OSError as error:
        raise InputError(f"cannot write fixes: {error.strerror or error}") from None


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
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
