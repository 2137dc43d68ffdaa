"""MC201 default-msa-not-disabled: cf.m4 adds a second MSA beside the file's own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._daemons import top_level_line_start
from ._scope import daemons
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix

NO_DEFAULT_MSA_LINE = "FEATURE(`no_default_msa')dnl\n"


class DefaultMsaNotDisabled(Rule):
    code = "MC201"
    name = "default-msa-not-disabled"
    category = "correctness"
    severity = "error"
    summary = "The file declares its own submission daemon but not FEATURE(`no_default_msa'), so cf.m4 adds a second one."
    explanation = (
        "Unless FEATURE(`no_default_msa') is used, cf.m4 always appends its own submission "
        "daemon (`Port=587, Name=MSA, M=E`), whatever DAEMON_OPTIONS the file declares. A file "
        "with its own daemon on port 587 (or named MSA) then gets two listeners on the same "
        "port: when sendmail starts, the second cannot listen, sendmail retries for about "
        "fifty seconds and exits, and port 25 goes down with it. Even when the ports differ, "
        "the extra MSA is one nobody asked for (cf.README: features, no_default_msa; tweaking "
        "configuration options, DAEMON_OPTIONS; RFC 6409 for the submission port)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    # Unsafe: adding no_default_msa removes cf.m4's own MSA daemon line from sendmail.cf.
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        every = daemons(context)
        default_msa = next((d for d in every if d.implied and d.is_submission), None)
        own = [d for d in every if not d.implied and d.is_submission and d.site is not None]
        if default_msa is None or not own:
            return
        first = min(own, key=lambda daemon: daemon.site.span.start)  # type: ignore[union-attr]
        assert first.site is not None
        clash = any(d.port_number == 587 for d in own)
        consequence = (
            "both listen on port 587, so sendmail cannot open the second, retries and exits, taking "
            "port 25 down with it"
            if clash
            else "sendmail runs an extra MSA on port 587 that nobody configured"
        )
        yield self.finding(
            first.site.span,
            "cf.m4 will add its own MSA (`Port=587, Name=MSA, M=E`) beside this one: "
            f"{consequence}; add FEATURE(`no_default_msa') before the DAEMON_OPTIONS lines.",
            self._fix(context),
        )

    def _fix(self, context: Context) -> "Optional[Fix]":
        starts = [
            d.site.span.start for d in daemons(context) if not d.implied and d.site is not None
        ]
        if not starts:
            return None
        offset = top_level_line_start(context, min(starts))
        if offset is None:
            return None
        return self.fix(
            "Add FEATURE(`no_default_msa'): cf.m4 no longer adds its own MSA",
            self.edit(offset, offset, NO_DEFAULT_MSA_LINE),
        )
