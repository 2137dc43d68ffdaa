"""gitignore-style patterns: the ``.gitignore`` files of a tree, and the
``exclude`` / ``extend-exclude`` settings, which read the same way.

The common cases of gitignore(5), in pure Python (no git needed, nothing
spawned per directory):

* blank lines and ``#`` comments are skipped; ``\\#`` and ``\\!`` escape;
  trailing blanks are dropped unless escaped;
* ``!pattern`` re-includes what an earlier pattern excluded (the last
  matching pattern wins; a file inside an excluded folder stays excluded,
  because the walk never enters that folder);
* ``pattern/`` matches folders only;
* a pattern with a ``/`` at the start or in the middle is anchored to the
  folder of its file; one without matches a name at any depth;
* ``*`` and ``?`` stay within one path component, ``[...]`` is a class,
  ``**/`` / ``/**`` / ``/**/`` cross folders.

Not covered: ``core.excludesFile`` and the global ignore file.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence


@dataclass(frozen=True)
class Rule:
    """One pattern line."""

    regex: "re.Pattern[str]"
    negated: bool
    folders_only: bool
    anchored: bool  # matched against the path from the base folder, else against the name


@dataclass(frozen=True)
class PatternFile:
    """The rules of one ignore file (or setting), with the folder they are relative to."""

    base: str  # absolute, normalised
    rules: tuple[Rule, ...]

    def verdict(self, path: str, is_folder: bool) -> Optional[bool]:
        """True: excluded, False: re-included by a ``!`` rule, None: no rule matches."""
        relative = os.path.relpath(path, self.base).replace(os.sep, "/")
        if relative == "." or relative.startswith("../"):
            return None
        name = relative.rsplit("/", 1)[-1]
        result: Optional[bool] = None
        for rule in self.rules:
            if rule.folders_only and not is_folder:
                continue
            if rule.regex.match(relative if rule.anchored else name):
                result = not rule.negated
        return result


def parse_rule(line: str) -> Optional[Rule]:
    """The rule of one pattern line, or None for a blank or comment line."""
    line = line.rstrip("\r\n")
    # Trailing blanks go, unless the last one is escaped with a backslash.
    stripped = line.rstrip(" \t")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += line[len(stripped)]
    line = stripped
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    elif line.startswith(("\\!", "\\#")):
        line = line[1:]
    folders_only = line.endswith("/") and not line.endswith("\\/")
    if folders_only:
        line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    return Rule(_translate(line), negated, folders_only, anchored)


def parse_rules(lines: Iterable[str]) -> tuple[Rule, ...]:
    return tuple(rule for rule in map(parse_rule, lines) if rule is not None)


@functools.lru_cache(maxsize=1024)
def _translate(pattern: str) -> "re.Pattern[str]":
    """A gitignore glob as a regular expression over a '/'-separated path."""
    out: list[str] = []
    index = 0
    length = len(pattern)
    while index < length:
        char = pattern[index]
        at_component_start = index == 0 or pattern[index - 1] == "/"
        if pattern.startswith("**", index) and at_component_start and (index + 2 == length or pattern[index + 2] == "/"):
            if index + 2 == length:
                out.append(".*")  # "dir/**": everything inside
                index += 2
            else:
                out.append("(?:.*/)?")  # "**/x", "a/**/b": zero or more folders
                index += 3
            continue
        if char == "\\" and index + 1 < length:
            out.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = pattern.find("]", index + 2)
            if close < 0:
                out.append(re.escape(char))
            else:
                body = pattern[index + 1 : close]
                negate = body[:1] in ("!", "^")
                if negate:
                    body = body[1:]
                body = body.replace("\\", "\\\\").replace("^", "\\^").replace("[", "\\[")
                out.append(f"[{'^' if negate else ''}{body}]")
                index = close + 1
                continue
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def read_pattern_file(path: str, base: str) -> Optional[PatternFile]:
    """The rules of an ignore file, or None when it cannot be read (as git does: a
    .gitignore nobody can read excludes nothing)."""
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:
            rules = parse_rules(handle)
    except OSError:
        return None
    return PatternFile(os.path.abspath(base), rules) if rules else None


def repository_root(folder: str) -> Optional[str]:
    """The git work tree ``folder`` is in (the folder holding ``.git``), if any."""
    current = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


@dataclass
class Ignores:
    """The pattern files in force while walking a tree, outermost first; a
    deeper file's verdict overrides a shallower one's, as in git."""

    files: list[PatternFile] = field(default_factory=list)

    def excluded(self, path: str, is_folder: bool) -> bool:
        result = False
        for pattern_file in self.files:
            verdict = pattern_file.verdict(path, is_folder)
            if verdict is not None:
                result = verdict
        return result

    def entering(self, folder: str) -> "Ignores":
        """The patterns in force inside ``folder``: these plus its .gitignore."""
        found = read_pattern_file(os.path.join(folder, ".gitignore"), folder)
        return Ignores([*self.files, found]) if found is not None else self


def gitignores_above(root: str) -> Ignores:
    """The patterns that already apply at ``root``: .gitignore files of the
    folders between the repository root and ``root`` (not ``root``'s own,
    which the walk reads on entering it) and ``.git/info/exclude``."""
    top = repository_root(root)
    if top is None:
        return Ignores()
    files: list[PatternFile] = []
    info = read_pattern_file(os.path.join(top, ".git", "info", "exclude"), top)
    if info is not None:
        files.append(info)
    absolute = os.path.abspath(root)
    chain = []
    current = os.path.dirname(absolute)
    while len(current) >= len(top):
        chain.append(current)
        if current == top:
            break
        current = os.path.dirname(current)
    for folder in reversed(chain):
        found = read_pattern_file(os.path.join(folder, ".gitignore"), folder)
        if found is not None:
            files.append(found)
    return Ignores(files)


def patterns(lines: Sequence[str], base: str) -> Optional[PatternFile]:
    """Patterns given as a list (settings, command line) relative to ``base``."""
    rules = parse_rules(lines)
    return PatternFile(os.path.abspath(base), rules) if rules else None
