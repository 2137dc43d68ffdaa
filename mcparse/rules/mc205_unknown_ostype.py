"""MC205 unknown-ostype: OSTYPE() names a file sendmail-cf does not ship."""

from __future__ import annotations

from ._correctness import UnknownCfFile


class UnknownOstype(UnknownCfFile):
    code = "MC205"
    name = "unknown-ostype"
    category = "correctness"
    severity = "error"
    summary = "OSTYPE() names an operating system sendmail-cf has no file for."
    explanation = (
        "OSTYPE(`x') includes ostype/x.m4, which sets the paths and mailer flags of one "
        "operating system (where the local delivery program lives, the alias file, ...). "
        "sendmail-cf names these files after the system family, not the distribution: "
        "Ubuntu and most Linux distributions use `linux' (Debian's package adds `debian'). "
        "With an unknown name m4 cannot open the file and exits with a failure status, and "
        "sendmail.cf is built with generic defaults that rarely match the system "
        "(cf.README: OSTYPE)."
    )
    bad = "OSTYPE(`ubuntu')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    good = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    fix_safety = "unsafe"
    macro = "OSTYPE"
    folder = "ostype"

    def known(self) -> dict[str, object]:
        from ..vocabulary import load_vocabulary

        return dict(load_vocabulary().ostypes)
