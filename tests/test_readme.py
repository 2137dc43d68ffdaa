"""The README's two fresh-machine commands exist, and CI runs exactly the test one."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
CI_RUN = (REPO / ".ci" / "run").read_text(encoding="utf-8")

_FENCED_SH = re.compile(r"^```(?:sh|bash|shell|console)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _commands() -> list[str]:
    """The one-line shell commands of the README's sh code blocks."""
    return [block.strip() for block in _FENCED_SH.findall(README) if block.strip() and "\n" not in block.strip()]


def _check_command() -> str:
    (command,) = [command for command in _commands() if "mc-check" in command]
    return command


def _test_command() -> str:
    (command,) = [command for command in _commands() if "pytest" in command]
    return command


def test_readme_has_exactly_the_two_commands() -> None:
    assert len(_commands()) == 2, _commands()
    assert _check_command() != _test_command()


def test_check_command_sets_up_and_runs_mc_check_on_a_bundled_example() -> None:
    words = shlex.split(_check_command())
    assert "venv" in words and "install" in words
    examples = [word for word in words if word.startswith("examples/")]
    assert examples, "the command must check a bundled example"
    for example in examples:
        assert (REPO / example).is_file(), f"{example} does not exist"


def test_test_command_installs_the_test_extra_and_runs_pytest() -> None:
    command = _test_command()
    assert "[test]" in command and "pytest" in command


def test_ci_runs_exactly_the_readme_test_command() -> None:
    lines = [line.strip() for line in CI_RUN.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert _test_command() in lines
    # The test command is what CI ends with: nothing after it can change the verdict.
    assert lines[-1] == _test_command()


def test_ci_installs_the_m4_oracle() -> None:
    assert re.search(r"apt-get install\b[^\n]*\bm4\b[^\n]*\bsendmail-cf\b", CI_RUN)


_FENCED_TOML = re.compile(r"^```toml\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_settings_example_is_valid(tmp_path: Path) -> None:
    """The settings shown in the README load without error and mean what they say."""
    from mcparse.settings import load_settings

    (block,) = _FENCED_TOML.findall(README)
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    target = tmp_path / "sendmail.mc"
    target.write_text("dnl\n", encoding="utf-8")
    loaded = load_settings(target)
    assert loaded.settings.select == ["security", "correctness"]
    assert loaded.settings.severity == {"etrn-on-msa": "error"}
