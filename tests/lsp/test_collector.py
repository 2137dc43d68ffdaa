"""The server's collector: analysed trees are frozen, and everything is collected again later."""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest

from mcparse_lsp import collector as collector_module
from mcparse_lsp.collector import Collector
from mcparse_lsp.documents import DocumentStore


@pytest.fixture(autouse=True)
def _unfreeze_afterwards():
    yield
    gc.unfreeze()


def test_a_parsed_and_checked_version_is_frozen() -> None:
    collector = Collector()
    store = DocumentStore(collector.settle)
    gc.unfreeze()
    state = store.get("file:///tmp/sendmail.mc", 1, "FEATURE(`no_default_msa')dnl\nMAILER(`smtp')dnl\n")
    state.parsed()
    assert collector.freezes == 1
    assert gc.get_freeze_count() > 0, "the tree must leave the collector's generations"
    state.model()
    assert collector.freezes == 2


def test_cyclic_garbage_from_frozen_objects_is_reclaimed_by_collect() -> None:
    class Cycle:
        pass

    collector = Collector()
    gc.unfreeze()
    cycle = Cycle()
    cycle.me = cycle  # type: ignore[attr-defined]
    gc.collect()
    alive = weakref.ref(cycle)
    collector.settle()
    del cycle
    gc.collect()
    assert alive() is not None, "frozen: an ordinary collection does not see it"
    collector.collect()
    assert gc.get_freeze_count() == 0
    assert alive() is None


def test_an_endless_stream_of_edits_still_collects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector_module, "FREEZES_PER_COLLECTION", 3)
    collected: list[int] = []

    async def edits() -> None:
        collector = Collector()
        monkeypatch.setattr(collector, "collect", lambda: collected.append(collector.freezes))
        for _ in range(3):
            collector.settle()
            collector.analysed()
        assert collected == [3]

    asyncio.run(edits())


def test_idle_time_collects_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector_module, "IDLE_SECONDS", 0.01)

    async def pause() -> None:
        collector = Collector()
        collector.settle()
        collector.analysed()
        assert gc.get_freeze_count() > 0
        await asyncio.sleep(0.05)
        assert gc.get_freeze_count() == 0
        assert collector.freezes == 0

    asyncio.run(pause())
