"""Where the syntax tests find real-world .mc files."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SENDMAIL_CF = Path("/usr/share/sendmail/cf")


def corpus_dir() -> Path:
    """The shared corpus: ``$MCPARSE_CORPUS``, else ``<repo>/../shared/corpus/mc``.

    CI clones the repository with a copy of ``shared/`` beside it, so the
    path is found relative to the checkout, never as an absolute path.
    """
    override = os.environ.get("MCPARSE_CORPUS")
    return Path(override) if override else REPO.parent / "shared" / "corpus" / "mc"


def corpus_files() -> list[Path]:
    root = corpus_dir()
    if not root.is_dir():
        return []
    return sorted(path for path in root.iterdir() if path.is_file() and path.suffix not in {".md", ".tsv"})


def sendmail_cf_files() -> list[Path]:
    """The .mc files sendmail-cf ships (empty when it is not installed)."""
    return sorted(SENDMAIL_CF.glob("cf/*.mc")) + sorted(SENDMAIL_CF.glob("debian/*.mc"))


def example_files() -> list[Path]:
    return sorted((REPO / "examples").glob("*.mc"))


def input_id(path: Path) -> str:
    """A short, unique test id: corpus files by name, sendmail-cf files by folder/name."""
    if path.is_relative_to(SENDMAIL_CF):
        return f"sendmail-cf/{path.relative_to(SENDMAIL_CF)}"
    return f"{path.parent.name}/{path.name}"
