"""The real m4 + sendmail-cf as a test oracle.

Tests that claim to know what a .mc file means compare with what GNU m4 and
Debian's sendmail-cf actually produce. These helpers run m4 on a text, read
the ``O Name=value`` option lines out of the generated sendmail.cf, and make
corpus files compile on this machine by pointing their ``include()`` of cf.m4
at Debian's copy. The oracle never imports mcparse: it must stay independent
of the code it judges (only ``model_or_skip`` reaches for it, lazily, on
behalf of the tests).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest

CF_DIR = Path("/usr/share/sendmail/cf")
CF_M4 = CF_DIR / "m4" / "cf.m4"

_REPO_CORPUS = Path(__file__).resolve().parent / "corpus" / "mc"
# CI clones the repository with a copy of shared/ beside it.
_SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "mc"


def corpus_dir() -> Path:
    """Where the real-world .mc corpus lives ($MCPARSE_CORPUS overrides)."""
    override = os.environ.get("MCPARSE_CORPUS")
    if override:
        return Path(override)
    return _REPO_CORPUS if _REPO_CORPUS.is_dir() else _SHARED_CORPUS


def corpus_files() -> list[Path]:
    """Every corpus input, sorted by name (the manifest and README are not inputs)."""
    root = corpus_dir()
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.iterdir() if p.is_file() and p.suffix not in {".md", ".tsv"}
    )


def m4_available() -> bool:
    """True when both GNU m4 and Debian's sendmail-cf are installed."""
    return shutil.which("m4") is not None and CF_M4.is_file()


requires_m4 = pytest.mark.skipif(
    not m4_available(),
    reason=f"needs GNU m4 on PATH and sendmail-cf at {CF_M4} (apt install m4 sendmail-cf)",
)
"""Skip marker for tests that run the real m4."""


@dataclass(frozen=True)
class M4Result:
    """What one m4 run produced."""

    stdout: str
    stderr: str
    returncode: int
    # Lines that make the run a failure: cf.m4's own "*** ERROR:" messages
    # (which m4 reports with exit status 0) and m4's diagnostics other than
    # warnings ("end of file in string", "cannot open ...").
    errors: list[str] = field(default_factory=list)
    # m4's "Warning:" lines (excess arguments to a builtin, ...): the output
    # is still what sendmail would get, so they do not count as errors.
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the run produced no error line."""
        return not self.errors


# cf.m4 often errprint()s without a final newline, so the next message
# starts mid-line; each message is cut out on its own before sorting.
_MESSAGE_START = re.compile(r"(?<!^)(?<!\n)(?=m4:[^:\n]*:\d+: |\*\*\* ERROR)")


def _split_diagnostics(stderr: str) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    warnings: list[str] = []
    for line in _MESSAGE_START.sub("\n", stderr).splitlines():
        if line.startswith("m4:") and "Warning:" in line and "ERROR" not in line:
            warnings.append(line)
        elif "ERROR" in line or line.startswith("m4:"):
            errors.append(line)
    return errors, warnings


# m4's messages must not be translated, or the classification below breaks.
_M4_ENV = {**os.environ, "LC_ALL": "C", "LANG": "C"}


def compile_mc(
    text: str,
    *,
    cwd: Path | None = None,
    timeout: float = 20,
    filename: str = "input.mc",
    preload_cf: bool = False,
) -> M4Result:
    """Run the real m4 on ``text`` and return its output and diagnostics.

    With ``preload_cf``, m4 reads Debian's cf.m4 before the text, the way
    sendmail's own Build and the BSD Makefiles compile a .mc that has no
    include() line (``m4 ../m4/cf.m4 x.mc``). The text is written to
    ``filename`` inside ``cwd`` (a fresh temporary directory when None), so
    relative include() paths and the file name in m4's messages behave as if
    m4 had been run on a file there. A run that exceeds ``timeout`` (runaway
    recursion) comes back as an error, not an exception.
    """
    if cwd is None:
        with tempfile.TemporaryDirectory(prefix="mcparse-m4-") as tmp:
            return compile_mc(
                text,
                cwd=Path(tmp),
                timeout=timeout,
                filename=filename,
                preload_cf=preload_cf,
            )
    source = cwd / filename
    # newline="" keeps CRLF files byte-exact: m4 sees what the admin's m4 saw.
    source.write_text(text, encoding="utf-8", errors="surrogateescape", newline="")
    try:
        proc = subprocess.run(
            ["m4", *([str(CF_M4)] if preload_cf else []), filename],
            cwd=cwd,
            capture_output=True,
            timeout=timeout,
            env=_M4_ENV,
            check=False,
        )
    except subprocess.TimeoutExpired:
        message = f"m4: timed out after {timeout:g}s"
        return M4Result(stdout="", stderr=message, returncode=-1, errors=[message])
    stdout = proc.stdout.decode("utf-8", errors="surrogateescape")
    stderr = proc.stderr.decode("utf-8", errors="surrogateescape")
    errors, warnings = _split_diagnostics(stderr)
    return M4Result(
        stdout=stdout,
        stderr=stderr,
        returncode=proc.returncode,
        errors=errors,
        warnings=warnings,
    )


# The six options the differential tests compare.
COMPARED_OPTIONS: tuple[str, ...] = (
    "DaemonPortOptions",
    "ClientPortOptions",
    "AuthMechanisms",
    "AuthOptions",
    "PrivacyOptions",
    "LogLevel",
)

# "O Name=value" or "O Name" alone. Anchored at the start of a line so the
# "#O Name=default" lines cf.m4 writes for unset options never match.
_OPTION_LINE = re.compile(r"^O ([^=\s]+)(?:=(.*))?$")


def cf_option_lines(
    cf_text: str, names: Iterable[str] | None = None
) -> dict[str, list[str]]:
    """Map each option name set in a generated sendmail.cf to its values, in file order.

    An ``O Name`` line without ``=`` has the value "". Values are kept
    exactly (trailing spaces included). With ``names``, only those options
    are returned, and each of them is present (an empty list when unset).
    """
    wanted = None if names is None else list(names)
    options: dict[str, list[str]] = {name: [] for name in wanted or ()}
    for line in cf_text.split("\n"):
        match = _OPTION_LINE.match(line)
        if match is None:
            continue
        name, value = match.group(1), match.group(2) or ""
        if wanted is not None and name not in options:
            continue
        options.setdefault(name, []).append(value)
    return options


# An include()/sinclude() of some copy of cf.m4: Red Hat's sendmail-cf, a
# source tree's ../m4, /usr/lib/sendmail-cf, a @@PATH@@ placeholder, ...
# Only the path between the parentheses (and its optional m4 quotes) is
# captured, so the rewrite leaves every other byte where it was.
_CF_INCLUDE = re.compile(
    r"(?P<head>\bs?include\(\s*`?)(?P<path>[^`'()\s]*cf\.m4)(?P<tail>'?\s*\))"
)


def rewrite_cf_include(text: str) -> str:
    """Point every include() of cf.m4 at Debian's copy; all other bytes stay as they are."""
    return _CF_INCLUDE.sub(
        lambda m: f"{m.group('head')}{CF_M4}{m.group('tail')}", text
    )


def has_cf_include(text: str) -> bool:
    """True when the text includes some copy of cf.m4 (hand-written fragments do not)."""
    return _CF_INCLUDE.search(text) is not None


# Files Debian's sendmailconfig generates under /etc/mail and stock .mc files
# include; they do not exist on a machine without the sendmail daemon
# package. They are replaced by empty files so a missing site file is not
# mistaken for a broken .mc.
_SITE_INCLUDE = re.compile(r"(?P<head>\bs?include\(\s*`?)/(?P<path>etc/mail/[^`'()\s]+)")


def stub_site_includes(text: str) -> tuple[str, list[str]]:
    """Make /etc/mail/... includes relative; return the text and the relative paths to create."""
    paths = [m.group("path") for m in _SITE_INCLUDE.finditer(text)]
    rewritten = _SITE_INCLUDE.sub(lambda m: f"{m.group('head')}{m.group('path')}", text)
    return rewritten, paths


CompileMode = Literal["include", "preloaded", "fragment"]
"""How a corpus file reaches cf.m4: its own include(), cf.m4 given first on
m4's command line (BSD/source-tree style), or not at all (a fragment)."""

# A live OSTYPE() call (or submit.mc's __OSTYPE__ hack) at the start of a
# line marks a complete .mc meant for ``m4 ../m4/cf.m4 file.mc``; a "dnl #
# OSTYPE()" comment does not.
_OSTYPE_CALL = re.compile(r"^[ \t]*(?:OSTYPE\(|define\(`__OSTYPE__')", re.MULTILINE)


def compile_mode(text: str) -> CompileMode:
    """Decide how a corpus file is meant to be compiled."""
    if has_cf_include(text):
        return "include"
    if _OSTYPE_CALL.search(text):
        return "preloaded"
    return "fragment"


def read_corpus_text(path: Path) -> str:
    """A corpus file's text, byte-exact (CRLF kept, odd bytes kept as surrogates)."""
    return path.read_bytes().decode("utf-8", errors="surrogateescape")


def prepare_for_m4(text: str) -> tuple[str, list[str]]:
    """The text m4 should compile here: cf.m4 path rewritten, site includes stubbed."""
    return stub_site_includes(rewrite_cf_include(text))


def compile_corpus_file(path: Path, *, timeout: float = 20) -> M4Result:
    """Compile one corpus file with m4 the way its author would have, on this machine.

    cf.m4's include path is rewritten to Debian's, /etc/mail site includes
    become empty files, a file without include() but with OSTYPE() gets
    cf.m4 first on the command line, and m4 runs in a temporary directory so
    nothing is written next to the corpus. Fragments are run through m4
    alone, which still reports unbalanced quotes and parentheses.
    """
    raw = read_corpus_text(path)
    text, stubs = prepare_for_m4(raw)
    with tempfile.TemporaryDirectory(prefix="mcparse-corpus-") as tmp:
        root = Path(tmp)
        for stub in stubs:
            target = root / stub
            target.parent.mkdir(parents=True, exist_ok=True)
            target.touch()
        return compile_mc(
            text,
            cwd=root,
            timeout=timeout,
            filename=path.name,
            preload_cf=compile_mode(raw) == "preloaded",
        )


def corpus_cache_key(path: Path) -> str:
    """The cache key of a corpus file's m4 run: everything that decides m4's output."""
    text = read_corpus_text(path)
    prepared, _ = prepare_for_m4(text)
    return cache_key("corpus", compile_mode(text), path.name, prepared)


@dataclass(frozen=True)
class CorpusCompile:
    """Whether one corpus file compiles with the real m4."""

    path: Path
    mode: CompileMode
    result: M4Result

    @property
    def compiled(self) -> bool:
        """True for a complete .mc that m4 turned into a sendmail.cf without error."""
        return self.mode != "fragment" and self.result.ok

    @property
    def errors(self) -> list[str]:
        """m4's error lines for this file (empty when it compiled)."""
        return self.result.errors


def corpus_compile_status(files: Iterable[Path] | None = None) -> dict[str, CorpusCompile]:
    """Compile every corpus file (or ``files``) and key the outcome by file name.

    Fragments are still run through m4 because m4 alone can tell whether
    their quotes and parentheses balance; they never count as compiled.
    """
    status: dict[str, CorpusCompile] = {}
    for path in corpus_files() if files is None else files:
        status[path.name] = CorpusCompile(
            path=path,
            mode=compile_mode(read_corpus_text(path)),
            result=compile_corpus_file(path),
        )
    return status


M4ErrorKind = Literal["syntax", "other"]


@dataclass(frozen=True)
class M4Error:
    """One m4 error, sorted into syntax (unbalanced input) or other (cf.m4's own checks, files)."""

    kind: M4ErrorKind
    message: str
    file: str | None
    line: int | None


# GNU m4's complaints about input that ends inside a quoted string, an
# argument list or a comment: the only errors a parser can see on its own.
_SYNTAX_MESSAGES = (
    "end of file in string",
    "end of file in argument list",
    "end of file in comment",
)
_LOCATED = re.compile(r"^m4:(?P<file>[^:]*):(?P<line>\d+): (?P<message>.*)$")


def classify_m4_errors(result: M4Result) -> list[M4Error]:
    """Sort each error line of a run into syntax or other, with m4's file and line when given."""
    classified: list[M4Error] = []
    for line in result.errors:
        located = _LOCATED.match(line)
        message = located.group("message") if located else line
        kind: M4ErrorKind = (
            "syntax" if any(s in message for s in _SYNTAX_MESSAGES) else "other"
        )
        classified.append(
            M4Error(
                kind=kind,
                message=message,
                file=located.group("file") if located else None,
                line=int(located.group("line")) if located else None,
            )
        )
    return classified


def m4_syntax_errors(result: M4Result) -> list[M4Error]:
    """Only the syntax errors of a run: where m4 reports them, a parser must too."""
    return [e for e in classify_m4_errors(result) if e.kind == "syntax"]


# -- Cached, parallel runs for the differential tests -------------------------


@dataclass(frozen=True)
class OptionOutcome:
    """The part of an m4 run the differential tests keep: option lines and diagnostics.

    A full sendmail.cf is ~100 KB; the options are what is compared, so only
    they are cached.
    """

    options: dict[str, list[str]]
    errors: list[str]
    warnings: list[str]

    @property
    def ok(self) -> bool:
        """True when m4 reported no error."""
        return not self.errors

    @classmethod
    def from_result(cls, result: M4Result) -> OptionOutcome:
        """Keep the option lines and diagnostics of a run."""
        return cls(
            options=cf_option_lines(result.stdout),
            errors=list(result.errors),
            warnings=list(result.warnings),
        )

    def to_json(self) -> str:
        """Serialise for the on-disk cache."""
        return json.dumps(
            {"options": self.options, "errors": self.errors, "warnings": self.warnings}
        )

    @classmethod
    def from_json(cls, text: str) -> OptionOutcome:
        """Read back what :meth:`to_json` wrote."""
        data = json.loads(text)
        return cls(options=data["options"], errors=data["errors"], warnings=data["warnings"])


@functools.cache
def oracle_fingerprint() -> str:
    """A hash of the m4 version and every sendmail-cf file's name, size and mtime.

    Part of every cache key, so upgrading m4 or sendmail-cf invalidates the cache.
    """
    digest = hashlib.sha256()
    if shutil.which("m4"):
        version = subprocess.run(
            ["m4", "--version"], capture_output=True, env=_M4_ENV, check=False
        ).stdout
        digest.update(version.splitlines()[0] if version else b"")
    if CF_DIR.is_dir():
        for path in sorted(CF_DIR.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def cache_key(*parts: str) -> str:
    """A cache key for an m4 run from everything that decides its output."""
    digest = hashlib.sha256(oracle_fingerprint().encode())
    for part in parts:
        digest.update(b"\0")
        digest.update(part.encode("utf-8", errors="surrogateescape"))
    return digest.hexdigest()


def run_cached(
    jobs: Mapping[str, Callable[[], M4Result]],
    *,
    cache_dir: Path | None,
    workers: int = 2,
) -> dict[str, OptionOutcome]:
    """Run every job (cache key -> m4 run) not already cached, ``workers`` at a time.

    m4 spends its time in its own process, so threads are enough to keep
    every core busy. Cache files are written atomically, so an interrupted
    run never leaves a truncated entry behind.
    """
    outcomes: dict[str, OptionOutcome] = {}
    missing: list[str] = []
    for key in jobs:
        cached = cache_dir / f"{key}.json" if cache_dir is not None else None
        if cached is not None and cached.is_file():
            try:
                outcomes[key] = OptionOutcome.from_json(cached.read_text(encoding="utf-8"))
                continue
            except (ValueError, KeyError):
                pass  # a damaged entry is simply recomputed
        missing.append(key)

    def run(key: str) -> tuple[str, OptionOutcome]:
        outcome = OptionOutcome.from_result(jobs[key]())
        if cache_dir is not None:
            partial = cache_dir / f"{key}.{threading.get_ident()}.tmp"
            partial.write_text(outcome.to_json(), encoding="utf-8")
            os.replace(partial, cache_dir / f"{key}.json")
        return key, outcome

    if missing:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            outcomes.update(pool.map(run, missing))
    return outcomes


# -- The code under test ----------------------------------------------------------


def model_or_skip() -> tuple[Callable[..., Any], Callable[..., Any]]:
    """``(mcparse.parse, mcparse.resolve)``, or skip the test while resolve has not landed.

    Only a missing mcparse, mcparse.model or ``resolve`` skips: any other
    import error inside mcparse is a real failure and propagates.
    """
    try:
        import mcparse
    except ModuleNotFoundError as exc:
        if exc.name != "mcparse":
            raise
        pytest.skip(f"mcparse.resolve not available yet ({exc})")
    try:
        return mcparse.parse, mcparse.resolve
    except ModuleNotFoundError as exc:
        if exc.name not in {"mcparse.model", "mcparse.syntax"}:
            raise
        pytest.skip(f"mcparse.resolve not available yet ({exc})")
    except AttributeError as exc:
        pytest.skip(f"mcparse.resolve not available yet ({exc})")
