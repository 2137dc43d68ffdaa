"""MC219 input-filters-comma: a per-daemon milter list separated by commas loses all but the first."""

from __future__ import annotations

from typing import Iterator, Optional

from ._correctness import field_span, field_texts, port_options
from .base import Context, Finding, Rule


class InputFiltersComma(Rule):
    code = "MC219"
    name = "input-filters-comma"
    category = "correctness"
    severity = "error"
    summary = "InputMailFilters= in DAEMON_OPTIONS lists milters with commas, which end the field."
    explanation = (
        "Inside DAEMON_OPTIONS the commas separate fields, so a per-daemon milter list must use "
        "semicolons: `InputMailFilters=clamav;opendkim'. Written with commas, sendmail keeps "
        "only the first name; each later name is a field without `=', which it skips without "
        "a message, so those milters never see mail on this daemon (DaemonPortOptions in the "
        "Installation and Operation Guide; cf.README: ADDING NEW MAIL FILTERS). The global "
        "confINPUT_MAIL_FILTERS is different: there commas are right. The fix joins the "
        "names with semicolons; it is unsafe because the daemon then really uses milters it "
        "skipped before, which fail mail if they are not running."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "INPUT_MAIL_FILTER(`clamav', `S=local:/run/clamav/clamav-milter.ctl')dnl\n"
        "INPUT_MAIL_FILTER(`opendkim', `S=inet:8891@127.0.0.1')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A, InputMailFilters=clamav, opendkim')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "INPUT_MAIL_FILTER(`clamav', `S=local:/run/clamav/clamav-milter.ctl')dnl\n"
        "INPUT_MAIL_FILTER(`opendkim', `S=inet:8891@127.0.0.1')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A, InputMailFilters=clamav;opendkim')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        for options in port_options(context):
            fields = list(field_texts(context, options))
            for position, (field, located) in enumerate(fields):
                if field.key != "InputMailFilters":
                    continue
                dropped: list[tuple[str, Optional[tuple[int, int]]]] = []
                for later, where in fields[position + 1 :]:
                    if "=" in later.written:
                        break
                    dropped.append((later.written.strip(), where))
                if not dropped:
                    continue
                names = ", ".join(f"`{name}'" for name, _ in dropped)
                fix = None
                if located is not None and all(where is not None for _, where in dropped):
                    edits = []
                    previous_end = located[1]
                    for _, where in dropped:
                        assert where is not None
                        edits.append(self.edit(previous_end, where[0], ";"))
                        previous_end = where[1]
                    fix = self.fix("Separate the milter names with semicolons", *edits)
                yield self.finding(
                    field_span(context, options, located),
                    f"Only `{field.value.strip()}' is used as a milter on this daemon: the comma ends the "
                    f"InputMailFilters field and sendmail skips {names}; separate the names with semicolons "
                    f"(`InputMailFilters={';'.join([field.value.strip()] + [n for n, _ in dropped])}').",
                    fix,
                )
