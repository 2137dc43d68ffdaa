"""mc-check's settings: ``[tool.mc-check]`` in pyproject.toml, or ``.mc-check.toml``.

The settings file nearest to the checked file wins (searching upward from
its directory); in one directory ``.mc-check.toml`` wins over pyproject.toml,
and a pyproject.toml without ``[tool.mc-check]`` is skipped. A
``.mc-check.toml`` holds the keys at the top level or in a
``[tool.mc-check]`` table. Keys::

    select = ["MC1", "msa-without-auth"]     # replaces the default selection
    extend-select = ["MC4"]                  # adds to it
    ignore = ["style"]                       # removes (always wins)
    per-file-ignores = { "submit.mc" = ["MC101"], "legacy/**" = ["ALL"] }
    severity = { MC103 = "error", "etrn-on-msa" = "off" }
    cf-dir = "/usr/share/sendmail/cf"        # relative paths: to the settings file
    failure-threshold = "warning"            # error, warning, info or never: what fails the run
    max-findings-per-rule = 50               # per file; 0 lists them all
    exclude = [".git", ...]                  # skipped in directories (replaces the defaults)
    extend-exclude = ["old/"]                # skipped in addition to the defaults
    [tool.mc-check.rules.<code-or-name>]     # a rule's own options, if it has any

Selectors are a code (``MC101``), a code prefix (``MC1``), a rule name, a
category (``security``) or ``ALL``. Rules marked off by default are only
turned on by ``ALL``, their code or their name.

``python -m mcparse.settings`` rewrites the published JSON Schema
(``mcparse/settings.schema.json``); a test fails while it is stale.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Optional, Sequence, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

# The lookup lives apart so that the CLI can find a settings table without
# pydantic; these names stay importable from here.
from .settings_files import SETTINGS_FILES, SettingsError, find_settings_file, mc_check_table, read_toml

SeverityOverride = Literal["error", "warning", "info", "off"]
FailureThreshold = Literal["error", "warning", "info", "never"]
SCHEMA_PATH = Path(__file__).with_name("settings.schema.json")
DEFAULT_SOURCE = "default"
DEFAULT_FAILURE_THRESHOLD = "warning"
DEFAULT_MAX_FINDINGS_PER_RULE = 50


def _check_selectors(values: list[str]) -> list[str]:
    from .rules import rules_matching

    for value in values:
        if not rules_matching(value):
            raise ValueError(f"{value!r} names no rule{_did_you_mean(value)}")
    return values


def _did_you_mean(value: str) -> str:
    from .rules import all_rules
    from .vocabulary import suggest

    names = [rule.name for rule in all_rules()] + [rule.code for rule in all_rules()]
    close = suggest(value, names, limit=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Settings(BaseModel):
    """The settings in force for one file. Keys as written in TOML (kebab-case)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    select: Optional[list[str]] = Field(
        default=None,
        description="Rules to run, replacing the default selection: codes, code prefixes, names, "
        "categories or ALL.",
    )
    extend_select: list[str] = Field(
        default_factory=list, alias="extend-select", description="Rules to run in addition to the selection."
    )
    ignore: list[str] = Field(default_factory=list, description="Rules never to run (wins over select).")
    per_file_ignores: dict[str, list[str]] = Field(
        default_factory=dict,
        alias="per-file-ignores",
        description="Glob (relative to the settings file; a glob without '/' matches the file name) "
        "-> rules ignored in matching files.",
    )
    severity: dict[str, SeverityOverride] = Field(
        default_factory=dict, description="Rule code or name -> error, warning, info or off."
    )
    cf_dir: Optional[str] = Field(
        default=None,
        alias="cf-dir",
        description="A sendmail-cf directory whose files include() may read (relative to the settings file).",
    )
    rules: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Options of individual rules, by code or name."
    )
    failure_threshold: FailureThreshold = Field(
        default=DEFAULT_FAILURE_THRESHOLD,
        alias="failure-threshold",
        description="The least severe finding that fails the run (exit 1): error, warning, info, or never. "
        "Findings below it are still printed.",
    )
    max_findings_per_rule: int = Field(
        default=DEFAULT_MAX_FINDINGS_PER_RULE,
        ge=0,
        alias="max-findings-per-rule",
        description="At most this many findings of one rule are listed per file; one line says how many "
        "more were left out (0: list them all).",
    )
    exclude: Optional[list[str]] = Field(
        default=None,
        description="Files and folders skipped when a directory is checked (gitignore-style globs, relative "
        "to the settings file), replacing the default list (.git, .venv, node_modules, ...).",
    )
    extend_exclude: list[str] = Field(
        default_factory=list,
        alias="extend-exclude",
        description="Like exclude, but in addition to the default list.",
    )

    @field_validator("select", "extend_select", "ignore")
    @classmethod
    def _known_selectors(cls, values: Optional[list[str]]) -> Optional[list[str]]:
        return None if values is None else _check_selectors(values)

    @field_validator("per_file_ignores")
    @classmethod
    def _known_file_selectors(cls, values: dict[str, list[str]]) -> dict[str, list[str]]:
        for selectors in values.values():
            _check_selectors(selectors)
        return values

    @field_validator("severity")
    @classmethod
    def _known_rules(cls, values: dict[str, str]) -> dict[str, str]:
        from .rules import find_rule

        for key in values:
            if find_rule(key) is None:
                raise ValueError(f"{key!r} is not a rule code or name{_did_you_mean(key)}")
        return values

    @field_validator("rules")
    @classmethod
    def _valid_rule_options(cls, values: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        from .rules import find_rule

        for key, options in values.items():
            rule = find_rule(key)
            if rule is None:
                raise ValueError(f"{key!r} is not a rule code or name{_did_you_mean(key)}")
            if rule.options is None:
                raise ValueError(f"rule {rule.code} ({rule.name}) has no options")
            rule.options.model_validate(options)
        return values

    def options_for(self, rule: Any) -> Any:
        """The rule's options model instance (its defaults when not configured)."""
        if rule.options is None:
            return None
        for key, value in self.rules.items():
            if key.upper() == rule.code or key.lower() == rule.name:
                return rule.options.model_validate(value)
        return rule.options()


_KEYS = {name: (info.alias or name) for name, info in Settings.model_fields.items()}


@dataclass(frozen=True)
class LoadedSettings:
    """Settings plus where each value came from (``--show-settings``).

    ``root`` is the directory per-file-ignores globs are relative to: the
    settings file's directory, or the directory searched from when none.
    """

    settings: Settings = field(default_factory=Settings)
    sources: dict[str, str] = field(default_factory=dict)
    file: Optional[Path] = None
    root: Optional[Path] = None

    def source_of(self, key: str) -> str:
        return self.sources.get(key, DEFAULT_SOURCE)

    def with_overrides(
        self,
        *,
        select: Optional[Sequence[str]] = None,
        ignore: Sequence[str] = (),
        extend_select: Sequence[str] = (),
        cf_dir: Optional[str] = None,
        source: str = "command line",
    ) -> "LoadedSettings":
        """Command-line selection on top: ``select`` and ``cf_dir`` replace, the others add."""
        update: dict[str, Any] = {}
        sources = dict(self.sources)
        if cf_dir is not None:
            update["cf_dir"] = os.path.abspath(cf_dir)
            sources["cf-dir"] = source
        if select is not None:
            update["select"] = list(select)
            sources["select"] = source
        if ignore:
            update["ignore"] = [*self.settings.ignore, *ignore]
            sources["ignore"] = _joined(sources.get("ignore"), source)
        if extend_select:
            update["extend_select"] = [*self.settings.extend_select, *extend_select]
            sources["extend-select"] = _joined(sources.get("extend-select"), source)
        if not update:
            return self
        try:
            settings = Settings.model_validate({**self.settings.model_dump(), **update})
        except ValidationError as error:
            raise _settings_error(error, source) from None
        return replace(self, settings=settings, sources=sources)

    def describe(self) -> list[tuple[str, str, str]]:
        """(key, value as TOML would show it, where it came from) for every key."""
        dumped = self.settings.model_dump(by_alias=True)
        rows = []
        for key in _KEYS.values():
            value = dumped[key]
            shown = "(default selection)" if key == "select" and value is None else json.dumps(value)
            if key == "cf-dir" and value is None:
                shown = "(none)"
            if key == "exclude" and value is None:
                shown = "(the default list)"
            rows.append((key, shown, self.source_of(key)))
        return rows


def _joined(previous: Optional[str], source: str) -> str:
    return f"{previous} + {source}" if previous and previous != DEFAULT_SOURCE else source


def settings_from_table(table: dict[str, Any], file: Union[str, "os.PathLike[str]"]) -> LoadedSettings:
    """Validate one mc-check table read from ``file``."""
    file_path = Path(file)
    where = f"{file_path} [tool.mc-check]" if file_path.name == "pyproject.toml" else str(file_path)
    try:
        settings = Settings.model_validate(table)
    except ValidationError as error:
        raise _settings_error(error, where, file=str(file_path)) from None
    if settings.cf_dir is not None and not os.path.isabs(settings.cf_dir):
        absolute = str((file_path.parent / settings.cf_dir).resolve())
        settings = settings.model_copy(update={"cf_dir": absolute})
    sources = {_KEYS.get(key, key): str(file_path) for key in table}
    return LoadedSettings(settings=settings, sources=sources, file=file_path, root=file_path.parent.absolute())


def load_settings(path: Union[str, "os.PathLike[str]", None] = None, *, config: Optional[str] = None) -> LoadedSettings:
    """The settings in force for the file at ``path`` (need not exist: stdin's
    ``--stdin-filename``). ``config`` names a settings file explicitly
    (``--config``) instead of searching. Raises :class:`SettingsError`."""
    if config is not None:
        config_path = Path(config)
        table = mc_check_table(read_toml(config_path), config_path)
        return settings_from_table(table or {}, config_path)
    start = Path(path) if path is not None else Path.cwd()
    found = find_settings_file(start)
    if found is None:
        absolute = start.absolute()
        return LoadedSettings(root=absolute if absolute.is_dir() else absolute.parent)
    return settings_from_table(found[1], found[0])


def _settings_error(error: ValidationError, where: str, file: Optional[str] = None) -> SettingsError:
    # One line for the first problem: the rest usually follow from it.
    problem = error.errors()[0]
    location = problem.get("loc", ())
    key = ".".join(str(part) for part in location) or "(top level)"
    top = str(location[0]) if location else ""
    if problem["type"] == "extra_forbidden":
        close = _suggest_key(top)
        message = f"{where}: unknown key '{key}'" + (f" (did you mean '{close}'?)" if close else "")
    else:
        shown_key = _KEYS.get(top, top) + key[len(top):]
        message = f"{where}: key '{shown_key}': {_plain(problem['msg'])}"
    return SettingsError(message, file=file or where, key=key)


def _suggest_key(key: str) -> Optional[str]:
    from .vocabulary import suggest

    close = suggest(key.replace("_", "-"), list(_KEYS.values()), limit=1)
    return close[0] if close else None


def _plain(message: str) -> str:
    return message.removeprefix("Value error, ")


# -- the published JSON Schema ----------------------------------------------------


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the settings table, with each rule's options."""
    from .rules import all_rules

    schema = Settings.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "mc-check settings ([tool.mc-check] or .mc-check.toml)"
    rule_properties: dict[str, Any] = {}
    for rule in all_rules():
        if rule.options is not None:
            options_schema = rule.options.model_json_schema(by_alias=True)
            options_schema.pop("title", None)
            rule_properties[rule.name] = options_schema
            rule_properties[rule.code] = options_schema
    rules_schema = schema["properties"]["rules"]
    rules_schema["properties"] = rule_properties
    rules_schema["additionalProperties"] = False
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


def main() -> None:
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")


if __name__ == "__main__":
    main()
