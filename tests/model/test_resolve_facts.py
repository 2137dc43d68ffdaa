"""The facts issue #3 lists, each asserted on the model and, where m4 is
installed, checked against what real m4 + cf.m4 write into sendmail.cf."""

from __future__ import annotations

import pytest

import mcparse
from tests.m4oracle import cf_option_lines, compile_mc, m4_available

HEAD = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
MODELLED = ("DaemonPortOptions", "ClientPortOptions", "AuthMechanisms", "AuthOptions", "PrivacyOptions", "LogLevel")

CASES = {
    "no-daemon-options": ("", {"DaemonPortOptions": ["Name=MTA", "Port=587, Name=MSA, M=E"]}),
    "first-daemon-replaces-default-mta": (
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n",
        {"DaemonPortOptions": ["Port=587, Name=MSA, M=Ea", "Port=587, Name=MSA, M=E"]},
    ),
    "no-default-msa-anywhere": (
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\nFEATURE(`no_default_msa')dnl\n",
        {"DaemonPortOptions": ["Port=smtp, Name=MTA, M=A"]},
    ),
    "unquoted-commas-split": (
        "DAEMON_OPTIONS(Port=smtp, Name=MTA, M=A)dnl\n",
        {"DaemonPortOptions": ["Port=smtp", "Port=587, Name=MSA, M=E"]},
    ),
    "user-macro-commas-split": (
        "define(`D', `Port=smtp, Name=MTA, M=A')DAEMON_OPTIONS(D)dnl\n",
        {"DaemonPortOptions": ["Port=smtp", "Port=587, Name=MSA, M=E"]},
    ),
    "straight-quotes-do-nothing": ("define('confAUTH_OPTIONS', 'A p')dnl\n", {"AuthOptions": []}),
    "second-define-wins": (
        "define(`confAUTH_MECHANISMS', `PLAIN')dnl\ndefine(`confAUTH_MECHANISMS', `LOGIN PLAIN')dnl\n",
        {"AuthMechanisms": ["LOGIN PLAIN"]},
    ),
    "hash-is-not-a-comment-after-cf-m4": ("# define(`confLOG_LEVEL', `14')\n", {"LogLevel": ["14"]}),
    "defaults-as-cf-m4-writes-them": ("", {"LogLevel": ["9"], "PrivacyOptions": ["authwarnings"]}),
    "undefine-drops-the-line": ("undefine(`confLOG_LEVEL')dnl\n", {"LogLevel": []}),
    "client-options": (
        "CLIENT_OPTIONS(`Family=inet, Addr=192.0.2.1')dnl\n",
        {"ClientPortOptions": ["Family=inet, Addr=192.0.2.1"]},
    ),
}


def model_options(text: str) -> dict[str, list[str]]:
    config = mcparse.resolve(mcparse.parse(text).tree)
    return {name: config.cf_options.get(name, []) for name in MODELLED}


@pytest.mark.parametrize("case", sorted(CASES))
def test_model_states_the_fact(case: str) -> None:
    body, expected = CASES[case]
    options = model_options(HEAD + body + TAIL)
    for name, values in expected.items():
        assert options[name] == values, name


@pytest.mark.m4
@pytest.mark.skipif(not m4_available(), reason="needs m4 and sendmail-cf (apt-get install m4 sendmail-cf)")
@pytest.mark.parametrize("case", sorted(CASES))
def test_real_m4_agrees(case: str) -> None:
    body, _ = CASES[case]
    text = HEAD + body + TAIL
    result = compile_mc(text)
    assert result.ok, result.errors
    expected = cf_option_lines(result.stdout, MODELLED)
    assert model_options(text) == {name: expected.get(name, []) for name in MODELLED}


def test_daemon_keys_follow_sendmail_first_letter_dispatch() -> None:
    text = HEAD + "DAEMON_OPTIONS(`Prot=2525, Name=X, RefuseLA=5')dnl\nDAEMON_OPTIONS(`Port=587 Name=MSA M=Ea')dnl\n" + TAIL
    config = mcparse.resolve(mcparse.parse(text).tree)
    first, second = config.daemons[0], config.daemons[1]
    assert first.port_number == 2525 and [f.key for f in first.fields] == ["Port", "Name", "RcvBufSize"]
    assert [f.written_key for f in first.fields] == ["Prot", "Name", "RefuseLA"]
    # Without commas sendmail reads only the port: the name and modifiers vanish.
    assert second.port_number == 587 and second.name is None and second.modifiers == ""


def test_implied_daemons_are_marked_and_explicit_ones_have_sites() -> None:
    text = HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + TAIL
    config = mcparse.resolve(mcparse.parse(text).tree)
    explicit, implied = config.daemons
    assert not explicit.implied and explicit.site is not None and explicit.site.span.line == 4
    assert implied.implied and implied.site is None and implied.modifiers == "E"


def test_solaris8_implies_two_mta_daemons() -> None:
    text = HEAD.replace("linux", "solaris8") + TAIL
    config = mcparse.resolve(mcparse.parse(text).tree)
    assert config.cf_options["DaemonPortOptions"] == [
        "Name=MTA-v4, Family=inet", "Name=MTA-v6, Family=inet6", "Port=587, Name=MSA, M=E",
    ]
    assert [daemon.family for daemon in config.daemons] == ["inet", "inet6", "inet"]


def test_definition_sites_are_kept() -> None:
    text = HEAD + "define(`confAUTH_MECHANISMS', `PLAIN')dnl\nundefine(`confAUTH_MECHANISMS')dnl\n" + TAIL
    variable = mcparse.resolve(mcparse.parse(text).tree).conf["confAUTH_MECHANISMS"]
    assert variable.value is None
    assert [(d.value, d.site.span.line) for d in variable.definitions] == [("PLAIN", 4), (None, 5)]


def test_what_cannot_be_decided_is_unknown_not_guessed() -> None:
    text = HEAD + "changequote([,])dnl\nifdef([_USE_AUTH_], [x])dnl\nSMART_HOST(`{{ relay }}')\nesyscmd(`hostname')\n" + TAIL
    config = mcparse.resolve(mcparse.parse(text).tree)
    kinds = {unknown.kind for unknown in config.unknowns}
    assert {"changequote", "ifdef", "template", "shell"} <= kinds
    assert [call.name for call in config.shell_commands] == ["esyscmd"]


def test_fragment_implies_no_defaults() -> None:
    config = mcparse.resolve(mcparse.parse("FEATURE(`access_db')dnl\n").tree)
    assert config.fragment and config.daemons == () and config.cf_options == {}
    assert [feature.name for feature in config.features] == ["access_db"]


def test_self_expanding_macro_is_bounded() -> None:
    config = mcparse.resolve(mcparse.parse("define(`x', `x x')x\n").tree)
    assert any("does not terminate" in unknown.reason for unknown in config.unknowns)


def test_include_resolution_stays_inside_its_roots(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cf = tmp_path / "cf"
    cf.mkdir()
    (cf / "site.m4").write_text("define(`confLOG_LEVEL', `13')dnl\n")
    outside = tmp_path / "secret.m4"
    outside.write_text("define(`confLOG_LEVEL', `99')dnl\n")
    (cf / "escape.m4").symlink_to(outside)
    mc = tmp_path / "etc" / "sendmail.mc"
    mc.parent.mkdir()

    def log_level(include: str) -> tuple[list[str], set[str]]:
        text = HEAD + f"include(`{include}')dnl\n" + TAIL
        config = mcparse.resolve(mcparse.parse(text).tree, cf_dir=cf, path=mc)
        return config.cf_options.get("LogLevel", []), {u.kind for u in config.unknowns}

    assert log_level(str(cf / "site.m4")) == (["13"], set())
    assert log_level("../cf/site.m4") == (["13"], set())
    # A ".." escape and a symlink out of the roots are not read.
    assert log_level("../secret.m4") == (["9"], {"include"})
    assert log_level(str(cf / "escape.m4")) == (["9"], {"include"})
    # Off by default: without cf_dir nothing is read at all.
    text = HEAD + f"include(`{cf / 'site.m4'}')dnl\n" + TAIL
    assert mcparse.resolve(mcparse.parse(text).tree).cf_options["LogLevel"] == ["9"]


def test_recursive_include_is_bounded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    loop = tmp_path / "loop.m4"
    loop.write_text(f"include(`{loop}')dnl\n")
    text = HEAD + f"include(`{loop}')dnl\n" + TAIL
    config = mcparse.resolve(mcparse.parse(text).tree, cf_dir=tmp_path)
    assert config.cf_options["LogLevel"] == ["9"]


def test_a_gnu_only_regexp_operator_is_unknown_not_guessed() -> None:
    # m4 gives 5 here (\< is a word start); Python would read \< as "<" and say -1.
    text = "define(`x', regexp(`GNUs not Unix', `\\<[a-z]\\w+'))dnl\n"
    config = mcparse.resolve(mcparse.parse(text).tree)
    assert any("\\<" in unknown.reason for unknown in config.unknowns)


def test_resolve_takes_the_parse_result_as_well_as_its_tree() -> None:
    parsed = mcparse.parse("DOMAIN(`generic')dnl\nDOMAIN(`generic')dnl\n")
    assert mcparse.resolve(parsed) == mcparse.resolve(parsed.tree)
    assert mcparse.resolve(parsed).domain == "generic"
