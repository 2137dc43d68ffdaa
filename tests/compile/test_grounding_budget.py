"""The compile that grounds a check reads at most GROUNDING_TEXT_BOUND of
expansion text: a pathological file (thousands of DAEMON_OPTIONS, whose list
cf.m4 reads again for each one) keeps the packaged model instead of costing
seconds, and a large but real one stays grounded."""

from __future__ import annotations

import pytest

import mcparse
from mcparse.compiler import compile as compile_mc, find_cf_dir
from mcparse.m4.engine import Budget
from mcparse.model import from_compile

pytestmark = pytest.mark.skipif(find_cf_dir() is None, reason="needs sendmail-cf (apt-get install sendmail-cf)")

HEAD = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"


def daemons(count: int) -> str:
    return HEAD + "".join(f"DAEMON_OPTIONS(`Port={2000 + n}, Name=D{n}, Addr=127.0.0.1')dnl\n" for n in range(count))


def test_compile_takes_a_budget_and_stops_at_its_text_bound() -> None:
    text = daemons(300)  # cf.m4 reads ~2 MB of text for it
    assert compile_mc(text).complete
    stopped = compile_mc(text, budget=Budget(text=1_000_000))
    assert not stopped.complete and "too much text" in (stopped.stopped or "")


def test_a_check_past_the_bound_keeps_the_packaged_model(monkeypatch: pytest.MonkeyPatch) -> None:
    text = daemons(300)
    assert mcparse.resolve(mcparse.parse(text), compile=True).compiled is not None  # grounded
    monkeypatch.setattr(from_compile, "GROUNDING_TEXT_BOUND", 1_000_000)
    from_compile._compiled.cache_clear()
    config = mcparse.resolve(mcparse.parse(text + "dnl not the cached text\n"), compile=True)
    assert config.compiled is None and len(config.daemons) == 301  # packaged, still every daemon (and the MSA)
    from_compile._compiled.cache_clear()


def test_a_thousand_daemons_are_still_grounded() -> None:
    """The near miss: 1,000 DAEMON_OPTIONS read ~21 MB, under the bound."""
    config = mcparse.resolve(mcparse.parse(daemons(1000)), compile=True)
    assert config.compiled is not None and config.compiled.complete
    assert len(config.daemons) == 1001  # and cf.m4's own MSA on 587
