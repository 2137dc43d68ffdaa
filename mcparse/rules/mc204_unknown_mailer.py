"""MC204 unknown-mailer: MAILER() names a file sendmail-cf does not ship."""

from __future__ import annotations

from typing import Optional

from ._correctness import UnknownCfFile


class UnknownMailer(UnknownCfFile):
    code = "MC204"
    name = "unknown-mailer"
    category = "correctness"
    severity = "error"
    summary = "MAILER() names a mailer file sendmail-cf does not have."
    explanation = (
        "MAILER(`x') includes mailer/x.m4, which defines one or more delivery agents. The "
        "argument is the file's name, not the name of an agent: `esmtp', `relay' and `smtp8' "
        "are agents defined by MAILER(`smtp'), and `prog' comes with MAILER(`local'). With a "
        "name that has no file, m4 cannot open it and exits with a failure status, and the "
        "mailers you expected are missing from sendmail.cf (cf.README: MAILERS). A site's own "
        "mailer file is reported too unless mcparse reads the cf directory it lives in; for "
        "names shorter than four letters (or more than one edit away) no other mailer is "
        "suggested, since a short local name such as `ffx' is not a typo of `fax'."
    )
    bad = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`esmtp')dnl\n"
    good = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    fix_safety = "unsafe"
    macro = "MAILER"
    folder = "mailer"
    # Mailer files are short names, and sites add their own (fidogate's `ftn'
    # and `ffx', corpus 049 and 053). One changed letter in a three-letter
    # name leaves only two of three letters: that is another name, not a
    # typo. A did-you-mean needs four letters or more, one edit away, so at
    # least three quarters of the name stays (`smpt' -> `smtp').
    min_typo_length = 4

    def known(self) -> dict[str, object]:
        from ..vocabulary import load_vocabulary

        return dict(load_vocabulary().mailers)

    def extra_hint(self, name: str) -> Optional[str]:
        from ..vocabulary import load_vocabulary

        # `esmtp' is a delivery agent, not a file: name the file that defines it.
        return load_vocabulary().mailer_file_for(name)
