"""The probe against a scripted SMTP server on loopback: runs everywhere."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from probe_cases import SEED_MC
from probe_fake_smtp import FakeSMTP, Policy, closed_port

from mcparse.probe.command import run

# Connecting from 127.0.0.2 keeps the relay check meaningful (sendmail lets 127.0.0.1 relay).
CLIENT = "127.0.0.2"
MTA = Policy()  # the seed's port 25: no AUTH, relaying refused
MSA = Policy(auth_mechanisms=("PLAIN", "LOGIN"), require_auth=True, etrn=False, users={"testuser": "s3cret"})


@pytest.fixture
def seed_mc(tmp_path: Path) -> Path:
    path = tmp_path / "sendmail.mc"
    path.write_text(SEED_MC)
    return path


def _probe(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    status = run(["127.0.0.1", "--timeout", "5", "--source-address", CLIENT, "--output-format", "json", *args])
    out = capsys.readouterr().out
    return status, json.loads(out)


def _rows(report: dict, port: int) -> dict[str, dict]:
    entry = next(p for p in report["ports"] if p["port"] == port)
    return {row["check"]: row for row in entry["checks"]}


def test_server_keeping_the_seed_promises_passes(capsys, seed_mc, monkeypatch) -> None:
    monkeypatch.setenv("MCPARSE_PROBE_PASSWORD", "s3cret")
    with FakeSMTP(MTA) as mta, FakeSMTP(MSA) as msa:
        status, report = _probe(
            capsys, "--mc", str(seed_mc), "--port", f"{mta.port}=25", "--port", f"{msa.port}=587",
            "--user", "testuser",
        )
    assert status == 0, json.dumps(report, indent=1)
    assert report["mismatches"] == 0
    assert _rows(report, mta.port)["auth-command"]["reply"] == "503 5.3.3 AUTH not available"
    assert _rows(report, mta.port)["relay-without-auth"]["reply"] == "550 5.7.1 Relaying denied"
    assert _rows(report, msa.port)["mail-without-auth"]["reply"] == "530 5.7.0 Authentication required"
    assert _rows(report, msa.port)["auth-with-credentials"]["observed"] == "succeeded"
    assert _rows(report, msa.port)["mail-with-auth"]["status"] == "ok"


def test_auth_on_the_relay_port_is_a_mismatch(capsys, seed_mc) -> None:
    leaky = Policy(auth_mechanisms=("PLAIN",))
    with FakeSMTP(leaky) as mta:
        status, report = _probe(capsys, "--mc", str(seed_mc), "--port", f"{mta.port}=25")
    assert status == 1
    rows = _rows(report, mta.port)
    assert rows["ehlo-auth"]["status"] == "MISMATCH"
    assert rows["ehlo-auth"]["promised"] == "not offered" and rows["ehlo-auth"]["observed"] == "offered"
    assert rows["auth-command"]["status"] == "MISMATCH"
    assert rows["relay-without-auth"]["status"] == "ok"


def test_submission_without_auth_and_with_etrn_is_a_mismatch(capsys, seed_mc) -> None:
    loose = Policy(auth_mechanisms=("PLAIN", "LOGIN"), require_auth=False, etrn=True)
    with FakeSMTP(loose) as msa:
        status, report = _probe(capsys, "--mc", str(seed_mc), "--port", f"{msa.port}=587")
    assert status == 1
    rows = _rows(report, msa.port)
    assert rows["mail-without-auth"]["status"] == "MISMATCH"
    assert rows["etrn-command"]["status"] == "MISMATCH"
    assert rows["ehlo-etrn"]["status"] == "MISMATCH"


def test_open_relay_is_a_mismatch(capsys, seed_mc) -> None:
    with FakeSMTP(Policy(relay_allowed=True)) as mta:
        status, report = _probe(capsys, "--mc", str(seed_mc), "--port", f"{mta.port}=25")
    assert status == 1
    assert _rows(report, mta.port)["relay-without-auth"]["status"] == "MISMATCH"


def test_never_sends_data_and_resets_between_checks(capsys, seed_mc, monkeypatch) -> None:
    monkeypatch.setenv("MCPARSE_PROBE_PASSWORD", "s3cret")
    relaying = Policy(auth_mechanisms=("PLAIN",), users={"testuser": "s3cret"})
    with FakeSMTP(relaying) as server:
        _probe(capsys, "--mc", str(seed_mc), "--port", f"{server.port}=587", "--user", "testuser")
    verbs = [command.split(" ")[0].upper() for command in server.commands]
    assert "DATA" not in verbs
    assert verbs[0] == "EHLO" and verbs[-1] == "QUIT"
    # every transaction that got a MAIL accepted is closed with RSET before anything else
    assert verbs.count("MAIL") == 2 and verbs.count("RSET") == 2
    for index, verb in enumerate(verbs):
        if verb == "RCPT":
            assert verbs[index + 1] == "RSET"


def test_password_comes_from_the_named_variable(capsys, seed_mc, monkeypatch) -> None:
    monkeypatch.setenv("MY_SMTP_PASSWORD", "s3cret")
    monkeypatch.delenv("MCPARSE_PROBE_PASSWORD", raising=False)
    with FakeSMTP(MSA) as msa:
        status, report = _probe(
            capsys, "--mc", str(seed_mc), "--port", f"{msa.port}=587", "--user", "testuser",
            "--password-env", "MY_SMTP_PASSWORD",
        )
    assert status == 0
    assert any(command.startswith("AUTH PLAIN ") for command in msa.commands)


def test_a_refusal_with_another_code_does_not_keep_the_promise(capsys, seed_mc) -> None:
    # Port 25 must answer AUTH with 503: a 502 (say, from a proxy in front of
    # sendmail) says nothing about whether sendmail would offer AUTH.
    proxy = Policy(auth_refusal="502 5.5.1 Command not implemented")
    with FakeSMTP(proxy) as mta:
        status, report = _probe(capsys, "--mc", str(seed_mc), "--port", f"{mta.port}=25")
    row = _rows(report, mta.port)["auth-command"]
    assert (row["promised"], row["observed"], row["status"]) == ("refused (503)", "refused", "MISMATCH")
    assert status == 1


def test_password_on_the_command_line_through_mc_check_probe(capsys, seed_mc, monkeypatch) -> None:
    from mcparse.cli.main import main

    monkeypatch.delenv("MCPARSE_PROBE_PASSWORD", raising=False)
    with FakeSMTP(MSA) as msa:
        status = main([
            "probe", "127.0.0.1", "--timeout", "5", "--source-address", CLIENT, "--output-format", "json",
            "--mc", str(seed_mc), "--port", f"{msa.port}=587", "--user", "testuser", "--password", "s3cret",
        ])
    report = json.loads(capsys.readouterr().out)
    assert status == 0
    assert _rows(report, msa.port)["auth-with-credentials"]["observed"] == "succeeded"


def test_an_option_prefix_is_never_taken_for_another_option(capsys, seed_mc, monkeypatch) -> None:
    # "--password-e" must not quietly become --password-env (and print the
    # password back as the name of a variable).
    monkeypatch.delenv("MCPARSE_PROBE_PASSWORD", raising=False)
    with pytest.raises(SystemExit) as stopped:
        run(["127.0.0.1", "--mc", str(seed_mc), "--user", "u", "--password-e", "hunter2"])
    assert stopped.value.code == 2
    assert "unrecognized arguments: --password-e" in capsys.readouterr().err


def test_wrong_password_is_a_mismatch(capsys, seed_mc, monkeypatch) -> None:
    monkeypatch.setenv("MCPARSE_PROBE_PASSWORD", "wrong")
    with FakeSMTP(MSA) as msa:
        status, report = _probe(capsys, "--mc", str(seed_mc), "--port", f"{msa.port}=587", "--user", "testuser")
    assert status == 1
    row = _rows(report, msa.port)["auth-with-credentials"]
    assert row["observed"] == "failed" and row["reply"].startswith("535")


def test_user_without_password_is_a_usage_error(capsys, seed_mc, monkeypatch) -> None:
    monkeypatch.delenv("MCPARSE_PROBE_PASSWORD", raising=False)
    assert run(["127.0.0.1", "--mc", str(seed_mc), "--user", "testuser"]) == 2
    assert "MCPARSE_PROBE_PASSWORD" in capsys.readouterr().err


def test_connection_refused_says_so_and_exits_2(capsys, seed_mc) -> None:
    port = closed_port()
    status = run(["127.0.0.1", "--mc", str(seed_mc), "--port", f"{port}=25", "--timeout", "3"])
    captured = capsys.readouterr()
    assert status == 2
    assert f"127.0.0.1 port {port}: connection refused" in captured.err
    assert "connection refused" in captured.out


def test_a_port_the_mc_leaves_closed_may_refuse(capsys, seed_mc) -> None:
    port = closed_port()
    status, report = _probe(capsys, "--mc", str(seed_mc), "--port", str(port))
    assert status == 0
    assert _rows(report, port)["listener"]["promised"] == "not listening"


def test_silent_server_times_out_quickly(capsys, seed_mc) -> None:
    with FakeSMTP(Policy(greet=False)) as server:
        status = run(["127.0.0.1", "--mc", str(seed_mc), "--port", f"{server.port}=25", "--timeout", "0.5"])
    assert status == 2
    assert "no greeting within 0.5 s" in capsys.readouterr().err


def test_probing_from_127_0_0_1_skips_the_relay_verdict(capsys, seed_mc) -> None:
    with FakeSMTP(Policy(relay_allowed=True)) as mta:
        status = run(["127.0.0.1", "--mc", str(seed_mc), "--port", f"{mta.port}=25", "--output-format", "json"])
    report = json.loads(capsys.readouterr().out)
    row = _rows(report, mta.port)["relay-without-auth"]
    assert row["status"] == "skipped" and "127.0.0.1" in row["why"]
    assert status == 0


def test_without_mc_it_only_observes(capsys) -> None:
    with FakeSMTP(MSA) as msa:
        status, report = _probe(capsys, "--port", str(msa.port))
    assert status == 0
    rows = _rows(report, msa.port)
    assert rows["ehlo-auth"]["status"] == "seen" and rows["ehlo-auth"]["promised"] is None
    assert rows["ehlo-auth-mechanisms"]["observed"] == "LOGIN PLAIN"


def test_text_table_shows_promised_and_observed(capsys, seed_mc) -> None:
    with FakeSMTP(Policy(auth_mechanisms=("PLAIN",))) as mta:
        status = run(["127.0.0.1", "--mc", str(seed_mc), "--port", f"{mta.port}=25",
                      "--source-address", CLIENT])
    out = capsys.readouterr().out
    assert status == 1
    assert f"port {mta.port} (the .mc's port 25) - daemon MTA, M=A" in out
    line = next(line for line in out.splitlines() if line.strip().startswith("EHLO offers AUTH"))
    assert line.split()[3:] == ["not", "offered", "offered", "MISMATCH"]
    assert "because: modifier A on this daemon turns AUTH off" in out
    assert out.rstrip().endswith("mismatches")


@pytest.mark.parametrize("host", ["10.0.0.0/24", "a.example,b.example", "*.example", ""])
def test_only_one_named_host(capsys, host: str) -> None:
    assert run([host, "--port", "25"]) == 2
    assert "give one host" in capsys.readouterr().err


@pytest.mark.parametrize("spec", ["x", "0", "70000", "25=abc"])
def test_bad_port_specs(capsys, spec: str) -> None:
    assert run(["127.0.0.1", "--port", spec]) == 2


def test_unreadable_mc(capsys, tmp_path: Path) -> None:
    assert run(["127.0.0.1", "--mc", str(tmp_path / "missing.mc")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_garbage_mc_does_not_crash(capsys, tmp_path: Path) -> None:
    path = tmp_path / "bad.mc"
    path.write_bytes(b"DAEMON_OPTIONS(`Port=\xff\x00, M=\n')dnl\nchangequote([,])\n`'''((((")
    port = closed_port()
    assert run(["127.0.0.1", "--mc", str(path), "--port", str(port), "--timeout", "2"]) in (0, 1, 2)


def test_an_endless_ehlo_reply_is_cut_off(capsys, seed_mc) -> None:
    # smtplib alone collects `250-` lines without end: memory grows until the
    # process dies. The probe stops at its reply limit and says why.
    from mcparse.probe.smtp import MAX_REPLY_LINES

    with FakeSMTP(Policy(ehlo_flood=True)) as server:
        started = time.monotonic()
        status = run(["127.0.0.1", "--mc", str(seed_mc), "--port", f"{server.port}=25", "--timeout", "3"])
        elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert status == 2
    assert f"more than {MAX_REPLY_LINES} lines" in err
    assert elapsed < 3


def test_a_trickling_server_is_cut_off_at_the_deadline(capsys, seed_mc) -> None:
    # One byte every 0.2 s: no read ever waits the 1 s timeout, the greeting
    # never ends. Without the overall deadline this ran for hours.
    with FakeSMTP(Policy(trickle_every=0.2)) as server:
        started = time.monotonic()
        status = run([
            "127.0.0.1", "--mc", str(seed_mc), "--port", f"{server.port}=25", "--port", f"{server.port}=587",
            "--timeout", "1", "--deadline", "1.5",
        ])
        elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert status == 2
    assert "overall deadline passed during this port" in err
    assert "overall deadline had passed" in err  # the second port is not even tried
    assert elapsed < 4
    assert server.bytes_sent >= 3


def test_the_default_deadline_is_ten_timeouts(capsys, seed_mc) -> None:
    with FakeSMTP(Policy(trickle_every=0.1)) as server:
        started = time.monotonic()
        status = run(["127.0.0.1", "--mc", str(seed_mc), "--port", f"{server.port}=25", "--timeout", "0.2"])
        elapsed = time.monotonic() - started
    assert status == 2 and "deadline" in capsys.readouterr().err
    assert 1.5 < elapsed < 4


@pytest.mark.parametrize("deadline", ["0", "-1", "4000"])
def test_bad_deadlines(capsys, deadline: str) -> None:
    assert run(["127.0.0.1", "--port", "25", "--deadline", deadline]) == 2
    assert "--deadline" in capsys.readouterr().err


def test_a_name_that_does_not_resolve_exits_2(capsys, seed_mc) -> None:
    # RFC 2606: .invalid never resolves. One clear line, exit 2, no table of
    # "not listening" rows (a .mc predicting a stopped sendmail would have
    # counted those as kept promises and printed "0 mismatches").
    status = run(["mail.mcparse-probe-test.invalid", "--mc", str(seed_mc), "--timeout", "3"])
    captured = capsys.readouterr()
    assert status == 2
    assert "mail.mcparse-probe-test.invalid: cannot resolve the name" in captured.err
    assert "mismatches" not in captured.out


def test_an_address_or_localhost_resolves() -> None:
    from mcparse.probe.command import resolution_problem

    assert resolution_problem("127.0.0.1", 3) is None
    assert resolution_problem("localhost", 3) is None
