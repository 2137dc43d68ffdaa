"""The shipped vocabulary: loads on its own, matches sendmail-cf, matches real m4."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mcparse.vocabulary import (
    client_key_for,
    daemon_key_for,
    load_vocabulary,
    port_number,
    suggest,
)
from sendmail_cf_source import (
    CF_DIR,
    cfhead_defaults,
    conf_names_read_by_proto,
    names_in,
    ostype_effects,
    proto_options,
)

needs_cf = pytest.mark.skipif(
    not (CF_DIR / "m4" / "cf.m4").is_file(),
    reason=f"sendmail-cf is not installed ({CF_DIR} missing); apt-get install sendmail-cf",
)
needs_m4 = pytest.mark.skipif(shutil.which("m4") is None, reason="m4 is not installed")


# --- (a) pure data -------------------------------------------------------


def test_loads_without_sendmail() -> None:
    vocabulary = load_vocabulary()
    assert load_vocabulary() is vocabulary  # cached
    assert len(vocabulary.features) >= 66
    assert "access_db" in vocabulary.features
    assert vocabulary.mailers["smtp"].defines_mailers == (
        "smtp",
        "esmtp",
        "smtp8",
        "dsmtp",
        "relay",
    )
    assert vocabulary.mailer_file_for("uucp-new") == "uucp"
    assert vocabulary.conf_variables["confLOG_LEVEL"].option == "LogLevel"
    assert vocabulary.ports["submission"].number == 587


def test_every_entry_has_prose() -> None:
    vocabulary = load_vocabulary()
    tables = [
        vocabulary.features,
        vocabulary.mailers,
        vocabulary.ostypes,
        vocabulary.domains,
        vocabulary.hacks,
        vocabulary.conf_variables,
        vocabulary.macros,
        vocabulary.ports,
    ]
    for table in tables:
        for name, entry in table.items():
            assert entry.summary.strip(), name
    for key in [*vocabulary.daemon_keys.values(), *vocabulary.client_keys.values()]:
        assert key.meaning.strip()
    for feature in vocabulary.features.values():
        assert feature.description.strip()
        assert feature.deprecated == (feature.replacement is not None), feature.name


def test_relay_widening_features_carry_a_risk() -> None:
    features = load_vocabulary().features
    for name in ("promiscuous_relay", "relay_local_from", "relay_mail_from"):
        assert features[name].risk == "open-relay"
    for name in ("relay_based_on_MX", "relay_entire_domain", "loose_relay_check"):
        assert features[name].risk == "relay"
    assert features["access_db"].risk is None
    assert features["blacklist_recipients"].replacement == "blocklist_recipients"


def test_netinet6_ostypes() -> None:
    vocabulary = load_vocabulary()
    with_v6 = {name for name, ostype in vocabulary.ostypes.items() if ostype.netinet6}
    assert with_v6 == {"solaris8", "solaris11"}
    assert vocabulary.default_daemons_netinet6[:2] == (
        "Name=MTA-v4, Family=inet",
        "Name=MTA-v6, Family=inet6",
    )
    assert vocabulary.ostypes["linux"].defines["confEBINDIR"] == "/usr/sbin"
    assert vocabulary.ostypes["linux"].features == ("local_procmail",)


def test_line_for() -> None:
    conf = load_vocabulary().conf_variables
    assert conf["confMAX_MESSAGE_SIZE"].line_for("1000") == "O MaxMessageSize=1000"
    assert conf["confMAX_MESSAGE_SIZE"].line_for("") == "O MaxMessageSize"
    assert conf["confMAX_MESSAGE_SIZE"].line_for(None) == "#O MaxMessageSize=0"
    assert conf["confLOG_LEVEL"].default_line == "O LogLevel=9"
    assert conf["confLOG_LEVEL"].line_for(None) == "#O LogLevel=10"
    assert conf["confTIME_ZONE"].line_for("USE_TZ") == "O TimeZoneSpec="
    assert conf["confTIME_ZONE"].line_for("USE_SYSTEM") == "#O TimeZoneSpec="
    assert conf["QUEUE_DIR"].line_for(None) == "O QueueDirectory=/var/spool/mqueue"
    assert conf["confDOMAIN_NAME"].line_for("x") is None


# --- (d) DAEMON_OPTIONS keys, ports ----------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Prot", "Port"),
        ("Port", "Port"),
        ("port", "Port"),
        ("RefuseLA", "RcvBufSize"),
        ("refuseLA", "refuseLA"),
        ("Modifiers", "Modifier"),
        ("M", "Modifier"),
        ("DelayLA", "DeliveryMode"),
        ("  Name", "Name"),
        ("Adress", "Addr"),
    ],
)
def test_daemon_key_first_letter_dispatch(written: str, expected: str) -> None:
    key = daemon_key_for(written)
    assert key is not None
    assert key.name == expected


@pytest.mark.parametrize("written", ["QueueLA", "Children", "Xyz", "", "   ", "T", "=5"])
def test_daemon_key_unknown(written: str) -> None:
    assert daemon_key_for(written) is None


def test_client_keys() -> None:
    assert client_key_for("Address").name == "Addr"  # type: ignore[union-attr]
    assert client_key_for("Listen") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("smtp", 25),
        ("submission", 587),
        ("smtps", 465),
        ("submissions", 465),
        ("587", 587),
        (" 2525", 2525),
        ("587 Name=MSA", 587),
        ("nosuchservice", None),
        ("", None),
        ("SMTP", None),
    ],
)
def test_port_number(value: str, expected: int | None) -> None:
    assert port_number(value) == expected


# --- (e) suggestions ----------------------------------------------------------


def test_suggest_feature_typo() -> None:
    features = load_vocabulary().features
    assert suggest("no_defualt_msa", features)[0] == "no_default_msa"
    assert suggest("acces_db", features)[0] == "access_db"
    assert suggest("conf_LOG_LEVEL", load_vocabulary().conf_variables)[0] == "confLOG_LEVEL"


def test_suggest_gives_nothing_for_unrelated_or_exact() -> None:
    features = load_vocabulary().features
    assert suggest("zzzzzzzzzzzz", features) == []
    assert "access_db" not in suggest("access_db", features)
    assert suggest("", features) == []
    assert len(suggest("relay_", features, limit=2)) <= 2


# --- (b) against the installed sendmail-cf ------------------------------------


@needs_cf
@pytest.mark.parametrize(
    ("folder", "attribute"),
    [
        ("feature", "features"),
        ("mailer", "mailers"),
        ("ostype", "ostypes"),
        ("domain", "domains"),
        ("hack", "hacks"),
    ],
)
def test_every_sendmail_cf_file_is_known(folder: str, attribute: str) -> None:
    known = set(getattr(load_vocabulary(), attribute))
    assert set(names_in(folder)) == known


@needs_cf
def test_mailer_names_match_m_lines() -> None:
    for name, mailer in load_vocabulary().mailers.items():
        text = (CF_DIR / "mailer" / f"{name}.m4").read_text(errors="replace")
        assert list(mailer.defines_mailers) == re.findall(r"^M([A-Za-z0-9_-]+)", text, re.M)


@needs_cf
def test_every_conf_variable_read_by_proto_is_known() -> None:
    table = load_vocabulary().conf_variables
    missing = conf_names_read_by_proto() - set(table)
    assert not missing
    for option in proto_options():
        entry = table[option.variable]
        assert entry.option == option.option, option.variable
        assert entry.proto_line == option.line
        assert (entry.emission == "milter_option") == option.milter_only


@needs_cf
def test_cf_defaults_match_cfhead() -> None:
    table = load_vocabulary().conf_variables
    for name, raw in cfhead_defaults().items():
        if name in table:
            assert table[name].cf_default_raw == raw, name


@needs_cf
def test_ostype_defines_match_files() -> None:
    for name, ostype in load_vocabulary().ostypes.items():
        found = ostype_effects(name)
        assert ostype.defines == found.defines, name
        assert ostype.default_defines == found.default_defines, name
        assert ostype.conditional_defines == found.conditional_defines, name
        assert list(ostype.features) == found.features, name


# --- (c) against real m4 -----------------------------------------------------------


def _run_m4(tmp_path: Path, body: str) -> str:
    mc = tmp_path / "test.mc"
    mc.write_text(f"divert(-1)\ninclude(`{CF_DIR}/m4/cf.m4')\n{body}\n")
    done = subprocess.run(
        ["m4", str(mc)], capture_output=True, text=True, timeout=60, check=False
    )
    return done.stdout


def _option_lines(cf: str) -> set[str]:
    return {line for line in cf.splitlines() if re.match(r"#?O ", line)}


@needs_cf
@needs_m4
def test_default_lines_match_m4(tmp_path: Path) -> None:
    plain = _option_lines(_run_m4(tmp_path, "OSTYPE(`linux')"))
    milter = _option_lines(
        _run_m4(tmp_path, "OSTYPE(`linux')\nINPUT_MAIL_FILTER(`m', `S=local:/run/m.sock')")
    )
    checked = 0
    for name, entry in load_vocabulary().conf_variables.items():
        if entry.option is None or entry.default_line is None:
            continue
        lines = milter if entry.emission == "milter_option" else plain
        if name == "confINPUT_MAIL_FILTERS":
            lines = plain  # INPUT_MAIL_FILTER defines it, so compare without one
        assert entry.default_line in lines, name
        checked += 1
    assert checked > 150
    # the macro and class lines with a known default land in the file too
    whole = _run_m4(tmp_path, "OSTYPE(`linux')").splitlines()
    for entry in load_vocabulary().conf_variables.values():
        if entry.option is None and entry.default_line is not None:
            assert entry.default_line in whole, entry.name
    # milter options stay out of a file that declares no filter
    assert not any(line.startswith(("O Milter.", "#O Milter.")) for line in plain)


@needs_cf
@needs_m4
def test_defined_values_match_m4(tmp_path: Path) -> None:
    samples = {
        "confMAX_MESSAGE_SIZE": "20000000",
        "confLOG_LEVEL": "14",
        "confPRIVACY_FLAGS": "goaway,restrictqrun",
        "confTO_IDENT": "0",
        "confSMTP_LOGIN_MSG": "$j ready",
        "confDONT_BLAME_SENDMAIL": "GroupWritableDirPathSafe",
        "ALIAS_FILE": "/etc/aliases",
        "HELP_FILE": "/etc/help",
        "QUEUE_DIR": "/var/q",
        "confTIME_ZONE": "USE_TZ",
    }
    body = "OSTYPE(`linux')\n" + "".join(
        f"define(`{name}', ``{value}'')\n" for name, value in samples.items()
    )
    lines = _option_lines(_run_m4(tmp_path, body))
    table = load_vocabulary().conf_variables
    for name, value in samples.items():
        expected = table[name].line_for(value)
        assert expected in lines, (name, expected)
    # An empty definition writes the bare option; a quoted empty string does not.
    empty = _option_lines(
        _run_m4(tmp_path, "OSTYPE(`linux')define(`confUSE_MSP', `')define(`confSOFT_BOUNCE', ``'')")
    )
    assert table["confUSE_MSP"].line_for("") in empty
    assert table["confSOFT_BOUNCE"].line_for("", definition="`'") in empty
    undefined = _option_lines(_run_m4(tmp_path, "OSTYPE(`linux')\nundefine(`confLOG_LEVEL')"))
    assert table["confLOG_LEVEL"].line_for(None) in undefined


@needs_cf
@needs_m4
@pytest.mark.parametrize("name", ["linux", "solaris8", "unicos", "a-ux", "irix6", "bsdi", "debian"])
def test_ostype_defines_match_m4(tmp_path: Path, name: str) -> None:
    ostype = load_vocabulary().ostypes[name]
    expected = {**ostype.default_defines, **ostype.defines}
    probes = "".join(
        f"<<`{macro}'=ifdef(`{macro}', `D', `U'):defn(`{macro}')>>\n" for macro in expected
    )
    out = _run_m4(tmp_path, f"OSTYPE(`{name}')\ndivert(0)dnl\n{probes}divert(-1)")
    seen = dict(re.findall(r"<<([A-Za-z_0-9]+)=(.*?)>>", out, re.S))
    for macro, value in expected.items():
        assert seen[macro] == "D:" + value, macro


@needs_cf
@needs_m4
def test_netinet6_default_daemons_match_m4(tmp_path: Path) -> None:
    vocabulary = load_vocabulary()
    v6 = _run_m4(tmp_path, "OSTYPE(`solaris8')")
    daemons = [line[len("O DaemonPortOptions=") :] for line in v6.splitlines()
               if line.startswith("O DaemonPortOptions=")]
    assert tuple(daemons) == vocabulary.default_daemons_netinet6
    v4 = _run_m4(tmp_path, "OSTYPE(`linux')")
    daemons = [line[len("O DaemonPortOptions=") :] for line in v4.splitlines()
               if line.startswith("O DaemonPortOptions=")]
    assert tuple(daemons) == vocabulary.default_daemons
    assert vocabulary.default_client_line in v4.splitlines()


def test_import_is_cheap_and_data_needs_no_sendmail() -> None:
    # An audit hook sees every file the interpreter opens: importing must read
    # no JSON, and loading must never look at an installed sendmail-cf.
    script = """
import sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
import mcparse.vocabulary as vocabulary
assert not [p for p in opened if p.endswith(".json")], opened
vocabulary.load_vocabulary()
assert [p for p in opened if p.endswith("features.json")], opened
assert not [p for p in opened if "/usr/share/sendmail" in p], opened
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


@needs_cf
def test_sync_script_finds_no_drift() -> None:
    from sync_vocabulary import main

    assert main(["--check"]) == 0


# --- (d) option values against the installed sendmail binary -------------

SENDMAIL_BINARY = Path("/usr/libexec/sendmail/sendmail")


def test_option_values_load() -> None:
    values = load_vocabulary().option_values
    assert values["PrivacyOptions"].lookup("NoVrfy") is not None
    assert values["PrivacyOptions"].lookup("novfry") is None
    assert values["DontBlameSendmail"].lookup("groupreadablekeyfile").name == "GroupReadableKeyFile"
    assert values["AuthOptions"].lookup("P") is None  # letters are case-sensitive
    assert len(values["DontBlameSendmail"].values) == 43
    for entry in values.values():
        assert entry.conf_variable in load_vocabulary().conf_variables
        assert all(value.meaning.strip() for value in entry.values.values())


@pytest.mark.skipif(not SENDMAIL_BINARY.is_file(), reason=f"{SENDMAIL_BINARY} is not installed")
def test_word_option_values_are_names_the_binary_knows() -> None:
    # sendmail keeps the PrivacyOptions and DontBlameSendmail names as
    # lower-case C strings; every name we accept must be among them (except
    # those that need a compile-time option, and `safe', too short to find).
    binary = SENDMAIL_BINARY.read_bytes()
    values = load_vocabulary().option_values
    for option in ("PrivacyOptions", "DontBlameSendmail"):
        for name, entry in values[option].values.items():
            if entry.build_option or name.lower() == "safe":
                continue
            assert b"\0" + name.lower().encode() + b"\0" in binary, (option, name)

