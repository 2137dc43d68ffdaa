"""MC235 implicit-tls-on-submission-port."""

from __future__ import annotations

from harness import assert_findings
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
# corpus 066-brukshut-sendmail-raw-esasl-localconfig.mc, lines 34-39: implicit TLS on 587.
BRUKSHUT = (
    "define(`confSERVER_CERT', `/etc/mail/ssl/sendmail.crt')dnl\n"
    "define(`confSERVER_KEY', `/etc/mail/ssl/sendmail.key')dnl\n"
    "DAEMON_OPTIONS(`Family=inet, Port=587, Name=MTA-SSL, M=s')dnl\n"
    "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n"
)


def test_s_on_port_587_is_reported() -> None:
    assert_findings(HEAD + BRUKSHUT + TAIL, [("MC235", 4, 1)])


def test_submission_by_name_counts() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=submission, Name=MSA, M=sEa')dnl\n" + TAIL, [("MC235", 2, 1)])


def test_s_on_465_and_587_without_s_pass() -> None:
    # The near miss: the same lines with `s' where RFC 8314 puts it.
    source = HEAD + BRUKSHUT.replace("Port=587", "Port=smtps") + (
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
    ) + TAIL
    assert_findings(source, [], rules=["MC235"])


def test_a_daemon_named_msa_on_another_port_is_not_the_submission_port() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=465, Name=MSA, M=s')dnl\n" + TAIL, [], rules=["MC235"])


@requires_m4
def test_m4_writes_the_modifier_onto_the_587_daemon() -> None:
    cf = compile_mc("divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD + BRUKSHUT + TAIL)
    assert "O DaemonPortOptions=Family=inet, Port=587, Name=MTA-SSL, M=s" in cf.stdout.splitlines()
