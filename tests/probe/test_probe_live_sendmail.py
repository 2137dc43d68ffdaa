"""The probe against a real sendmail on loopback (see probe_live.py for the set-up).

For the seed and each incomplete step on the way to it, the analyzer's
prediction for every port (from the .mc as an admin writes it, ports 25 and
587) is compared with what the live daemon does on the remapped ports.
These tests skip with the reason where the daemon cannot run.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from probe_cases import SEED_MC, VARIANTS
from probe_live import CLIENT_ADDRESS, PORT_MAP, SERVER_ADDRESS, TEST_PASSWORD, TEST_USER, LiveSendmail, group_members

pytestmark = pytest.mark.usefixtures("need_live")

MTA, MSA = PORT_MAP[25], PORT_MAP[587]


def _probe(server: LiveSendmail, mc: Path, *extra: str, password: "str | None" = TEST_PASSWORD, fmt: str = "json"):
    args = [SERVER_ADDRESS, "--mc", str(mc), "--port", f"{MTA}=25", "--port", f"{MSA}=587",
            "--source-address", CLIENT_ADDRESS, "--timeout", "3", "--output-format", fmt, *extra]
    if password is not None:
        args += ["--user", TEST_USER]
    return server.probe(*args, password=password)


def _write(tmp_path: Path, text: str, name: str = "sendmail.mc") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_seed_reproduces_the_four_observations(tmp_path: Path) -> None:
    mc = _write(tmp_path, SEED_MC)
    with LiveSendmail(SEED_MC, tmp_path / "run") as server:
        run = _probe(server, mc)
        group = server.process.pid
    assert run.exit_status == 0, run.stdout + run.stderr
    mta, msa = run.checks(MTA), run.checks(MSA)
    # 25 without AUTH: relaying refused.
    assert mta["relay-without-auth"]["reply"].startswith("550 5.7.1 ")
    assert "Relaying denied" in mta["relay-without-auth"]["reply"]
    # AUTH on 25: not available.
    assert mta["auth-command"]["reply"] == "503 5.3.3 AUTH not available"
    assert mta["ehlo-auth"]["observed"] == "not offered"
    # 587 without AUTH: MAIL refused.
    assert msa["mail-without-auth"]["reply"] == "530 5.7.0 Authentication required"
    # 587 with AUTH: accepted.
    assert msa["auth-with-credentials"]["reply"].startswith("235 2.0.0")
    assert msa["mail-with-auth"]["observed"] == "accepted"
    assert msa["ehlo-auth-mechanisms"]["observed"] == "LOGIN PLAIN"
    assert msa["etrn-command"]["reply"].startswith("502 5.7.0")
    assert all(row["status"] in ("ok",) for rows in (mta, msa) for row in rows.values())
    assert group_members(group) == [], "sendmail left processes behind"


@pytest.mark.parametrize("variant", ["no-A-on-25", "no-a-on-587", "no-E-on-587"])
def test_prediction_matches_the_live_server(tmp_path: Path, variant: str) -> None:
    text = VARIANTS[variant]
    mc = _write(tmp_path, text)
    seed = _write(tmp_path, SEED_MC, "seed.mc")
    with LiveSendmail(text, tmp_path / "run") as server:
        own = _probe(server, mc)
        # The same server checked against the finished seed: the step it lacks shows up.
        against_seed = _probe(server, seed)
    assert own.exit_status == 0, own.stdout + own.stderr
    assert own.report["mismatches"] == 0
    assert against_seed.exit_status == 1
    mismatched = {
        (entry["port"], row["check"])
        for entry in against_seed.report["ports"]
        for row in entry["checks"]
        if row["status"] == "MISMATCH"
    }
    expected = {
        "no-A-on-25": {(MTA, "ehlo-auth"), (MTA, "auth-command")},
        "no-a-on-587": {(MSA, "mail-without-auth")},
        "no-E-on-587": {(MSA, "ehlo-etrn"), (MSA, "etrn-command")},
    }[variant]
    assert expected <= mismatched, against_seed.stdout


def test_no_a_on_587_takes_mail_but_still_refuses_relaying(tmp_path: Path) -> None:
    text = VARIANTS["no-a-on-587"]
    with LiveSendmail(text, tmp_path / "run") as server:
        run = _probe(server, _write(tmp_path, text))
    msa = run.checks(MSA)
    assert msa["mail-without-auth"]["reply"].startswith("250 2.1.0")
    assert msa["relay-without-auth"]["reply"].startswith("550 5.7.1")


def test_duplicate_msa_takes_the_whole_daemon_down(tmp_path: Path) -> None:
    text = VARIANTS["no-no_default_msa"]
    with LiveSendmail(text, tmp_path / "run") as server:
        run = _probe(server, _write(tmp_path, text), "--timeout", "1.5")
        # sendmail reports the clash on its own once it retries the socket.
        deadline = time.monotonic() + 5
        while "Address already in use" not in server.log() and time.monotonic() < deadline:
            time.sleep(0.1)
        log = server.log()
    assert "daemon MSA: cannot listen: Address already in use" in log
    for port in (MTA, MSA):
        listener = run.checks(port)["listener"]
        assert listener["promised"] == "sendmail stops"
        assert listener["observed"] in ("no greeting", "not listening")
        assert listener["status"] == "ok" and listener["broken"] is True
    assert run.exit_status == 1
    assert run.report["broken_mc"] is True


def test_text_output_against_the_live_seed(tmp_path: Path) -> None:
    with LiveSendmail(SEED_MC, tmp_path / "run") as server:
        run = _probe(server, _write(tmp_path, SEED_MC), fmt="text")
    assert run.exit_status == 0
    assert f"port {MTA} (the .mc's port 25) - daemon MTA, M=A - probed from {CLIENT_ADDRESS}" in run.stdout
    assert "server said: 503 5.3.3 AUTH not available" in run.stdout
    assert "server said: 530 5.7.0 Authentication required" in run.stdout
    assert run.stdout.rstrip().endswith("0 mismatches")


def test_wrong_password_is_refused_by_the_live_server(tmp_path: Path) -> None:
    with LiveSendmail(SEED_MC, tmp_path / "run") as server:
        run = _probe(server, _write(tmp_path, SEED_MC), password="not-the-password")
    assert run.exit_status == 1
    row = run.checks(MSA)["auth-with-credentials"]
    assert row["status"] == "MISMATCH" and row["reply"].startswith("535")


def test_stopped_daemon_leaves_nothing_and_refuses(tmp_path: Path) -> None:
    server = LiveSendmail(SEED_MC, tmp_path / "run").start()
    group = server.process.pid
    server.stop()
    assert group_members(group) == []
