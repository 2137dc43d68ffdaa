"""The wheel works when installed into a clean venv and run outside the repository.

Slow (a build and a pip install, about half a minute) but run by default:
a package that only works from a source checkout is a broken release.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "submission-split.mc"
BROKEN = REPO / "examples" / "unclosed.mc"
# What a source checkout has beside the package that must not leak into the build.
_NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis"
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Build from a copy so that setuptools' build/ and egg-info never land in
    # the working tree other people are editing.
    source = tmp_path_factory.mktemp("source") / "mcparse"
    shutil.copytree(REPO, source, ignore=_NOT_SOURCES)
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(source)],
        capture_output=True, text=True, check=False,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (found,) = out.glob("mcparse-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; returns its bin/ folder."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    # The dependencies come from the same index this machine's pip uses.
    pip = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        capture_output=True, text=True, check=False,
    )
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    return bin_dir


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([str(bin_dir / "mc-check"), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_wheel_ships_the_grammar_and_the_vocabulary(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mcparse/grammar/mc.lark" in names
    for data in ("features.json", "conf_variables.json", "macros.json", "option_values.json"):
        assert f"mcparse/vocabulary/{data}" in names
    assert not any(name.startswith(("tests/", "benchmarks/", "examples/")) for name in names)


def test_installed_mc_check_reports_its_version(installed: Path, tmp_path: Path) -> None:
    import mcparse

    done = _run(installed, "--version", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"mc-check {mcparse.__version__}"


def test_installed_mc_check_checks_an_example_outside_the_repo(installed: Path, tmp_path: Path) -> None:
    clean = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, clean)
    done = _run(installed, clean.name, cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr  # rules may find something; nothing may crash
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert " MC001 " not in done.stdout and " MC002 " not in done.stdout


def test_installed_mc_check_reports_syntax_errors(installed: Path, tmp_path: Path) -> None:
    shutil.copy(BROKEN, tmp_path / BROKEN.name)
    done = _run(installed, BROKEN.name, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"{BROKEN.name}:4:1: MC002 " in done.stdout


def test_installed_mc_check_rejects_bad_usage(installed: Path, tmp_path: Path) -> None:
    assert _run(installed, cwd=tmp_path).returncode == 2
    assert _run(installed, "no-such-file.mc", cwd=tmp_path).returncode == 2
