"""MC503 deprecated-construct: old forms cf.m4 still reads but no longer recommends."""

from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule


class DeprecatedConstruct(Rule):
    code = "MC503"
    name = "deprecated-construct"
    category = "deprecated"
    severity = "warning"
    summary = "The file uses an obsolete form: a compound confMIN_FREE_BLOCKS or an OSTYPE that was renamed."
    explanation = (
        "confMIN_FREE_BLOCKS once took `blocks/size`, the second half being the maximum "
        "message size; cf.m4 now complains that the compound form is obsolete and the size "
        "belongs in confMAX_MESSAGE_SIZE. A few OSTYPE files (bsdi1.0, bsdi2.0) are only "
        "aliases kept for old files and name their replacement. cf.README (tweaking "
        "configuration options; OSTYPE) describes the current forms."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confMIN_FREE_BLOCKS', `100/2000000')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confMIN_FREE_BLOCKS', `100')dnl\n"
        "define(`confMAX_MESSAGE_SIZE', `2000000')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import load_vocabulary

        config = context.config
        blocks = config.conf.get("confMIN_FREE_BLOCKS")
        if blocks is not None and blocks.value is not None and "/" in blocks.value:
            last = next((d for d in reversed(blocks.definitions) if d.value is not None), None)
            if last is not None:
                free, _, size = blocks.value.partition("/")
                yield self.finding(
                    last.site.span,
                    f"The compound form `{blocks.value}` of confMIN_FREE_BLOCKS is obsolete and cf.m4 "
                    f"complains about it; define confMIN_FREE_BLOCKS as `{free.strip()}` and the message "
                    f"size limit with confMAX_MESSAGE_SIZE (`{size.strip()}`).",
                )
        ostype = load_vocabulary().ostypes.get(config.ostype or "")
        if ostype is not None and ostype.deprecated and config.ostype_site is not None:
            yield self.finding(
                config.ostype_site.span,
                f"OSTYPE(`{config.ostype}') is an old name kept for compatibility; use "
                f"OSTYPE(`{ostype.replacement}').",
            )
