"""The live harness itself: port remapping and the reasons it gives for skipping."""

from __future__ import annotations

import pytest
import probe_live
from probe_live import remap_daemons


def test_remap_moves_every_daemon_to_loopback_test_ports() -> None:
    cf = (
        "O DaemonPortOptions=Name=MTA\n"
        "O DaemonPortOptions=Port=587, Name=MSA, M=E\n"
        "O DaemonPortOptions=Port=smtp, Addr=192.0.2.1, Name=MTA2, M=A\n"
        "O DaemonPortOptions=port=465, Name=TLSMSA, M=s\n"
        "O PrivacyOptions=authwarnings\n"
    )
    assert remap_daemons(cf).splitlines() == [
        "O DaemonPortOptions=Port=2525, Addr=127.0.0.1, Name=MTA",
        "O DaemonPortOptions=Port=2587, Addr=127.0.0.1, Name=MSA, M=E",
        "O DaemonPortOptions=Port=2525, Addr=127.0.0.1, Name=MTA2, M=A",
        "O DaemonPortOptions=Port=465, Addr=127.0.0.1, Name=TLSMSA, M=s",
        "O PrivacyOptions=authwarnings",
    ]


def test_not_root_is_a_clear_skip_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(probe_live.sys, "platform", "linux")
    monkeypatch.setattr(probe_live.os, "geteuid", lambda: 1000)
    assert "root" in (probe_live.why_not_live() or "")


def test_missing_unshare_is_a_clear_skip_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(probe_live.sys, "platform", "linux")
    monkeypatch.setattr(probe_live.os, "geteuid", lambda: 0)
    real_which = probe_live.shutil.which
    monkeypatch.setattr(probe_live.shutil, "which", lambda name: None if name == "unshare" else real_which(name))
    assert "unshare" in (probe_live.why_not_live() or "")
