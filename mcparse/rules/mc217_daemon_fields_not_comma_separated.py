"""MC217 daemon-fields-not-comma-separated: `Port=587 Name=MSA M=Ea' is one field to sendmail."""

from __future__ import annotations

import re
from typing import Iterator

from ._correctness import field_span, field_texts, field_value_start, macro_of, port_options
from .base import Context, Finding, Rule

# A blank run followed by something shaped like another field: " Name=", " M=".
_GLUED = re.compile(r"[ \t]+(?=[A-Za-z][A-Za-z0-9_]*=)")


class DaemonFieldsNotCommaSeparated(Rule):
    code = "MC217"
    name = "daemon-fields-not-comma-separated"
    category = "correctness"
    severity = "error"
    summary = "DAEMON_OPTIONS or CLIENT_OPTIONS fields separated by blanks instead of commas, so sendmail reads them as one."
    explanation = (
        "Fields of a PortOptions value are separated by commas; blanks do not separate "
        "anything. In `Port=587 Name=MSA M=Ea' sendmail sees a single Port field, reads the "
        "number at its start (587) and ignores the rest without a message: the daemon gets "
        "no name and, worse, no modifiers, so the submission port neither requires AUTH nor "
        "refuses ETRN (cf.README: DAEMON_OPTIONS under TWEAKING CONFIGURATION OPTIONS). The "
        "fix inserts the commas the file obviously meant."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587 Name=MSA M=Ea')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    # Unsafe: the daemon's options change: sendmail read the run-together fields as one value.
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        for options in port_options(context):
            for field, located in field_texts(context, options):
                if "=" not in field.written or field.key is None:
                    continue
                glued = list(_GLUED.finditer(field.value))
                if not glued:
                    continue
                kept = field.value[: glued[0].start()]
                lost = field.value[glued[0].end() :]
                if field.key == "Port" and not kept[:1].isdigit():
                    effect = f"sendmail looks for a service named `{field.value}', which does not exist"
                elif field.key == "Port":
                    effect = f"sendmail takes the port from the leading digits and ignores `{lost}'"
                else:
                    effect = f"{field.key} becomes `{field.value}' and `{lost}' is never read as fields"
                fix = None
                offset = field_value_start(field, located)
                if offset is not None:
                    fix = self.fix(
                        "Separate the fields with commas",
                        *(self.edit(offset + match.start(), offset + match.start(), ",") for match in glued),
                    )
                yield self.finding(
                    field_span(context, options, located),
                    f"In this {macro_of(options)}, `{field.written.strip()}' is one field to sendmail: {effect}; "
                    f"put commas between the fields (`{field.written_key}={kept}, ...').",
                    fix,
                )
