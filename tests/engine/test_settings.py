"""Settings: discovery, validation, selection, per-file ignores, severity, schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import mcparse
from mcparse.engine import selected_rules
from mcparse.settings import (
    SCHEMA_PATH,
    LoadedSettings,
    Settings,
    SettingsError,
    json_schema,
    load_settings,
    schema_text,
)

# goaway keeps EXPN/VRFY closed so that only the port rules speak on this file.
DEFAULTS = "OSTYPE(`linux')dnl\ndefine(`confPRIVACY_FLAGS', `goaway')dnl\nMAILER(`smtp')dnl\n"


def codes(settings: Settings, path: str | None = None) -> set[str]:
    return {rule.code for rule, _ in selected_rules(settings, path)}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- selection


def test_default_selection_is_every_rule() -> None:
    assert {"MC001", "MC101", "MC102", "MC103", "MC201", "MC401"} <= codes(Settings())


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("MC101", {"MC101"}),
        ("auth-on-mta-port", {"MC101"}),
        ("MC10", {"MC101", "MC102", "MC103"}),
        ("security", {"MC101", "MC102", "MC103"}),
        ("correctness", {"MC201"}),
    ],
)
def test_select_by_code_prefix_name_category(selector: str, expected: set[str]) -> None:
    selected = codes(Settings(select=[selector]))
    assert expected <= selected
    assert selected <= {rule.code for rule in mcparse.engine.all_rules() if rule.code.startswith("MC") and (
        selector in (rule.code, rule.name, rule.category) or rule.code.startswith(selector))}


def test_ignore_wins_and_extend_select_adds() -> None:
    assert codes(Settings(select=["MC1"], ignore=["etrn-on-msa"])) == {
        c for c in codes(Settings(select=["MC1"])) if c != "MC103"
    }
    assert "MC201" in codes(Settings(select=["MC1"], extend_select=["MC201"]))
    assert "MC101" not in codes(Settings(extend_select=["MC101"], ignore=["MC1"]))


def test_severity_override_and_off() -> None:
    found = mcparse.check(DEFAULTS, Settings(severity={"MC101": "error", "msa-without-auth": "off"}))
    assert [(d.code, d.severity) for d in found] == [("MC101", "error")]


def test_per_file_ignores(tmp_path: Path) -> None:
    loaded = LoadedSettings(
        settings=Settings(per_file_ignores={"submit.mc": ["MC101"], "legacy/**/*.mc": ["security"]}),
        root=tmp_path,
    )
    assert "MC101" not in codes(loaded, str(tmp_path / "deep" / "submit.mc"))  # no '/': the file name
    assert "MC101" in codes(loaded, str(tmp_path / "sendmail.mc"))
    assert "MC102" not in codes(loaded, str(tmp_path / "legacy" / "a" / "b" / "x.mc"))
    assert "MC102" not in codes(loaded, str(tmp_path / "legacy" / "x.mc"))  # ** spans zero folders
    assert "MC102" in codes(loaded, str(tmp_path / "other" / "legacy" / "x.mc"))
    assert "MC101" in codes(loaded)  # no path: no per-file ignores
    found = mcparse.check(DEFAULTS, loaded, path=tmp_path / "submit.mc")
    assert [d.code for d in found] == ["MC102"]


def test_unknown_selector_is_an_error_with_suggestion() -> None:
    with pytest.raises(ValueError, match="did you mean 'auth-on-mta-port'"):
        Settings(select=["auth-on-mta-prot"])
    with pytest.raises(ValueError, match="MC999"):
        Settings(ignore=["MC999"])


# -- files


def test_nearest_file_wins_and_mc_check_toml_beats_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.mc-check]\nselect = ["MC1"]\n')
    write(tmp_path / "etc" / "pyproject.toml", '[tool.mc-check]\nignore = ["MC101"]\n')
    write(tmp_path / "etc" / ".mc-check.toml", 'ignore = ["MC102"]\n')
    loaded = load_settings(tmp_path / "etc" / "mail" / "sendmail.mc")
    assert loaded.settings.ignore == ["MC102"]
    assert loaded.file == tmp_path / "etc" / ".mc-check.toml"
    assert loaded.source_of("ignore") == str(tmp_path / "etc" / ".mc-check.toml")
    assert loaded.source_of("select") == "default"


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".mc-check.toml", 'select = ["MC2"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.black]\nline-length = 100\n')
    assert load_settings(tmp_path / "sub" / "x.mc").settings.select == ["MC2"]


def test_pyproject_table_and_cf_dir_relative_to_the_file(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.mc-check]\ncf-dir = "vendor/cf"\nseverity = { MC103 = "error" }\n')
    loaded = load_settings(tmp_path / "a.mc")
    assert loaded.settings.cf_dir == str((tmp_path / "vendor" / "cf").resolve())
    rows = {key: (value, source) for key, value, source in loaded.describe()}
    assert rows["severity"] == ('{"MC103": "error"}', str(tmp_path / "pyproject.toml"))
    assert rows["ignore"][1] == "default"


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[tool.mc-check]\nselct = ["MC1"]\n')
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path / "x.mc")
    message = str(caught.value)
    assert str(path) in message and "'selct'" in message and "did you mean 'select'" in message
    assert "\n" not in message
    assert caught.value.key == "selct"


def test_bad_value_and_bad_toml(tmp_path: Path) -> None:
    write(tmp_path / ".mc-check.toml", 'severity = { MC101 = "fatal" }\n')
    with pytest.raises(SettingsError, match=r"\.mc-check\.toml: key 'severity\.MC101'"):
        load_settings(tmp_path / "x.mc")
    write(tmp_path / ".mc-check.toml", "select = [\n")
    with pytest.raises(SettingsError, match="invalid TOML"):
        load_settings(tmp_path / "x.mc")


def test_rule_options_for_a_rule_without_options(tmp_path: Path) -> None:
    write(tmp_path / ".mc-check.toml", "[rules.etrn-on-msa]\nstrict = true\n")
    with pytest.raises(SettingsError, match="has no options"):
        load_settings(tmp_path / "x.mc")


def test_no_file_gives_defaults(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "x.mc")
    assert loaded.file is None and loaded.settings == Settings()


def test_explicit_config_and_command_line_overrides(tmp_path: Path) -> None:
    config = write(tmp_path / "ci.toml", 'ignore = ["MC103"]\n')
    loaded = load_settings(config=str(config)).with_overrides(ignore=["MC102"], select=["MC1"])
    assert loaded.settings.ignore == ["MC103", "MC102"]
    assert loaded.source_of("ignore") == f"{config} + command line"
    assert loaded.source_of("select") == "command line"
    with pytest.raises(SettingsError, match="command line"):
        loaded.with_overrides(select=["nonsense-rule"])


def test_check_takes_loaded_settings(tmp_path: Path) -> None:
    write(tmp_path / ".mc-check.toml", 'ignore = ["auth-on-mta-port"]\n')
    loaded = load_settings(tmp_path / "sendmail.mc")
    assert [d.code for d in mcparse.check(DEFAULTS, loaded, path=tmp_path / "sendmail.mc")] == ["MC102"]


# -- the published schema


def test_schema_file_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run: python -m mcparse.settings"


def test_schema_is_valid_and_matches_the_model() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    sample = {
        "select": ["MC1"], "extend-select": ["style"], "ignore": ["MC103"],
        "per-file-ignores": {"submit.mc": ["MC101"]}, "severity": {"MC101": "error"}, "cf-dir": "/usr/share/sendmail/cf",
    }
    assert not list(validator.iter_errors(sample))
    Settings.model_validate(sample)  # what the schema accepts, the model accepts
    assert list(validator.iter_errors({"selct": ["MC1"]}))
    assert list(validator.iter_errors({"severity": {"MC101": "fatal"}}))
    assert json_schema()["additionalProperties"] is False
