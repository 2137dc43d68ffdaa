"""MC202 unknown-feature: FEATURE() names a file sendmail-cf does not ship."""

from __future__ import annotations

from ._correctness import UnknownCfFile


class UnknownFeature(UnknownCfFile):
    code = "MC202"
    name = "unknown-feature"
    category = "correctness"
    severity = "error"
    summary = "FEATURE() names a feature sendmail-cf does not have."
    explanation = (
        "cf.m4 implements FEATURE(`x') by including the file feature/x.m4 from the sendmail-cf "
        "directory. When no such file exists (a typo such as `no_default_msaa', or a feature "
        "from another sendmail version), m4 reports that it cannot open the file and exits "
        "with a failure status; the feature is simply missing from sendmail.cf, and build "
        "scripts that check m4's status stop there (cf.README: FEATURES). The message suggests "
        "the closest known feature names. A feature file you added to your own cf directory is "
        "unknown to mcparse: suppress the finding for that line."
    )
    bad = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msaa')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    good = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    fix_safety = "unsafe"
    macro = "FEATURE"
    folder = "feature"

    def known(self) -> dict[str, object]:
        from ..vocabulary import load_vocabulary

        return dict(load_vocabulary().features)
