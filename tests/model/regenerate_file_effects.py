"""Regenerate mcparse/model/file_effects.json from the installed sendmail-cf.

What a FEATURE, DOMAIN or HACK file does to sendmail.cf's option lines is a
fact of sendmail-cf, measured here with real m4: compile a minimal .mc with
and without the file and keep the options whose lines differ. The model
applies these at the point of the call, so a later define in the .mc still
wins, as it does in m4. Run by hand after a sendmail-cf upgrade:

    python tests/model/regenerate_file_effects.py [--check]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

CF = Path("/usr/share/sendmail/cf")
TARGET = Path(__file__).resolve().parents[2] / "mcparse" / "model" / "file_effects.json"
HEAD = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
# Daemon lines depend on the rest of the file; the model handles them itself.
SKIP = {"DaemonPortOptions", "ClientPortOptions"}


def options(body: str, tail: str = TAIL) -> tuple[dict[str, str], bool]:
    with tempfile.NamedTemporaryFile("w", suffix=".mc", delete=False) as handle:
        handle.write(HEAD + body + tail)
    result = subprocess.run(["m4", handle.name], capture_output=True, text=True, timeout=60)
    Path(handle.name).unlink()
    found: dict[str, str] = {}
    for line in result.stdout.splitlines():
        if line.startswith("O ") and "=" in line:
            name, _, value = line[2:].partition("=")
            found[name] = value
    return found, "ERROR" not in result.stderr


def measure() -> dict[str, dict[str, str | None]]:
    base, _ = options("")
    effects: dict[str, dict[str, str | None]] = {}
    for kind, macro in (("feature", "FEATURE"), ("domain", "DOMAIN"), ("hack", "HACK")):
        for path in sorted((CF / kind).glob("*.m4")):
            name = path.stem
            with_file, ok = options(f"{macro}(`{name}')dnl\n")
            if not ok:
                # FEATURE(msp) brings its own MAILERs; measure it without ours.
                with_file, ok = options(f"{macro}(`{name}')dnl\n", tail="")
                if not ok:
                    continue
            changed: dict[str, str | None] = {
                option: value for option, value in with_file.items()
                if option not in SKIP and base.get(option) != value
            }
            # An option the file removes (msp undefines ALIAS_FILE) is null.
            changed.update({option: None for option in base if option not in with_file and option not in SKIP})
            if changed:
                effects[f"{kind}/{name}"] = changed
    return effects


def main() -> int:
    effects = measure()
    text = json.dumps(effects, indent=1, sort_keys=True) + "\n"
    if "--check" in sys.argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date; rerun without --check")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {len(effects)} entries to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
