"""MC208 unknown-daemon-option-key: a DAEMON_OPTIONS/CLIENT_OPTIONS field sendmail rejects or skips."""

from __future__ import annotations

from typing import Iterator, Optional

from ._correctness import did_you_mean, field_span, field_texts, macro_of, port_options
from .base import Context, Finding, Rule


class UnknownDaemonOptionKey(Rule):
    code = "MC208"
    name = "unknown-daemon-option-key"
    category = "correctness"
    severity = "error"
    summary = "A DAEMON_OPTIONS or CLIENT_OPTIONS field whose key sendmail does not recognise, or that has no key."
    explanation = (
        "sendmail reads a PortOptions value field by field, at the commas, and decides what "
        "each field sets from the first letter of its key alone, case-sensitively. A key whose "
        "first letter means nothing (`QueueLA=', `Children=', `Xyz=') makes sendmail complain "
        "`PortOptions parameter ... unknown' when it reads sendmail.cf and the setting is lost; "
        "m4 never notices. A field without `=' is skipped without a word, which is what "
        "happens to `a' in `M=E, a': the letters after the comma are not modifiers any more "
        "(cf.README: DAEMON_OPTIONS under TWEAKING CONFIGURATION OPTIONS; the keys are listed "
        "with DaemonPortOptions in sendmail's Installation and Operation Guide). Fields after "
        "InputMailFilters are left to input-filters-comma."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A, QueueLA=8')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A, queueLA=8')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import daemon_key_for, load_vocabulary, suggest

        names = list(load_vocabulary().daemon_keys)
        for options in port_options(context):
            macro = macro_of(options)
            previous: Optional[str] = None  # the key the last keyed field set
            for field, located in field_texts(context, options):
                written = field.written.strip()
                if "=" not in field.written:
                    if previous == "InputMailFilters":
                        continue  # a milter list split at a comma: MC219
                    if previous == "Modifier":
                        advice = f"the letters `{written}' are not modifiers; write them inside M= (no comma)"
                    else:
                        advice = "give it a key (`Key=value') or remove it"
                    yield self.finding(
                        field_span(context, options, located),
                        f"sendmail skips `{written}' in this {macro}: a field without `=' sets nothing; {advice}.",
                    )
                    continue
                key = daemon_key_for(field.written_key)
                if key is not None:
                    previous = key.name
                    continue
                previous = None
                exact = [name for name in names if name.lower() == field.written_key.lower()]
                candidates = exact or suggest(field.written_key, names)
                first = field.written_key[:1]
                yield self.finding(
                    field_span(context, options, located),
                    f"sendmail does not know the key `{field.written_key}' (it reads only the first letter, "
                    f"and `{first}' means nothing): it reports `PortOptions parameter \"{written}\" unknown' "
                    f"and ignores the setting{did_you_mean(candidates)}",
                )
