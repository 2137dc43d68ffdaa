"""The pre-commit hook, run by the real pre-commit framework.

``pre-commit try-repo`` snapshots only tracked files of a dirty repository,
so the test first copies this working tree (tracked and new files alike)
into a throw-away git repository and points try-repo at that: the hook
under test is exactly the code on disk. Building the hook's virtualenv
installs mcparse's dependencies from PyPI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import BROKEN, REPO

# pre-commit comes with the [test] extra, into the same bin folder as this
# Python; a venv used without being activated has that folder off PATH, and
# the test must run there too (the README's test command, CI).
PATH = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", os.defpath)])

pytestmark = pytest.mark.skipif(
    shutil.which("pre-commit", path=PATH) is None or shutil.which("git", path=PATH) is None,
    reason="needs pre-commit and git",
)

GIT_ENV = {
    **os.environ,
    "PATH": PATH,
    "GIT_AUTHOR_NAME": "mc-check tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "mc-check tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=GIT_ENV, check=True, capture_output=True, text=True
    ).stdout


def _snapshot_of_this_repo(target: Path) -> Path:
    files = _git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=REPO).split("\0")
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git("init", "-q", cwd=target)
    _git("add", "-A", cwd=target)
    _git("commit", "-q", "-m", "snapshot", cwd=target)
    return target


def test_hook_fails_on_a_bad_sendmail_mc_and_names_the_finding(tmp_path: Path) -> None:
    hook_repo = _snapshot_of_this_repo(tmp_path / "mcparse")
    project = tmp_path / "mail-server"
    (project / "etc" / "mail").mkdir(parents=True)
    (project / "etc" / "mail" / "sendmail.mc").write_text(BROKEN)
    (project / "README").write_text("not checked\n")
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    environment = {**GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    proc = subprocess.run(
        ["pre-commit", "try-repo", str(hook_repo), "mc-check", "--all-files", "--color", "never"],
        cwd=project, env=environment, capture_output=True, text=True, timeout=900, check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "mc-check" in output and "Failed" in output
    assert "etc/mail/sendmail.mc:2:1: MC002" in output, output
    assert "README" not in output.split("mc-check", 1)[1]
