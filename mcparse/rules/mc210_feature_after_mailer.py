"""MC210 feature-after-mailer: cf.m4 stops with "FEATURE() should be before MAILER()"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._correctness import own_lines, quote_name, written_call
from ._top_level import top_level
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..diagnostics import Fix
    from ._top_level import TopLevel
    from ..model.config import Site

# These features include the local and smtp mailers themselves.
MAILER_FEATURES = ("msp", "nullclient")
# Only tested by proto.m4 when it writes the daemon lines at the very end:
# after a MAILER it still suppresses the default MSA, but m4 prints the
# error all the same (verified with m4 1.4.19 and sendmail-cf 8.17.1).
READ_AT_END = ("no_default_msa",)
FEATURE_ONLY = ("FEATURE",)


class FeatureAfterMailer(Rule):
    code = "MC210"
    name = "feature-after-mailer"
    category = "correctness"
    severity = "error"
    summary = "A FEATURE() comes after a MAILER(), which cf.m4 reports as an error."
    explanation = (
        "cf.m4 expects every FEATURE before the first MAILER (cf.README: the order of the "
        "sections in INTRODUCTION AND EXAMPLE). A FEATURE after it makes m4 print `*** ERROR: "
        "FEATURE() should be before MAILER()'; the build goes on, but features that change a "
        "mailer already written (local_procmail, smrsh, local_lmtp, allmasquerade, "
        "always_add_domain, ...) no longer reach it, and scripts that treat m4's error output "
        "as failure stop. FEATURE(`msp') and FEATURE(`nullclient') include the local and smtp "
        "mailers themselves, so features after them count as after a MAILER too. "
        "FEATURE(`no_default_msa') is reported as well: it still takes effect there (cf.m4 "
        "looks at it only when it writes the daemon lines at the end), but m4 prints the same "
        "error, which is enough to fail a build that checks m4's error output. The fix moves "
        "the line above the first MAILER; it is unsafe because it can change the generated "
        "configuration."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
        "FEATURE(`smrsh')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`smrsh')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        features = config.features
        first_mailer_feature = next(
            (i for i, feature in enumerate(features) if feature.name in MAILER_FEATURES), len(features)
        )
        first_mailer = min(config.mailers, key=lambda m: m.site.span.start, default=None)
        # Every move fix targets the first MAILER's line: found once, not per finding.
        mailer = written_call(context, first_mailer.site, ("MAILER",)) if first_mailer else None
        mailer_lines = own_lines(context, mailer) if mailer is not None else None
        table = top_level(context)
        # What a finding names as the MAILER before it is the same for all of them.
        after_mailer = f"MAILER({quote_name(first_mailer.name)})" if first_mailer else "a MAILER()"
        after_feature = (
            f"FEATURE({quote_name(features[first_mailer_feature].name)}) (which includes the mailers)"
            if first_mailer_feature < len(features) else ""
        )
        for position, feature in enumerate(features):
            if not (feature.after_mailer or position > first_mailer_feature):
                continue
            if position > first_mailer_feature and feature.site.span == features[first_mailer_feature].site.span:
                continue  # msp.m4 turns on no_default_msa itself, before its mailers
            before = after_mailer if feature.after_mailer else after_feature
            if feature.name in READ_AT_END:
                effect = (
                    "it still takes effect (cf.m4 reads it only at the end), but the error fails builds "
                    "that check m4's output"
                )
            else:
                effect = "a feature that changes a mailer no longer reaches it"
            fix = None
            if feature.after_mailer and mailer_lines:
                fix = self._move(context, feature.site, mailer_lines, table)
            yield self.finding(
                feature.site.span,
                f"FEATURE({quote_name(feature.name)}) comes after {before}: m4 prints "
                f"`*** ERROR: FEATURE() should be before MAILER()' and {effect}; move the FEATURE "
                "line above the MAILER lines.",
                fix,
            )

    def _move(
        self, context: Context, site: "Site", mailer_lines: "tuple[int, int]", table: "TopLevel"
    ) -> "Optional[Fix]":
        call = written_call(context, site, FEATURE_ONLY)
        lines = own_lines(context, call, table) if call is not None else None
        if lines is None:
            return None
        text = context.text[lines[0] : lines[1]]
        if not text.endswith("\n"):
            return None
        return self.fix(
            "Move the FEATURE above the first MAILER",
            self.edit(mailer_lines[0], mailer_lines[0], text),
            self.edit(lines[0], lines[1], ""),
        )
