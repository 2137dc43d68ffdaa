"""MC207 unknown-hack: HACK() names a file sendmail-cf does not ship."""

from __future__ import annotations

from ._correctness import UnknownCfFile


class UnknownHack(UnknownCfFile):
    code = "MC207"
    name = "unknown-hack"
    category = "correctness"
    severity = "warning"
    summary = "HACK() names a hack file sendmail-cf does not ship."
    explanation = (
        "HACK(`x') includes hack/x.m4. sendmail-cf ships only a handful (`cssubdomain' and "
        "a few Debian additions); hacks are local patches a site writes for itself, so an unknown name usually means a "
        "file of your own. If the file is not in the cf directory where m4 runs, m4 cannot "
        "open it, exits with a failure status and the hack is silently missing from "
        "sendmail.cf (cf.README: HACKS). Suppress the finding for a hack you maintain."
    )
    bad = "OSTYPE(`linux')dnl\nHACK(`cssubdomian')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    good = "OSTYPE(`linux')dnl\nHACK(`cssubdomain')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    fix_safety = "unsafe"
    macro = "HACK"
    folder = "hack"

    def known(self) -> dict[str, object]:
        from ..vocabulary import load_vocabulary

        return dict(load_vocabulary().hacks)
