"""The model grounded in the compiled sendmail.cf (issue #15: findings stand on the compile)."""

from __future__ import annotations

import pytest

import mcparse
from m4oracle import cf_option_lines, compile_mc, requires_m4
from mcparse.compiler import find_cf_dir

pytestmark = pytest.mark.skipif(find_cf_dir() is None, reason="needs sendmail-cf (apt-get install sendmail-cf)")

CF = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def _resolve(text: str, **options: object) -> mcparse.SendmailConfig:
    return mcparse.resolve(mcparse.parse(text).tree, **options)  # type: ignore[arg-type]


def test_the_model_says_where_it_comes_from() -> None:
    text = CF + "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" + MAILERS
    compiled = _resolve(text)
    packaged = _resolve(text, compile=False)
    assert compiled.model_source == "compiled" and compiled.compiled is not None
    assert packaged.model_source == "packaged-model" and packaged.compiled is None
    # Where both know the answer they agree, sites included.
    assert [(d.option_value, d.implied, d.site and d.site.span.line) for d in compiled.daemons] == [
        (d.option_value, d.implied, d.site and d.site.span.line) for d in packaged.daemons
    ]


@requires_m4
def test_a_user_macro_named_O_is_followed_as_m4_follows_it() -> None:
    # A macro named O rewrites every "O Name=" line: m4 writes no DaemonPortOptions
    # at all. The packaged model does not follow this; the compile does.
    text = CF + "define(`O', `X')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" + MAILERS
    real = cf_option_lines(compile_mc(text).stdout)
    config = _resolve(text)
    assert "DaemonPortOptions" not in real
    assert config.daemons == () and "DaemonPortOptions" not in config.cf_options


def test_a_daemon_only_the_compile_knows_points_at_its_line() -> None:
    # The value comes out of a user macro defined after the call: m4 expands it
    # when proto.m4 writes the line at the end.
    text = CF + "DAEMON_OPTIONS(`MYDAEMON')dnl\ndefine(`MYDAEMON', `Port=2525, Name=ALT')dnl\n" + MAILERS
    config = _resolve(text)
    assert [d.option_value for d in config.daemons][:1] == ["Port=2525, Name=ALT"]
    first = config.daemons[0]
    assert not first.implied and first.site is not None and first.site.span.line in (4, 5)


def test_classes_and_masquerading_come_from_the_cf() -> None:
    text = CF + "RELAY_DOMAIN(`example.org')dnl\nMASQUERADE_AS(`mail.example.org')dnl\n" \
        "MASQUERADE_DOMAIN(`a.example.org b.example.org')dnl\n" + MAILERS
    config = _resolve(text)
    assert config.relay_domains == ("example.org",)
    assert config.masquerade_domains == ("a.example.org", "b.example.org")
    assert config.masquerade_as == "mail.example.org"


def test_a_run_m4_would_abandon_keeps_the_packaged_model() -> None:
    text = CF + "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\nFEATURE(`x'\n"
    assert _resolve(text).model_source == "packaged-model"
