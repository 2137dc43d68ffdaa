"""Fixtures for the mc-check tests: run it in-process and capture what it prints."""

from __future__ import annotations

import pytest
from cli_support import Outcome

@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Run ``main(args)`` in this process and capture what it prints."""
    from mcparse.cli import cache, runner
    from mcparse.cli.main import main

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    # Each test starts with an empty findings cache of its own.
    monkeypatch.setenv("MC_CHECK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))

    def run(*args: str) -> Outcome:
        runner._settings_cache.clear()
        cache._settings_fingerprint.cache_clear()
        try:
            status = main(list(args))
        except SystemExit as exit_:  # argparse's own exits (--help, usage errors)
            status = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Outcome(status, captured.out, captured.err)

    return run
