"""Makes tests/ and tests/syntax importable (shared inputs, tree checker, m4 oracle)."""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = Path(__file__).resolve().parents[1]
for folder in (_TESTS, _TESTS / "syntax", _TESTS / "cli", _TESTS / "hardening"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
