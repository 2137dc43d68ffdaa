"""MC206 unknown-domain: DOMAIN() names a file sendmail-cf does not ship."""

from __future__ import annotations

from ._correctness import UnknownCfFile


class UnknownDomain(UnknownCfFile):
    code = "MC206"
    name = "unknown-domain"
    category = "correctness"
    severity = "warning"
    summary = "DOMAIN() names a domain file sendmail-cf does not ship."
    explanation = (
        "DOMAIN(`x') includes domain/x.m4, a file of settings shared by the hosts of one site. "
        "sendmail-cf ships only a few examples (`generic', Debian's `debian-mta'); sites are "
        "expected to write their own, so an unknown name is often a local file. If it is not "
        "there, m4 cannot open it and exits with a failure status and none of the site "
        "settings reach sendmail.cf (cf.README: DOMAIN). Check the name, or suppress the "
        "finding for a domain file of your own."
    )
    bad = "OSTYPE(`linux')dnl\nDOMAIN(`generc')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    good = "OSTYPE(`linux')dnl\nDOMAIN(`generic')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    fix_safety = "unsafe"
    macro = "DOMAIN"
    folder = "domain"

    def known(self) -> dict[str, object]:
        from ..vocabulary import load_vocabulary

        return dict(load_vocabulary().domains)
