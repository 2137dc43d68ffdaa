"""rules._m4._Cover: the sorted-union test that keeps main_text_lines linear."""

from __future__ import annotations

import random

from mcparse.rules._m4 import _Cover


def test_cover_agrees_with_testing_every_range() -> None:
    chance = random.Random(18)
    for _ in range(500):
        ranges = [(low, low + chance.randint(0, 20)) for low in (chance.randint(0, 200) for _ in range(chance.randint(0, 12)))]
        covered = _Cover(ranges)
        for offset in range(-2, 240):
            assert covered(offset) == any(low <= offset <= high for low, high in ranges), (ranges, offset)
