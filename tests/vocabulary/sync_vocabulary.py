"""Refresh the mechanical fields of mcparse/vocabulary/*.json from sendmail-cf.

Usage (from the repository root, with sendmail-cf installed)::

    python tests/vocabulary/sync_vocabulary.py [--cf-dir /usr/share/sendmail/cf] [--check]

It rewrites what can be read off the m4 files (ostype defines, mailer M-line
names, option names, examples and cf.m4 defaults of conf variables) and lists
files or variables that are new or gone, whose prose must be written by hand.
With ``--check`` it only reports and exits 1 when anything would change.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sendmail_cf_source import (  # noqa: E402
    CF_DIR,
    cfhead_defaults,
    conf_names_read_by_proto,
    expand_simple,
    names_in,
    ostype_effects,
    proto_options,
)

DATA = Path(__file__).resolve().parents[2] / "mcparse" / "vocabulary"


def _load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _refresh_ostypes(data: dict[str, Any], cf_dir: Path) -> None:
    for name, entry in data.items():
        fx = ostype_effects(name, cf_dir)
        entry.update(
            defines=fx.defines,
            default_defines=fx.default_defines,
            conditional_defines=fx.conditional_defines,
            features=fx.features,
            mailer_flag_changes=fx.mailer_flag_changes,
            includes=fx.includes,
            netinet6="_NETINET6_" in fx.defines,
        )


def _refresh_mailers(data: dict[str, Any], cf_dir: Path) -> None:
    for name, entry in data.items():
        text = (cf_dir / "mailer" / f"{name}.m4").read_text(errors="replace")
        entry["defines_mailers"] = re.findall(r"^M([A-Za-z0-9_-]+)", text, re.M)


def _refresh_conf(data: dict[str, Any], cf_dir: Path) -> None:
    defaults = cfhead_defaults(cf_dir)
    for option in proto_options(cf_dir):
        entry = data.get(option.variable)
        if entry is None:
            continue
        raw = defaults.get(option.variable)
        example = None if option.example is None else expand_simple(option.example)
        value = None if raw is None else expand_simple(raw)
        if raw is not None:
            line = f"O {option.option}" + (f"={value}" if value else "")
        else:
            line = f"#O {option.option}" + (f"={example}" if example else "")
        entry.update(
            option=option.option,
            emission="milter_option" if option.milter_only else "option",
            example=example,
            proto_line=option.line,
            cf_default_raw=raw,
            cf_default=value,
            default_line=line,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cf-dir", type=Path, default=CF_DIR)
    parser.add_argument("--check", action="store_true", help="report only; exit 1 on drift")
    args = parser.parse_args(argv)
    cf_dir: Path = args.cf_dir
    drift = False
    for folder, file_name in (
        ("feature", "features.json"),
        ("mailer", "mailers.json"),
        ("ostype", "ostypes.json"),
        ("domain", "domains.json"),
        ("hack", "hacks.json"),
    ):
        known = set(_load(file_name))
        present = set(names_in(folder, cf_dir))
        for name in sorted(present - known):
            print(f"new {folder}: {name} (write its entry in {file_name})")
            drift = True
        for name in sorted(known - present):
            print(f"gone {folder}: {name}")
            drift = True
    conf = _load("conf_variables.json")
    for name in sorted(conf_names_read_by_proto(cf_dir) - set(conf)):
        print(f"new conf variable: {name} (write its entry in conf_variables.json)")
        drift = True

    for file_name, refresh in (
        ("ostypes.json", _refresh_ostypes),
        ("mailers.json", _refresh_mailers),
        ("conf_variables.json", _refresh_conf),
    ):
        before = _load(file_name)
        after = json.loads(json.dumps(before))
        present = {k: v for k, v in after.items()}
        if file_name != "conf_variables.json":
            folder = "ostype" if file_name == "ostypes.json" else "mailer"
            available = set(names_in(folder, cf_dir))
            present = {k: v for k, v in after.items() if k in available}
        refresh(present, cf_dir)
        if after != before:
            drift = True
            print(f"{'would update' if args.check else 'updated'} {file_name}")
            if not args.check:
                text = json.dumps(after, indent=1, ensure_ascii=False) + "\n"
                (DATA / file_name).write_text(text, encoding="utf-8")
    return 1 if drift and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
