"""The oracle's own tests: it must read m4's output right before anything is judged by it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import confgen
import m4oracle
from m4oracle import (
    CF_M4,
    COMPARED_OPTIONS,
    M4Result,
    OptionOutcome,
    cf_option_lines,
    classify_m4_errors,
    compile_mc,
    compile_mode,
    m4_syntax_errors,
    requires_m4,
    rewrite_cf_include,
    run_cached,
    stub_site_includes,
)

HEAD = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def options_of(body: str, name: str) -> list[str]:
    result = compile_mc(HEAD + body + TAIL)
    assert result.ok, result.errors
    return cf_option_lines(result.stdout, [name])[name]


# -- Reading sendmail.cf option lines (no m4 needed) ---------------------------

CF_SAMPLE = """\
# SMTP daemon options
O DaemonPortOptions=Port=25, Name=MTA
#O DaemonPortOptions=Port=26, Name=OFF
O DaemonPortOptions=Port=587, Name=MSA, M=E
O AuthOptions
O LogLevel=9 \n\
O Milter.LogLevel=3
 O LogLevel=99
O PrivacyOptions=authwarnings\r
"""


def test_option_lines_keep_order_and_skip_commented_lines() -> None:
    options = cf_option_lines(CF_SAMPLE)
    assert options["DaemonPortOptions"] == ["Port=25, Name=MTA", "Port=587, Name=MSA, M=E"]


def test_option_without_equals_has_empty_value() -> None:
    assert cf_option_lines(CF_SAMPLE)["AuthOptions"] == [""]


def test_option_values_are_kept_exactly() -> None:
    options = cf_option_lines(CF_SAMPLE)
    # Trailing space and a CR are part of what sendmail reads.
    assert options["LogLevel"] == ["9 "]
    assert options["PrivacyOptions"] == ["authwarnings\r"]
    assert options["Milter.LogLevel"] == ["3"]


def test_names_filter_lists_every_requested_name() -> None:
    options = cf_option_lines(CF_SAMPLE, ["LogLevel", "ClientPortOptions"])
    assert options == {"LogLevel": ["9 "], "ClientPortOptions": []}


# -- Rewriting include paths ----------------------------------------------------

DEBIAN = str(CF_M4)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("include(`/usr/share/sendmail-cf/m4/cf.m4')dnl", f"include(`{DEBIAN}')dnl"),
        ("include(`../m4/cf.m4')", f"include(`{DEBIAN}')"),
        ("include(../m4/cf.m4)", f"include({DEBIAN})"),
        ("include(`/usr/lib/sendmail-cf/m4/cf.m4')dnl", f"include(`{DEBIAN}')dnl"),
        ("include(`@@PATH@@/m4/cf.m4')", f"include(`{DEBIAN}')"),
        (
            "include(`/usr/local/src/sendmail-8.15.2/cf/m4/cf.m4')dnl",
            f"include(`{DEBIAN}')dnl",
        ),
        ("sinclude(`/opt/cf/m4/cf.m4')", f"sinclude(`{DEBIAN}')"),
        (f"include(`{DEBIAN}')dnl", f"include(`{DEBIAN}')dnl"),
    ],
)
def test_cf_include_points_at_debian(line: str, expected: str) -> None:
    assert rewrite_cf_include(line) == expected


def test_rewrite_keeps_every_other_byte() -> None:
    text = (
        "divert(-1)\r\n# don't `touch' this\r\n"
        "include(`/usr/share/sendmail-cf/m4/cf.m4')\r\n"
        "include(`/etc/mail/m4/dialup.m4')dnl\r\n"
        "include(`{{sendmail_mc_include}}')dnl\r\nOSTYPE(linux)"
    )
    rewritten = rewrite_cf_include(text)
    assert rewritten == text.replace("/usr/share/sendmail-cf/m4/cf.m4", DEBIAN)


def test_site_includes_become_relative_stubs() -> None:
    text = "include(`/etc/mail/m4/dialup.m4')dnl\ninclude(`/etc/mail/tls/starttls.m4')dnl\n"
    rewritten, stubs = stub_site_includes(text)
    assert rewritten == (
        "include(`etc/mail/m4/dialup.m4')dnl\ninclude(`etc/mail/tls/starttls.m4')dnl\n"
    )
    assert stubs == ["etc/mail/m4/dialup.m4", "etc/mail/tls/starttls.m4"]


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("include(`../m4/cf.m4')\nOSTYPE(linux)\n", "include"),
        ("VERSIONID(`x')\nOSTYPE(freebsd6)\nMAILER(local)\n", "preloaded"),
        ("define(`__OSTYPE__',`')dnl\nFEATURE(`msp')\n", "preloaded"),
        ("dnl #  OSTYPE(`sunos4.1')\nLOCAL_CONFIG\n", "fragment"),
        ("FEATURE(`spamassassin')dnl\n", "fragment"),
    ],
)
def test_compile_mode(text: str, mode: str) -> None:
    assert compile_mode(text) == mode


# -- Running m4 -----------------------------------------------------------------


@requires_m4
def test_one_daemon_keeps_the_default_msa() -> None:
    values = options_of("DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n", "DaemonPortOptions")
    assert values == ["Port=587, Name=MSA, M=Ea", "Port=587, Name=MSA, M=E"]


@requires_m4
def test_empty_config_gets_mta_and_msa() -> None:
    assert options_of("", "DaemonPortOptions") == ["Name=MTA", "Port=587, Name=MSA, M=E"]


@requires_m4
def test_straight_quotes_define_nothing_sendmail_reads() -> None:
    assert options_of("define('confAUTH_OPTIONS', 'A p')dnl\n", "AuthOptions") == []
    # The same define with m4 quotes does set it: the check above can fail.
    assert options_of("define(`confAUTH_OPTIONS', `A p')dnl\n", "AuthOptions") == ["A p"]


@requires_m4
def test_empty_define_writes_the_option_without_value() -> None:
    assert options_of("define(`confAUTH_MECHANISMS', `')dnl\n", "AuthMechanisms") == [""]


@requires_m4
def test_hash_line_after_include_still_runs() -> None:
    values = options_of("# define(`confLOG_LEVEL', `14')\n", "LogLevel")
    assert values == ["14"]


@requires_m4
def test_raw_option_line_in_local_config_reaches_sendmail_cf() -> None:
    # LOCAL_CONFIG's diversion comes out before proto.m4's options.
    assert options_of("LOCAL_CONFIG\nO LogLevel=20\n", "LogLevel") == ["20", "9"]


@requires_m4
def test_unterminated_string_is_a_syntax_error_on_its_line() -> None:
    result = compile_mc("dnl one\ndefine(`x', `never closed\n\n")
    assert not result.ok
    errors = m4_syntax_errors(result)
    assert [(e.kind, e.message, e.line) for e in errors] == [
        ("syntax", "ERROR: end of file in string", 2)
    ]


@requires_m4
def test_unclosed_argument_list_is_a_syntax_error() -> None:
    result = compile_mc("divert(-1)\ndefine(`x', y\n")
    assert [e.message for e in m4_syntax_errors(result)] == [
        "ERROR: end of file in argument list"
    ]


@requires_m4
def test_feature_after_mailer_is_an_error_but_not_syntax() -> None:
    result = compile_mc(HEAD + TAIL + "FEATURE(`access_db')dnl\n")
    kinds = Counter(e.kind for e in classify_m4_errors(result))
    assert kinds == {"other": 1}
    assert m4_syntax_errors(result) == []


@requires_m4
def test_missing_ostype_is_reported() -> None:
    result = compile_mc("divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + TAIL)
    assert any("OSTYPE" in line for line in result.errors)


@requires_m4
def test_messages_glued_on_one_line_are_split() -> None:
    # errprint() without a newline puts m4's own message on the same line.
    result = compile_mc("errprint(`*** ERROR: first')define(`x', y\n")
    assert result.errors == [
        "*** ERROR: first",
        "m4:input.mc:1: ERROR: end of file in argument list",
    ]
    assert [e.kind for e in classify_m4_errors(result)] == ["other", "syntax"]


@requires_m4
def test_warnings_are_not_errors() -> None:
    result = compile_mc(HEAD + "define(`confPRIVACY_FLAGS', goaway,noetrn)dnl\n" + TAIL)
    assert result.ok
    assert len(result.warnings) == 1 and "excess arguments" in result.warnings[0]
    assert cf_option_lines(result.stdout, ["PrivacyOptions"]) == {"PrivacyOptions": ["goaway"]}


@requires_m4
def test_runaway_recursion_times_out_as_an_error() -> None:
    result = compile_mc("define(`loop', `loop')loop", timeout=1)
    assert result.returncode == -1 and not result.ok


@requires_m4
def test_crlf_reaches_m4_unchanged() -> None:
    result = compile_mc(HEAD.replace("\n", "\r\n") + "define(`confLOG_LEVEL', `12')\r\n" + TAIL)
    assert cf_option_lines(result.stdout, ["LogLevel"]) == {"LogLevel": ["12"]}


# -- Corpus ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_status() -> dict[str, m4oracle.CorpusCompile]:
    if not m4oracle.corpus_files():
        pytest.skip(f"no corpus at {m4oracle.corpus_dir()}")
    return m4oracle.corpus_compile_status()


@requires_m4
def test_most_corpus_configs_compile(corpus_status: dict[str, m4oracle.CorpusCompile]) -> None:
    included = [s for s in corpus_status.values() if s.mode == "include"]
    compiled = [s for s in included if s.compiled]
    # The corpus README counts about 60 of 73 with Red Hat's path mapped;
    # stubbing /etc/mail includes recovers the Debian files too.
    assert len(compiled) >= 60, [(s.path.name, s.errors[:1]) for s in included if not s.compiled]


@requires_m4
def test_corpus_file_gnu_m4_rejects_has_a_syntax_error(
    corpus_status: dict[str, m4oracle.CorpusCompile],
) -> None:
    rejected = {
        name: m4_syntax_errors(s.result)
        for name, s in corpus_status.items()
        if m4_syntax_errors(s.result)
    }
    assert list(rejected) == ["052-fidogate-hack-check-rcpt-1996.m4"]
    assert rejected["052-fidogate-hack-check-rcpt-1996.m4"][0].line == 39


@requires_m4
def test_fragments_never_count_as_compiled(
    corpus_status: dict[str, m4oracle.CorpusCompile],
) -> None:
    fragments = [s for s in corpus_status.values() if s.mode == "fragment"]
    assert fragments and not any(s.compiled for s in fragments)


# -- Cache -----------------------------------------------------------------------


def test_cached_runs_are_not_repeated(tmp_path: Path) -> None:
    calls: list[str] = []

    def job(name: str) -> M4Result:
        calls.append(name)
        return M4Result(stdout=f"O LogLevel={name}\n", stderr="", returncode=0)

    jobs = {"k1": lambda: job("1"), "k2": lambda: job("2")}
    first = run_cached(jobs, cache_dir=tmp_path)
    assert sorted(calls) == ["1", "2"]

    def must_not_run() -> M4Result:
        raise AssertionError("cached result was recomputed")

    second = run_cached({"k1": must_not_run, "k2": must_not_run}, cache_dir=tmp_path)
    assert second == first
    assert second["k2"] == OptionOutcome(options={"LogLevel": ["2"]}, errors=[], warnings=[])


# -- The generator -----------------------------------------------------------------


def test_generator_is_deterministic() -> None:
    assert confgen.generate(7, 40) == confgen.generate(7, 40)
    assert confgen.generate(7, 40) != confgen.generate(8, 40)
    assert confgen.generate_one(7, 25) == confgen.generate(7, 30)[25]


def test_generator_can_leave_out_raw_cf_lines_only() -> None:
    for full, plain in zip(confgen.generate(5, 60), confgen.generate(5, 60, raw_cf_lines=False)):
        kept = [line for line in full.text.splitlines() if line != "LOCAL_CONFIG"]
        kept = [line for line in kept if not line.startswith("O ")]
        assert kept == plain.text.splitlines()


def test_generator_covers_the_tricky_forms() -> None:
    configs = confgen.generate(1, 500)
    descriptions = " ".join(c.description for c in configs)
    for needle in (
        "DAEMON_OPTIONS:unquoted",
        "DAEMON_OPTIONS:macro-early",
        "DAEMON_OPTIONS:macro-late",
        "DAEMON_OPTIONS:double",
        "DAEMON_OPTIONS:straight",
        "DAEMON_OPTIONS:hash",
        "DAEMON_OPTIONS:dnl",
        "CLIENT_OPTIONS:quoted",
        "no_default_msa",
        "confAUTH_OPTIONS:straight",
        "confPRIVACY_FLAGS:append",
        "confLOG_LEVEL:unquoted-name",
        "undefine conf",
        "redefine MY_",
        "ifdef SITE_ROLE",
        "ifelse SITE_ROLE",
        "key=Prot",
        "sep=''",
        "DAEMON_OPTIONS:multiline",
        "pushdef",
        "popdef conf",
        "ifelse-defn",
        "LOCAL_CONFIG O ",
        "raw O ",
    ):
        assert needle in descriptions, needle
    for config in configs:
        assert config.text.startswith(confgen.PREAMBLE)
        assert config.text.endswith(confgen.MAILERS)


@requires_m4
def test_generated_configs_compile_and_vary(tmp_path: Path) -> None:
    configs = confgen.generate(20240601, 500)
    outcomes = run_cached(
        {c.name: (lambda text=c.text: compile_mc(text, timeout=10)) for c in configs},
        cache_dir=None,
    )
    failed = [name for name, o in outcomes.items() if not o.ok]
    assert len(failed) <= 25, failed[:10]
    # The options must actually vary, or the differential test proves little.
    shapes = Counter(
        tuple(len(o.options.get(name, [])) for name in COMPARED_OPTIONS)
        for o in outcomes.values()
    )
    assert len(shapes) >= 20
    daemon_values = {v for o in outcomes.values() for v in o.options.get("DaemonPortOptions", [])}
    assert "Port=587, Name=MSA, M=E" in daemon_values and len(daemon_values) >= 200
