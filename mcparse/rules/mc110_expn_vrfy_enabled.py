"""MC110 expn-vrfy-enabled: PrivacyOptions leave EXPN or VRFY answering."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._security import (
    append_to_define,
    flag_union,
    option_lines,
    reachable_from_network,
    report_span,
)
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix

WHAT_LEAKS = {
    "noexpn": "EXPN lists the members of any alias or mailing list and where they forward to",
    "novrfy": "VRFY confirms which user names exist",
}


class ExpnVrfyEnabled(Rule):
    code = "MC110"
    name = "expn-vrfy-enabled"
    category = "security"
    # cf.m4's defaults leave both open, so every plain public config gets this.
    severity = "info"
    summary = "PrivacyOptions contain neither `goaway` nor both `noexpn` and `novrfy`, so EXPN or VRFY answer anyone."
    explanation = (
        "EXPN shows what an alias or mailing list expands to, and VRFY tells whether a user "
        "exists; both hand address harvesters and password guessers a list of valid accounts. "
        "RFC 5321 lets a server refuse them. sendmail does so with the PrivacyOptions flags "
        "`noexpn` and `novrfy`, or `goaway`, which sets both and more. cf.m4's default is only "
        "`authwarnings`. sendmail reads flag names without regard to case and adds up the "
        "flags of every PrivacyOptions line in sendmail.cf, so a line in LOCAL_CONFIG counts "
        "too. Security checklists such as the DISA STIG for sendmail expect EXPN and VRFY off "
        "(cf.README: confPRIVACY_FLAGS; the PrivacyOptions option in the Installation and "
        "Operation Guide). Hosts whose daemons all listen on loopback are not reported. It is "
        "information rather than a warning because cf.m4's own defaults leave both commands "
        "open, so every unhardened public configuration gets it."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confPRIVACY_FLAGS', `authwarnings,noexpn')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confPRIVACY_FLAGS', `authwarnings,noexpn,novrfy')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        if not reachable_from_network(context):
            return  # no other machine can send EXPN or VRFY
        lines = option_lines(config, "PrivacyOptions", "confPRIVACY_FLAGS")
        flags = flag_union(lines)
        if "goaway" in flags:
            return
        missing = [flag for flag in ("noexpn", "novrfy") if flag not in flags]
        if not missing:
            return
        leaks = "; ".join(WHAT_LEAKS[flag] for flag in missing)
        commands = " and ".join(flag[2:].upper() for flag in missing)
        yield self.finding(
            report_span(context, "confPRIVACY_FLAGS"),
            f"sendmail will answer {commands} for anyone who connects: {leaks}; add "
            f"`{','.join(missing)}` (or `goaway`) to confPRIVACY_FLAGS.",
            self._fix(context, missing),
        )

    def _fix(self, context: Context, missing: list[str]) -> "Optional[Fix]":
        edit = append_to_define(context, "confPRIVACY_FLAGS", ",".join(missing))
        if edit is None:
            return None
        return self.fix(f"Add `{','.join(missing)}` to confPRIVACY_FLAGS", edit)
