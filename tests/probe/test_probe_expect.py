"""What the model promises per port, for the seed and each incomplete step."""

from __future__ import annotations

import pytest
from probe_cases import SEED_MC, VARIANTS

import mcparse
from mcparse.probe import expect
from mcparse.probe.expect import promises


def _promises(text: str, **kwargs):
    config = mcparse.resolve(mcparse.parse(text).tree)
    return {p.port: p for p in promises(config, **kwargs)}


def _values(text: str, port: int, **kwargs) -> dict[str, str]:
    return {check: e.value for check, e in _promises(text, **kwargs)[port].checks.items()}


def test_seed_port_25_refuses_auth_and_relaying() -> None:
    values = _values(SEED_MC, 25, with_credentials=True)
    assert values[expect.CHECK_EHLO_AUTH] == expect.NOT_OFFERED
    assert values[expect.CHECK_AUTH_WITHOUT_CREDENTIALS] == expect.AUTH_UNAVAILABLE
    assert values[expect.CHECK_MAIL_WITHOUT_AUTH] == expect.ACCEPTED
    assert values[expect.CHECK_RELAY_WITHOUT_AUTH] == expect.RELAY_DENIED
    assert values[expect.CHECK_AUTH_WITH_CREDENTIALS] == expect.NOT_OFFERED
    assert values[expect.CHECK_ETRN] == expect.ACCEPTED


def test_seed_port_587_requires_auth_and_refuses_etrn() -> None:
    values = _values(SEED_MC, 587, with_credentials=True)
    assert values[expect.CHECK_EHLO_AUTH] == expect.OFFERED
    assert values[expect.CHECK_EHLO_MECHANISMS] == "LOGIN PLAIN"
    assert values[expect.CHECK_MAIL_WITHOUT_AUTH] == expect.AUTH_REQUIRED
    assert values[expect.CHECK_EHLO_ETRN] == expect.NOT_OFFERED
    assert values[expect.CHECK_ETRN] == expect.REFUSED
    assert values[expect.CHECK_AUTH_WITH_CREDENTIALS] == expect.SUCCEEDED
    assert values[expect.CHECK_RELAY_WITH_AUTH] == expect.ACCEPTED


@pytest.mark.parametrize(
    "variant, port, check, value",
    [
        ("no-A-on-25", 25, expect.CHECK_EHLO_AUTH, expect.OFFERED),
        ("no-A-on-25", 25, expect.CHECK_AUTH_WITHOUT_CREDENTIALS, expect.ACCEPTED),
        ("no-a-on-587", 587, expect.CHECK_MAIL_WITHOUT_AUTH, expect.ACCEPTED),
        ("no-a-on-587", 587, expect.CHECK_RELAY_WITHOUT_AUTH, expect.RELAY_DENIED),
        ("no-E-on-587", 587, expect.CHECK_EHLO_ETRN, expect.OFFERED),
        ("no-E-on-587", 587, expect.CHECK_ETRN, expect.ACCEPTED),
        ("no-no_default_msa", 587, expect.CHECK_LISTENER, expect.SENDMAIL_STOPS),
        ("no-no_default_msa", 25, expect.CHECK_LISTENER, expect.SENDMAIL_STOPS),
    ],
)
def test_each_incomplete_step_changes_its_promise(variant: str, port: int, check: str, value: str) -> None:
    assert _values(VARIANTS[variant], port)[check] == value
    assert _values(SEED_MC, port)[check] != value


def test_implied_default_daemons_count() -> None:
    # No DAEMON_OPTIONS at all: cf.m4's MTA on 25 offers AUTH, its MSA takes mail without AUTH.
    text = "OSTYPE(`linux')dnl\ndefine(`confAUTH_MECHANISMS', `PLAIN')dnl\n"
    found = _promises(text)
    assert sorted(found) == [25, 587]
    assert found[25].checks[expect.CHECK_EHLO_AUTH].value == expect.OFFERED
    assert found[587].checks[expect.CHECK_MAIL_WITHOUT_AUTH].value == expect.ACCEPTED
    assert found[587].checks[expect.CHECK_ETRN].value == expect.REFUSED


def test_remapped_ports_take_the_promise_of_the_mc_port() -> None:
    found = _promises(SEED_MC, ports=[(2525, 25), (2587, 587), (2600, 2600)])
    assert found[2525].model_port == 25 and found[2525].daemon.name == "MTA"
    assert found[2587].daemon.name == "MSA"
    assert found[2600].daemon is None
    assert found[2600].checks[expect.CHECK_LISTENER].value == expect.NOT_LISTENING


def test_privacy_flags_size_and_tls() -> None:
    text = SEED_MC.replace(
        "FEATURE(`no_default_msa')",
        "define(`confPRIVACY_FLAGS', `goaway,noetrn')dnl\ndefine(`confMAX_MESSAGE_SIZE', `1000000')dnl\n"
        "define(`confSERVER_CERT', `/etc/mail/tls/c.pem')dnl\ndefine(`confSERVER_KEY', `/etc/mail/tls/k.pem')dnl\n"
        "FEATURE(`no_default_msa')",
    )
    values = _values(text, 25)
    assert values[expect.CHECK_EHLO_EXPN] == expect.NOT_OFFERED
    assert values[expect.CHECK_VRFY] == expect.REFUSED
    assert values[expect.CHECK_ETRN] == expect.REFUSED
    assert values[expect.CHECK_EHLO_SIZE] == "offered (1000000 bytes)"
    assert values[expect.CHECK_EHLO_STARTTLS] == expect.OFFERED


def test_plaintext_mechanisms_wait_for_tls_with_auth_option_p() -> None:
    text = SEED_MC.replace("TRUST_AUTH_MECH", "define(`confAUTH_OPTIONS', `p,y')dnl\nTRUST_AUTH_MECH")
    assert _values(text, 587)[expect.CHECK_EHLO_AUTH] == expect.NOT_OFFERED
    assert _values(text, 587, tls=True)[expect.CHECK_EHLO_AUTH] == expect.OFFERED


def test_open_relay_feature_promises_relaying() -> None:
    text = SEED_MC.replace("FEATURE(`no_default_msa')", "FEATURE(`promiscuous_relay')dnl\nFEATURE(`no_default_msa')")
    assert _values(text, 25)[expect.CHECK_RELAY_WITHOUT_AUTH] == expect.ACCEPTED
