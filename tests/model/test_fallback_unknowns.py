"""The packaged model (``resolve(..., compile=False)``) against the classes of
.mc text issue #15 found it silently wrong about.

For each class the model either follows what m4 + cf.m4 do (the option lines
equal the ones real m4 writes into sendmail.cf) or says it cannot tell: an
Unknown whose reason names the construct, at the construct's span, with the
options it affects in ``undecided_options``. Each class also has a near miss
that must stay free of unknowns. The model's side runs everywhere; the
comparison with real m4 runs where m4 and sendmail-cf are installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import pytest

import mcparse
from mcparse.model import SendmailConfig
from tests.m4oracle import cf_option_lines, compile_mc, m4_available, requires_m4

HEAD = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
LINUX = "OSTYPE(`linux')dnl\n"
DEBIAN = "OSTYPE(`debian')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
MSA = "Port=587, Name=MSA, M=E"


@dataclass(frozen=True)
class Case:
    body: str  # what follows the include of cf.m4
    expected: dict[str, list[str]] = field(default_factory=dict)  # option lines m4 writes
    undecided: tuple[str, ...] = ()  # options the model must not present as certain
    unknown: Optional[str] = None  # words the reason of an Unknown must contain
    at: Optional[str] = None  # text the Unknown's span must cover

    @property
    def text(self) -> str:
        return HEAD + self.body


def _linux(body: str, expected: Optional[dict[str, list[str]]] = None) -> Case:
    return Case(LINUX + body + TAIL, expected or {})


# Each class: what the model now follows, with the option lines real m4 writes.
MODELLED = {
    # OSTYPE(`debian') sets two options as Debian's sendmail build decides
    # (sm_ffr, IPv6): the values of the build the model describes, undecided.
    "debian-build-options": Case(
        DEBIAN + TAIL,
        {"ResolverOptions": ["+WorkAroundBrokenAAAA"], "RejectNUL": ["true"]},
        undecided=("ResolverOptions", "RejectNUL"),
    ),
    "input-mail-filter": Case(
        LINUX + "INPUT_MAIL_FILTER(`m1', `S=local:/run/m1.sock')dnl\n"
        "INPUT_MAIL_FILTER(`m2', `S=inet:8891@127.0.0.1, F=T')dnl\n" + TAIL,
        {"InputMailFilters": ["m1, m2"]},
    ),
    "input-mail-filter-after-define": Case(
        LINUX + "define(`confINPUT_MAIL_FILTERS', `m0')dnl\n"
        "INPUT_MAIL_FILTER(`m1', `S=local:/run/m1.sock')dnl\n" + TAIL,
        {"InputMailFilters": ["m0, m1"]},
    ),
    "msp-forward-path": Case(LINUX + "FEATURE(`msp', `[127.0.0.1]')dnl\n", {"ForwardPath": [""]}),
    "nullclient-forward-path": Case(
        LINUX + "FEATURE(`nullclient', `mail.example.com')dnl\n", {"ForwardPath": [""], "AliasFile": []}
    ),
    "debian-msp-daemon": Case(
        DEBIAN + "DOMAIN(`debian-msp')dnl\n" + TAIL,
        {"DaemonPortOptions": ["Name=MTA"], "HostStatusDirectory": [""]},
        undecided=("ResolverOptions", "RejectNUL"),
    ),
    # debian-mta.m4 appends its flags to what the file set before it.
    "debian-mta-appends-dont-blame": Case(
        DEBIAN + "define(`confDONT_BLAME_SENDMAIL', `GroupWritableDirPathSafe')dnl\nDOMAIN(`debian-mta')dnl\n" + TAIL,
        {
            "DaemonPortOptions": ["Name=MTA", MSA],
            "DontBlameSendmail": [
                "GroupWritableDirPathSafe,AssumeSafeChown,ForwardFileInGroupWritableDirPath,"
                "GroupWritableForwardFileSafe,GroupWritableIncludeFileSafe,IncludeFileInGroupWritableDirPath,"
                "DontWarnForwardFileInUnsafeDirPath,TrustStickyBit,NonRootSafeAddr,GroupWritableIncludeFile,"
                "GroupReadableDefaultAuthInfoFile"
            ],
        },
        undecided=("ResolverOptions", "RejectNUL"),
    ),
    "message-timeout-compound": _linux(
        "define(`confMESSAGE_TIMEOUT', `2d/1h')dnl\n",
        {"Timeout.queuereturn": ["2d"], "Timeout.queuewarn": ["1h"]},
    ),
    "message-timeout-single": _linux(
        "define(`confMESSAGE_TIMEOUT', `3d')dnl\n",
        {"Timeout.queuereturn": ["3d"], "Timeout.queuewarn": ["4h"]},
    ),
    "message-timeout-overrides-later-define": _linux(
        "define(`confMESSAGE_TIMEOUT', `2d/1h')dnl\ndefine(`confTO_QUEUEWARN', `8h')dnl\n",
        {"Timeout.queuewarn": ["1h"]},
    ),
    "builtin-define": _linux(
        "builtin(`define', `confLOG_LEVEL', `14')dnl\n",
        {"LogLevel": ["14"]},
    ),
    "indir-define": _linux(
        "indir(`define', `confLOG_LEVEL', `14')dnl\n",
        {"LogLevel": ["14"]},
    ),
    "indir-user-macro": _linux(
        "define(`SETLOG', `define(`confLOG_LEVEL', `$1')')dnl\nindir(`SETLOG', `13')dnl\n",
        {"LogLevel": ["13"]},
    ),
    "m4wrap-define": _linux(
        "m4wrap(`define(`confLOG_LEVEL', `14')')dnl\n",
        {"LogLevel": ["14"]},
    ),
    "m4wrap-raw-line": _linux(
        "m4wrap(`divert(0)O LogLevel=3\n')dnl\n",
        {"LogLevel": ["3", "9"]},
    ),
    "format-is-undefined-by-cf-m4": _linux(
        "define(`confSMTP_LOGIN_MSG', format(`%s', `x'))dnl\n",
        {"SmtpGreetingMessage": ["format(%s, x)"]},
    ),
    "undivert-moves-local-config": _linux(
        "LOCAL_CONFIG\nO LogLevel=3\ndivert(0)undivert(6)divert(-1)\n",
        {"LogLevel": ["3", "9"]},
    ),
    "regexp-plus-is-an-operator": _linux(
        "define(`confSMTP_LOGIN_MSG', regexp(`a+b', `a+', `[\\&]'))dnl\n",
        {"SmtpGreetingMessage": ["[a]"]},
    ),
    "regexp-escaped-backslash": _linux(
        "define(`confSMTP_LOGIN_MSG', regexp(`abc', `b', `x\\\\y\\0z'))dnl\n",
        {"SmtpGreetingMessage": ["x\\ybz"]},
    ),
    "regexp-star-first-is-literal": _linux(
        "define(`confSMTP_LOGIN_MSG', regexp(`*ab', `*a', `[\\&]'))dnl\n",
        {"SmtpGreetingMessage": ["[*a]"]},
    ),
    "macro-named-msa": _linux(
        "define(`MSA', `XX')dnl\n",
        {"DaemonPortOptions": ["Name=MTA", "Port=587, Name=XX, M=E"]},
    ),
    "macro-named-port": _linux(
        "define(`Port', `Prt')dnl\nDAEMON_OPTIONS(`Port=25, Name=MTA')dnl\n",
        {"DaemonPortOptions": ["Prt=25, Name=MTA", "Prt=587, Name=MSA, M=E"]},
    ),
    "dnl-ends-daemon-options": _linux(
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA dnl the MTA')dnl\n",
        {"DaemonPortOptions": ["Port=smtp, Name=MTA O DaemonPortOptions=" + MSA]},
    ),
    "newline-in-value": _linux(
        "define(`confSMTP_LOGIN_MSG', `hello\nworld')dnl\n",
        {"SmtpGreetingMessage": ["hello"]},
    ),
    "raw-line-in-local-rulesets": _linux(
        "LOCAL_RULESETS\nO LogLevel=3\n",
        {"LogLevel": ["9", "3"]},
    ),
    "raw-line-in-divert-2": _linux(
        "divert(2)\nO LogLevel=3\ndivert(-1)\n",
        {"LogLevel": ["9", "3"]},
    ),
    "raw-line-in-divert-6": _linux(
        "divert(6)\nO LogLevel=3\ndivert(-1)\n",
        {"LogLevel": ["3", "9"]},
    ),
    "dollar-arguments-in-value": _linux(
        "define(`confSMTP_LOGIN_MSG', `$j a$1b $# c')dnl\n",
        {"SmtpGreetingMessage": ["$j ab 0 c"]},
    ),
}
# A define before the include of cf.m4: these texts are written whole.
BEFORE_INCLUDE = {
    "define-before-include-is-overwritten": (
        "divert(-1)dnl\ndefine(`confLOG_LEVEL', `14')dnl\ndefine(`confPRIVACY_FLAGS', `goaway')dnl\n"
        "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + LINUX + TAIL
    ),
    "mail-settings-dir-before-include-is-kept": (
        "divert(-1)dnl\ndefine(`MAIL_SETTINGS_DIR', `/opt/mail/')dnl\n"
        "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + LINUX + TAIL
    ),
}

# Each class: what the model cannot follow, said as an Unknown at the construct.
UNKNOWN = {
    "input-mail-filter-quoted-name": Case(
        LINUX + "INPUT_MAIL_FILTER(``m1'', `S=local:/run/m1.sock')dnl\n" + TAIL,
        undecided=("InputMailFilters",), unknown="INPUT_MAIL_FILTER", at="INPUT_MAIL_FILTER(",
    ),
    "message-timeout-with-comma": Case(
        LINUX + "define(`confMESSAGE_TIMEOUT', `2d, 3d/1h')dnl\n" + TAIL,
        undecided=("Timeout.queuereturn", "Timeout.queuewarn"), unknown="confMESSAGE_TIMEOUT",
        at="define(`confMESSAGE_TIMEOUT'",
    ),
    "line": Case(
        LINUX + "define(`confLOG_LEVEL', __line__)dnl\n" + TAIL,
        undecided=("LogLevel",), unknown="__line__", at="__line__",
    ),
    "file": Case(
        LINUX + "define(`confSMTP_LOGIN_MSG', __file__)dnl\n" + TAIL,
        undecided=("SmtpGreetingMessage",), unknown="__file__", at="__file__",
    ),
    "patsubst": Case(
        LINUX + "define(`confLOG_LEVEL', patsubst(`x14', `x', `'))dnl\n" + TAIL,
        undecided=("LogLevel",), unknown="patsubst", at="patsubst(",
    ),
    "builtin-of-an-unmodelled-builtin": Case(
        LINUX + "define(`confLOG_LEVEL', builtin(`patsubst', `x14', `x'))dnl\n" + TAIL,
        undecided=("LogLevel",), unknown="patsubst", at="builtin(",
    ),
    "changequote": Case(
        LINUX + "changequote([,])dnl\ndefine([confLOG_LEVEL], [14])dnl\nchangequote(`,')dnl\n" + TAIL,
        unknown="changequote", at="changequote([,])",
    ),
    "undivert-a-file": Case(
        LINUX + "divert(0)undivert(`/etc/mail/extra.cf')divert(-1)\n" + TAIL, unknown="undivert", at="undivert(",
    ),
    "regexp-alternation": Case(
        LINUX + "define(`confLOG_LEVEL', regexp(`x123', `\\(1\\|12\\)', `\\1'))dnl\n" + TAIL,
        undecided=("LogLevel",), unknown="regexp", at="regexp(",
    ),
    "regexp-word-operator": Case(
        LINUX + "define(`confSMTP_LOGIN_MSG', regexp(`ab cd', `\\w+', `[\\&]'))dnl\n" + TAIL,
        undecided=("SmtpGreetingMessage",), unknown="regexp", at="regexp(",
    ),
    "daemon-options-holding-an-unknown": Case(
        LINUX + "DAEMON_OPTIONS(`Port=smtp, Name='patsubst(`MTA', `T', `X'))dnl\n" + TAIL,
        undecided=("DaemonPortOptions",), unknown="patsubst", at="patsubst(",
    ),
    "macro-named-loglevel": Case(
        LINUX + "define(`LogLevel', `LL')dnl\ndefine(`confLOG_LEVEL', `12')dnl\n" + TAIL,
        undecided=("LogLevel",), unknown="`LogLevel'", at="define(`LogLevel'",
    ),
    "macro-named-o": Case(
        LINUX + "define(`O', `#')dnl\n" + TAIL,
        undecided=("LogLevel", "PrivacyOptions"), unknown="`O'", at="define(`O'",
    ),
    "newline-writes-an-option-line": Case(
        LINUX + "define(`confSMTP_LOGIN_MSG', `hello\nO LogLevel=2')dnl\n" + TAIL,
        undecided=("SmtpGreetingMessage", "LogLevel"), unknown="spans several lines",
        at="define(`confSMTP_LOGIN_MSG'",
    ),
}

# One near miss per class: close to the construct, and nothing to be unsure of.
NEAR_MISS = {
    "debian-build-options-set-by-the-file": Case(
        DEBIAN + "define(`confBIND_OPTS', `-DNSRCH')dnl\ndefine(`confREJECT_NUL', `false')dnl\n" + TAIL,
        {"ResolverOptions": ["-DNSRCH"], "RejectNUL": ["false"]},
    ),
    "mail-filter-only": Case(LINUX + "MAIL_FILTER(`m1', `S=local:/run/m1.sock')dnl\n" + TAIL, {"InputMailFilters": []}),
    "generic-domain-forward-path": Case(
        LINUX + "DOMAIN(`generic')dnl\n" + TAIL,
        {"ForwardPath": ["$z/.forward.$w+$h:$z/.forward+$h:$z/.forward.$w:$z/.forward"]},
    ),
    "debian-mta-keeps-the-msa": Case(
        LINUX + "DOMAIN(`debian-mta')dnl\n" + TAIL, {"DaemonPortOptions": ["Name=MTA", MSA]}
    ),
    "queue-timeouts-set-directly": _linux(
        "define(`confTO_QUEUERETURN', `2d')dnl\ndefine(`confTO_QUEUEWARN', `1h')dnl\n"
    ),
    "define-after-include": Case(LINUX + "define(`confLOG_LEVEL', `14')dnl\n" + TAIL, {"LogLevel": ["14"]}),
    "builtin-names-without-arguments-are-text": _linux(
        "define(`confSMTP_LOGIN_MSG', `patsubst indir builtin m4wrap')dnl\n"
    ),
    "regexp-plain": _linux("define(`confSMTP_LOGIN_MSG', regexp(`hello world', `w\\(or\\)ld', `<\\1>'))dnl\n"),
    "macro-named-almost-like-an-option": _linux(
        "define(`Loglevel', `LL')dnl\ndefine(`LOGLEVEL', `LL')dnl\ndefine(`confLOG_LEVEL', `12')dnl\n"
    ),
    "dnl-after-daemon-options": _linux("DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl the MTA\n"),
    "one-line-value": _linux("define(`confSMTP_LOGIN_MSG', `hello world')dnl\n"),
    "raw-line-in-local-config": _linux("LOCAL_CONFIG\nO LogLevel=3\n"),
    "sendmail-macros-in-value": _linux("define(`confSMTP_LOGIN_MSG', `$j $v $b')dnl\n"),
}

_TEXTS = {
    **{name: case.text for name, case in {**MODELLED, **UNKNOWN, **NEAR_MISS}.items()},
    **BEFORE_INCLUDE,
}
BEFORE_INCLUDE_EXPECTED = {
    "define-before-include-is-overwritten": {"LogLevel": ["9"], "PrivacyOptions": ["authwarnings"]},
    "mail-settings-dir-before-include-is-kept": {
        "AliasFile": ["/opt/mail/aliases"], "HelpFile": ["/opt/mail/helpfile"],
    },
}
_MODELLED_NAMES = sorted(set(MODELLED) | set(BEFORE_INCLUDE))


def _expected(name: str) -> dict[str, list[str]]:
    case = MODELLED.get(name) or NEAR_MISS.get(name)
    return case.expected if case else BEFORE_INCLUDE_EXPECTED[name]


def _undecided(name: str) -> tuple[str, ...]:
    case = MODELLED.get(name) or NEAR_MISS.get(name) or UNKNOWN.get(name)
    return case.undecided if case else ()


def _packaged(text: str) -> SendmailConfig:
    return mcparse.resolve(mcparse.parse(text).tree, compile=False)


def _as_m4_writes(config: SendmailConfig) -> dict[str, list[str]]:
    """The packaged model's option lines, but those it says it is unsure of."""
    return {
        name: values for name, values in config.cf_options.items()
        if values and name not in config.undecided_options
    }


@pytest.mark.parametrize("name", _MODELLED_NAMES + sorted(NEAR_MISS))
def test_the_packaged_model_follows_it(name: str) -> None:
    config = _packaged(_TEXTS[name])
    assert config.model_source == "packaged-model"
    assert config.unknowns == ()
    for option, values in _expected(name).items():
        assert config.cf_options.get(option, []) == values, option
    assert set(_undecided(name)) <= set(config.undecided_options)
    if name in NEAR_MISS:
        assert not set(_expected(name)) & set(config.undecided_options)


@pytest.mark.m4
@requires_m4
@pytest.mark.parametrize("name", _MODELLED_NAMES + sorted(NEAR_MISS))
def test_the_packaged_model_writes_what_m4_writes(name: str) -> None:
    result = compile_mc(_TEXTS[name])
    assert result.ok, result.errors
    real = cf_option_lines(result.stdout)
    for option, values in _expected(name).items():
        assert real.get(option, []) == values, option
    config = _packaged(_TEXTS[name])
    decided = {option: values for option, values in real.items() if option not in config.undecided_options}
    assert _as_m4_writes(config) == decided


@pytest.mark.parametrize("name", sorted(UNKNOWN))
def test_the_packaged_model_says_it_cannot_tell(name: str) -> None:
    case = UNKNOWN[name]
    config = _packaged(case.text)
    assert case.unknown is not None and case.at is not None
    matching = [unknown for unknown in config.unknowns if case.unknown in unknown.reason]
    assert matching, [unknown.reason for unknown in config.unknowns]
    covered = [case.text[unknown.span.start : unknown.span.end] for unknown in matching]
    assert any(text.startswith(case.at) for text in covered), covered
    assert set(case.undecided) <= set(config.undecided_options)


@pytest.mark.m4
@requires_m4
@pytest.mark.parametrize("name", sorted(UNKNOWN))
def test_what_it_cannot_tell_is_not_all_it_says(name: str) -> None:
    """Beside the unknown, the options the model still presents as decided are m4's."""
    case = UNKNOWN[name]
    if name == "undivert-a-file":
        pytest.skip("m4 cannot open the file this case names")
    result = compile_mc(case.text)
    real = cf_option_lines(result.stdout)
    config = _packaged(case.text)
    for option in set(case.undecided) & set(real):
        assert option in config.undecided_options
    unaffected = {"DaemonPortOptions", "PrivacyOptions", "AliasFile"} - set(config.undecided_options)
    for option in unaffected:
        assert config.cf_options.get(option, []) == real.get(option, []), option


def test_features_that_set_relay_and_masquerade_domains() -> None:
    config = _packaged(HEAD + LINUX + "FEATURE(`block_bad_helo')dnl\n" + TAIL)
    assert config.relay_domains == ("127.0.0.1", "IPv6:0:0:0:0:0:0:0:1", "IPv6:::1")
    config = _packaged(HEAD + LINUX + "FEATURE(`nullclient', `mail.example.com')dnl\n")
    assert config.masquerade_as == "mail.example.com"
    # Near miss: relay_entire_domain changes how domains relay, not which.
    config = _packaged(HEAD + LINUX + "FEATURE(`relay_entire_domain')dnl\n" + TAIL)
    assert config.relay_domains == () and config.masquerade_as is None and config.unknowns == ()


@pytest.mark.m4
@requires_m4
def test_relay_and_masquerade_domains_are_the_ones_m4_writes() -> None:
    relay = compile_mc(HEAD + LINUX + "FEATURE(`block_bad_helo')dnl\n" + TAIL).stdout
    written = [line[len("C{R}") :] for line in relay.splitlines() if line.startswith("C{R}")]
    assert " ".join(written).split() == list(
        _packaged(HEAD + LINUX + "FEATURE(`block_bad_helo')dnl\n" + TAIL).relay_domains
    )
    masquerade = compile_mc(HEAD + LINUX + "FEATURE(`nullclient', `mail.example.com')dnl\n").stdout
    assert "DMmail.example.com" in masquerade.splitlines()


@pytest.mark.skipif(not m4_available(), reason="needs sendmail-cf installed to compile")
@pytest.mark.parametrize("name", ["macro-named-loglevel", "regexp-alternation", "changequote"])
def test_a_compile_replaces_the_options_but_keeps_the_unknowns(name: str) -> None:
    text = UNKNOWN[name].text
    packaged = _packaged(text)
    compiled = mcparse.resolve(mcparse.parse(text).tree)
    assert compiled.model_source == "compiled"
    assert compiled.unknowns == packaged.unknowns
    assert compiled.undecided_options == ()
