"""--explain, --list-rules, --show-settings and --show-model."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import REPO, write

from mcparse.cli.engine_bridge import rule_catalogue

EXAMPLE = REPO / "examples" / "broken-submission.mc"


def test_explain_by_code_and_by_name(cli) -> None:
    by_code = cli("--explain", "MC002")
    by_name = cli("--explain", "unclosed-call")
    assert by_code.status == by_name.status == 0
    assert by_code.out == by_name.out
    assert "MC002" in by_code.out and len(by_code.out.splitlines()) >= 2


def test_explain_unknown_rule_exits_2(cli) -> None:
    result = cli("--explain", "MC999")
    assert result.status == 2 and "no rule has the code or name 'MC999'" in result.err


def test_list_rules_table_and_json(cli) -> None:
    table = cli("--list-rules").out.splitlines()
    assert table[0].split() == ["code", "name", "category", "severity", "fix", "summary"]
    catalogue = rule_catalogue()
    assert len(table) == len(catalogue) + 1
    rules = json.loads(cli("--list-rules", "--output-format", "json").out)
    assert [rule["code"] for rule in rules] == [info.code for info in catalogue]
    assert {"code", "name", "category", "severity", "summary", "fix"} <= set(rules[0])


def test_show_settings_names_where_each_value_came_from(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", "dnl\n")
    result = cli("--show-settings", "--select", "MC0", str(path))
    assert result.status == 0
    assert f"Settings for {path}" in result.out
    rows = json.loads(cli("--show-settings", "--select", "MC0", "--output-format", "json", str(path)).out)
    select = next(row for row in rows if row["key"] == "select")
    assert "MC0" in json.dumps(select["value"]) and "command line" in select["source"]


def test_show_model_text(cli) -> None:
    result = cli("--show-model", str(EXAMPLE))
    assert result.status == 0
    assert "Daemons sendmail will run:" in result.out
    # The unquoted DAEMON_OPTIONS lost everything after its first comma, and
    # cf.m4 still adds its own MSA beside the file's.
    assert "implied by cf.m4" in result.out
    assert "E (" in result.out


def test_show_model_json_is_the_full_model(cli) -> None:
    model = json.loads(cli("--show-model", "--output-format", "json", str(EXAMPLE)).out)
    ports = sorted(daemon["port_number"] for daemon in model["daemons"])
    assert ports == [25, 587, 587]
    assert {"daemons", "features", "mailers", "conf", "cf_options"} <= set(model)


def test_show_model_of_a_missing_file_exits_2(cli, tmp_path: Path) -> None:
    result = cli("--show-model", str(tmp_path / "nope.mc"))
    assert result.status == 2 and "no such file" in result.err


def test_show_model_reads_includes_only_with_cf_dir(cli, tmp_path: Path) -> None:
    # A site file in a cf dir of our own sets the log level: the model reads
    # include()d files only when --cf-dir allows it.
    cf = tmp_path / "cf"
    site = write(cf / "site.m4", "define(`confLOG_LEVEL', `13')dnl\n")
    mc = write(tmp_path / "etc" / "sendmail.mc", f"include(`{site}')dnl\n")
    without = json.loads(cli("--show-model", "--output-format", "json", str(mc)).out)
    with_dir = json.loads(cli("--show-model", "--cf-dir", str(cf), "--output-format", "json", str(mc)).out)
    assert "confLOG_LEVEL" not in without["conf"] or without["conf"]["confLOG_LEVEL"]["value"] != "13"
    assert with_dir["conf"]["confLOG_LEVEL"]["value"] == "13"


def _site_setup(tmp_path: Path) -> tuple[Path, Path]:
    # An include()d file in a cf dir of our own turns EXPN and VRFY off: MC110
    # (expn-vrfy-enabled) goes away only when the include is read.
    cf = tmp_path / "cf"
    site = write(cf / "site.m4", "define(`confPRIVACY_FLAGS', `goaway')dnl\n")
    mc = write(
        tmp_path / "etc" / "sendmail.mc",
        "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
        f"include(`{site}')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n",
    )
    return cf, mc


def test_cf_dir_on_the_command_line_reaches_the_rules(cli, tmp_path: Path) -> None:
    cf, mc = _site_setup(tmp_path)
    without = json.loads(cli("--output-format", "json", "--no-cache", str(mc)).out)
    with_dir = json.loads(cli("--output-format", "json", "--cf-dir", str(cf), str(mc)).out)
    assert "MC110" in {f["code"] for f in without}
    assert "MC110" not in {f["code"] for f in with_dir}


def test_show_model_uses_the_cf_dir_of_the_settings(cli, tmp_path: Path) -> None:
    cf, mc = _site_setup(tmp_path)
    write(tmp_path / ".mc-check.toml", f'cf-dir = "{cf}"\n')
    model = json.loads(cli("--show-model", "--output-format", "json", str(mc)).out)
    assert model["conf"]["confPRIVACY_FLAGS"]["value"] == "goaway"
