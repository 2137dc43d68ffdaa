"""A cache of findings, keyed by everything that decides them.

Checking a file means importing the parser, pydantic and every rule, which
costs far more than the check itself. Most runs (pre-commit with
--all-files, CI on a repository that barely changed) see files they have
already seen, so the findings are kept per (mc-check's own code, the file's
bytes, its path, the settings files above it, the command-line selection)
and a hit never imports any of it. Entries are JSON, written atomically;
a damaged entry is a miss. ``--no-cache`` or MC_CHECK_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..settings_files import SETTINGS_FILES
from .findings import FileReport, Finding, FindingFix, FixEdit, Omitted, Position

# 2: entries hold the per-rule cap's left-out counts and the failure-threshold.
_FORMAT = "2"


@dataclass
class Entry:
    """What a check of one file leaves in its report, as the cache keeps it.

    The failure-threshold and the cap come from the settings file, whose
    bytes are part of the key, so they are as fresh as the findings."""

    findings: list[Finding]
    omitted: list[Omitted] = field(default_factory=list)
    omitted_suppressed: int = 0
    failure_threshold: str = "warning"

    @classmethod
    def of(cls, report: FileReport) -> "Entry":
        return cls(report.findings, report.omitted, report.omitted_suppressed, report.failure_threshold)

    def restore(self, report: FileReport) -> None:
        report.findings = self.findings
        report.omitted = self.omitted
        report.omitted_suppressed = self.omitted_suppressed
        report.failure_threshold = self.failure_threshold


def cache_dir() -> Optional[Path]:
    if os.environ.get("MC_CHECK_NO_CACHE"):
        return None
    explicit = os.environ.get("MC_CHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mc-check"


@functools.cache
def _code_fingerprint() -> str:
    # Any edit to mcparse (a new rule, a fixed bug) must invalidate the cache,
    # not only a new version number.
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for directory, folders, files in os.walk(package):
        folders[:] = sorted(folder for folder in folders if folder != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".lark")):
                info = os.stat(os.path.join(directory, name))
                digest.update(f"{directory}/{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@functools.cache
def _settings_fingerprint(directory: str, config: Optional[str]) -> Optional[str]:
    """The bytes of every settings file that could apply; None when caching is unsafe."""
    digest = hashlib.sha256()
    candidates = [Path(config)] if config else [
        Path(folder) / name for folder in (directory, *map(str, Path(directory).parents)) for name in SETTINGS_FILES
    ]
    for candidate in candidates:
        try:
            data = candidate.read_bytes()
        except OSError:
            continue
        # With a cf-dir the model reads include()d files, whose content the
        # key does not cover: those checks are never cached.
        if b"cf-dir" in data:
            return None
        digest.update(str(candidate).encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def key_for(data: bytes, path: Optional[str], selection: tuple[Any, ...]) -> Optional[str]:
    """The cache key of one check, or None when it must not be cached."""
    directory = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
    settings = _settings_fingerprint(directory, selection[-1] if selection else None)
    if settings is None:
        return None
    # The findings stand on the compiled sendmail.cf: an upgraded sendmail-cf
    # (or none at all) must not be answered from the cache.
    from ..compiler import cf_fingerprint, find_cf_dir

    sendmail_cf = cf_fingerprint(find_cf_dir(data.decode("utf-8", "surrogateescape")))
    digest = hashlib.sha256()
    for part in (
        _FORMAT, _code_fingerprint(), settings, repr(selection), os.path.abspath(path) if path else "-", sendmail_cf
    ):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(data)
    return digest.hexdigest()


def load(key: str) -> Optional[Entry]:
    root = cache_dir()
    if root is None:
        return None
    try:
        data = json.loads((root / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
        return Entry(
            findings=[_finding(entry) for entry in data["findings"]],
            omitted=[Omitted(o["code"], o["name"], o["severity"], int(o["count"])) for o in data["omitted"]],
            omitted_suppressed=int(data["omitted_suppressed"]),
            failure_threshold=str(data["failure_threshold"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(key: str, entry: Entry) -> None:
    root = cache_dir()
    if root is None:
        return
    folder = root / key[:2]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f"{key}.{os.getpid()}.tmp"
        partial.write_text(json.dumps(asdict(entry)), encoding="utf-8")
        os.replace(partial, folder / f"{key}.json")
    except OSError:
        pass  # a read-only home must not fail the check


def _position(data: dict[str, int]) -> Position:
    return Position(int(data["line"]), int(data["column"]))


def _finding(entry: dict[str, Any]) -> Finding:
    fix = entry["fix"]
    return Finding(
        code=entry["code"], name=entry["name"], severity=entry["severity"], message=entry["message"],
        start=_position(entry["start"]), end=_position(entry["end"]), source_line=entry["source_line"],
        fix=None if fix is None else FindingFix(
            fix["message"], fix["applicability"],
            tuple(FixEdit(e["content"], _position(e["start"]), _position(e["end"])) for e in fix["edits"]),
        ),
        url=entry["url"], suppressed_reason=entry["suppressed_reason"],
        source_offset=int(entry.get("source_offset", 0)),
    )
