"""Issue #16: what a newcomer trips on -- the README's settings block in a
.mc-check.toml, ``config.conf[...]`` for a variable the file never sets, the
LICENSE, the pre-commit hook's manifest."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from cli_support import REPO, write

from mcparse.settings import SettingsError, load_settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

README = (REPO / "README.md").read_text(encoding="utf-8")
_FENCED_TOML = re.compile(r"^```toml\n(.*?)^```", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("name", [".mc-check.toml", "pyproject.toml"])
def test_the_readme_settings_block_works_in_either_file(tmp_path: Path, name: str) -> None:
    (block,) = _FENCED_TOML.findall(README)
    write(tmp_path / name, block)
    loaded = load_settings(write(tmp_path / "sendmail.mc", "dnl\n"))
    assert loaded.file == tmp_path / name
    assert loaded.settings.select == ["security", "correctness"]


def test_mc_check_toml_takes_top_level_keys_or_a_tool_table(tmp_path: Path) -> None:
    mc = write(tmp_path / "sendmail.mc", "dnl\n")
    write(tmp_path / ".mc-check.toml", 'ignore = ["MC101"]\n')
    assert load_settings(mc).settings.ignore == ["MC101"]
    write(tmp_path / ".mc-check.toml", '[tool.mc-check]\nignore = ["MC101"]\n')
    assert load_settings(mc).settings.ignore == ["MC101"]
    assert load_settings(config=str(tmp_path / ".mc-check.toml")).settings.ignore == ["MC101"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('ignore = ["MC101"]\n[tool.mc-check]\nselect = ["MC1"]\n', "'ignore' is outside [tool.mc-check]"),
        ('[tool.ruff]\nline-length = 80\n', "unknown key 'tool'"),
        ('[tool.mc-check]\nignor = ["MC101"]\n', "unknown key 'ignor'"),
    ],
)
def test_mc_check_toml_mistakes_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path / ".mc-check.toml", text)
    with pytest.raises(SettingsError, match=re.escape(message)):
        load_settings(write(tmp_path / "sendmail.mc", "dnl\n"))


def test_conf_of_a_variable_the_file_never_sets_is_undefined_not_a_key_error() -> None:
    import mcparse

    text = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\ndefine(`confMAX_HOP', `30')dnl\n"
    for compiled in (True, False):
        config = mcparse.resolve(mcparse.parse(text).tree, compile=compiled)
        # The README's access, for a variable that is not defined.
        missing = config.conf["confAUTH_MECHANISMS"]
        assert missing.definitions == () and missing.value is None and missing.name == "confAUTH_MECHANISMS"
        # Membership, get() and iteration still only see what is defined.
        assert "confAUTH_MECHANISMS" not in config.conf and config.conf.get("confAUTH_MECHANISMS") is None
        assert "confAUTH_MECHANISMS" not in list(config.conf)
        assert config.conf["confMAX_HOP"].definitions[0].value == "30"
    assert mcparse.resolve(mcparse.parse("dnl\n").tree).conf["x"].value is None


def test_license_file_agrees_with_the_package_metadata() -> None:
    license_text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert (REPO / "vscode-extension" / "LICENSE").read_text(encoding="utf-8") == license_text


def test_pre_commit_is_in_the_test_extra() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(requirement.startswith("pre-commit") for requirement in project["optional-dependencies"]["test"])
