"""``import mcparse`` stays cheap (issue #18): its submodules load lazily.

The test fails when importing the package pulls in pydantic, lark or one of
mcparse's own heavy submodules; the time ``python -X importtime`` gives is
printed in the test summary, so every CI run shows it (timings on a shared
machine are information, not a verdict).
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

_MEASURED: dict[str, float] = {}


def _importtime(code: str) -> dict[str, int]:
    """Cumulative microseconds per module imported by ``code`` in a fresh interpreter."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    )
    cumulative: dict[str, int] = {}
    for line in completed.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            cumulative[match.group(3)] = int(match.group(1))
    return cumulative


def test_import_mcparse_loads_nothing_heavy() -> None:
    modules = _importtime("import mcparse")
    heavy = sorted(name for name in modules if name.split(".")[0] in {"pydantic", "pydantic_core", "lark"})
    own = sorted(name for name in modules if name.startswith("mcparse."))
    assert not heavy, f"import mcparse imports {heavy[:5]}"
    assert not own, f"import mcparse imports its submodules {own[:5]}"
    _MEASURED["import mcparse"] = modules["mcparse"] / 1000


def test_compile_path_needs_no_pydantic() -> None:
    """`mc-check compile` runs the m4 engine only: no model classes to build."""
    modules = _importtime("import mcparse.compiler, mcparse.cli.compile_command")
    assert not any(name.split(".")[0] == "pydantic" for name in modules)
    _MEASURED["import mcparse.compiler"] = modules["mcparse.compiler"] / 1000


class _Summary:
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if _MEASURED:
            shown = ", ".join(f"{name} {ms:.1f} ms" for name, ms in _MEASURED.items())
            terminalreporter.write_line(f"import time (python -X importtime): {shown}")


@pytest.fixture(scope="module", autouse=True)
def _print_import_time(request: pytest.FixtureRequest) -> None:
    manager = request.config.pluginmanager
    if manager.get_plugin("mcparse-import-time") is None:
        manager.register(_Summary(), "mcparse-import-time")
