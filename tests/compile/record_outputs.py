"""Regenerate tests/compile/recorded.json from the real m4 (run after upgrading sendmail-cf).

    python tests/compile/record_outputs.py

The recording lets test_compile_differential.py check mcparse.compile() on a
machine that has sendmail-cf but no m4: each case's sendmail.cf (minus the
three build lines) is compared by sha256, as long as the installed
sendmail-cf files are the ones recorded here.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases  # noqa: E402


def main() -> int:
    if not cases.m4_available():
        print("needs GNU m4 and sendmail-cf", file=sys.stderr)
        return 1
    selected = cases.all_cases()
    data = cases.record(selected)
    with_markers = sum(1 for v in data["cases"].values() if v["markers"])
    print(
        f"recorded {len(selected)} cases ({with_markers} with *** ERROR/WARNING lines) "
        f"for sendmail-cf {data['sendmail_cf_version']} in {cases.RECORDED}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
