"""Fixtures for the probe tests: the live-daemon skip."""

from __future__ import annotations

import pytest

from probe_live import why_not_live


@pytest.fixture(scope="session")
def live_reason() -> "str | None":
    return why_not_live()


@pytest.fixture
def need_live(live_reason: "str | None") -> None:
    if live_reason is not None:
        pytest.skip(f"live sendmail cannot run here: {live_reason}")
