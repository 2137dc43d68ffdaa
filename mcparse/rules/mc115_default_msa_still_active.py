"""MC115 default-msa-still-active: cf.m4's MSA listens everywhere beside address-bound daemons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._daemons import top_level_line_start
from ._security import is_wildcard_address
from ._scope import daemons
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix

NO_DEFAULT_MSA_LINE = "FEATURE(`no_default_msa')dnl\n"


class DefaultMsaStillActive(Rule):
    code = "MC115"
    name = "default-msa-still-active"
    category = "security"
    severity = "warning"
    summary = "The file binds its daemons to chosen addresses, but cf.m4 still adds an MSA on port 587 that listens on every interface."
    explanation = (
        "Declaring DAEMON_OPTIONS replaces cf.m4's default port-25 daemon, but not its default "
        "submission daemon: unless FEATURE(`no_default_msa') is used, cf.m4 appends "
        "`Port=587, Name=MSA, M=E` with no address (cf.README: tweaking configuration "
        "options, DAEMON_OPTIONS; features, no_default_msa). A file whose own daemons listen "
        "only on chosen addresses, typically 127.0.0.1 for a host that should not receive mail "
        "from the network, still ends up with port 587 open on every interface, and that MSA "
        "takes mail without AUTH (RFC 6409 expects submission to be authenticated). Add "
        "FEATURE(`no_default_msa') if 587 should stay closed, or declare the MSA yourself with "
        "the address and `M=Ea` you want. Files with a daemon on every interface are left to "
        "msa-without-auth, which already reports the default MSA."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=MTA')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=MTA')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        every = daemons(context)
        if not any(d.implied and d.is_submission for d in every):
            return
        own = [d for d in every if not d.implied and d.site is not None]
        if not own or any(d.is_submission for d in own):
            return  # no own daemons, or default-msa-not-disabled's case
        if any(is_wildcard_address(d) for d in own):
            return
        first = min(own, key=lambda daemon: daemon.site.span.start)  # type: ignore[union-attr]
        assert first.site is not None
        addresses = ", ".join(dict.fromkeys(d.addr or "" for d in own))
        yield self.finding(
            first.site.span,
            f"This file's daemons listen only on {addresses}, but cf.m4 will still add its MSA on "
            "port 587 on every interface, accepting mail without AUTH; add "
            "FEATURE(`no_default_msa') if 587 should stay closed, or declare the MSA with "
            "`Addr=` and `M=Ea`.",
            self._fix(context, first.site.span.start),
        )

    def _fix(self, context: Context, offset: int) -> "Optional[Fix]":
        start = top_level_line_start(context, offset)
        if start is None:
            return None
        return self.fix(
            "Add FEATURE(`no_default_msa'): cf.m4 no longer opens port 587",
            self.edit(start, start, NO_DEFAULT_MSA_LINE),
        )
