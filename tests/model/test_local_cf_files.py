"""A site's own ostype/, domain/ and feature/ files are read from the configured cf directory."""

from __future__ import annotations

from pathlib import Path

import mcparse
from mcparse.settings import load_settings

CF = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"


def _cf_dir(tmp_path: Path) -> Path:
    cf = tmp_path / "cf"
    for kind, name, text in [
        ("ostype", "acme-os", "define(`confLOG_LEVEL', `11')dnl\n"),
        ("domain", "acme", "define(`confPRIVACY_FLAGS', `goaway')dnl\n"),
        ("feature", "acme_relay", "define(`confMAX_HOP', _ARG_)dnl\n"),
        # A file sendmail-cf ships, shadowed here: the shipped meaning wins.
        ("ostype", "linux", "define(`confLOG_LEVEL', `3')dnl\n"),
    ]:
        (cf / kind).mkdir(parents=True, exist_ok=True)
        (cf / kind / f"{name}.m4").write_text(text)
    return cf


def _resolve(text: str, cf_dir: "Path | None") -> mcparse.SendmailConfig:
    return mcparse.resolve(mcparse.parse(CF + text).tree, cf_dir=cf_dir)


def test_local_files_are_read_for_their_defines(tmp_path: Path) -> None:
    cf = _cf_dir(tmp_path)
    config = _resolve("OSTYPE(`acme-os')dnl\nDOMAIN(`acme')dnl\nFEATURE(`acme_relay', `40')dnl\n", cf)
    assert config.conf["confLOG_LEVEL"].value == "11"
    assert config.conf["confPRIVACY_FLAGS"].value == "goaway"
    assert config.conf["confMAX_HOP"].value == "40"
    assert config.local_files == ("ostype/acme-os", "domain/acme", "feature/acme_relay")
    assert not config.unknowns


def test_without_a_cf_dir_they_are_unknown_not_guessed(tmp_path: Path) -> None:
    config = _resolve("OSTYPE(`acme-os')dnl\nDOMAIN(`acme')dnl\n", None)
    reasons = " ".join(unknown.reason for unknown in config.unknowns)
    assert "OSTYPE `acme-os'" in reasons and "DOMAIN `acme'" in reasons
    assert config.local_files == ()


def test_shipped_files_keep_their_known_meaning(tmp_path: Path) -> None:
    config = _resolve("OSTYPE(`linux')dnl\n", _cf_dir(tmp_path))
    assert config.local_files == ()
    assert config.conf.get("confLOG_LEVEL") is None or config.conf["confLOG_LEVEL"].value != "3"


def test_unknown_feature_rule_accepts_a_local_feature(tmp_path: Path) -> None:
    cf = _cf_dir(tmp_path)
    text = CF + "OSTYPE(`linux')dnl\nFEATURE(`acme_relay', `40')dnl\n"
    settings = load_settings(None).with_overrides(cf_dir=str(cf))
    with_dir = {d.name for d in mcparse.check(text, settings)}
    without = {d.name for d in mcparse.check(text)}
    assert "unknown-feature" in without
    assert "unknown-feature" not in with_dir
