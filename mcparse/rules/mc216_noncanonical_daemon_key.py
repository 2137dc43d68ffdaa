"""MC216 noncanonical-daemon-key: a DAEMON_OPTIONS key sendmail reads by its first letter only."""

from __future__ import annotations

from typing import Iterator

from ._correctness import field_span, field_texts, port_options
from .base import Context, Finding, Rule


# Spellings sendmail's own material uses: cf.m4 writes `Address=' in its
# sample ClientPortOptions line, cf.README writes `DaemonPortOptions=Modifiers=C'
# (FEATURE nocanonify), and the sendmail book calls the field `Modify='.
ACCEPTED = ("Address", "Modifiers", "Modify")


class NoncanonicalDaemonKey(Rule):
    code = "MC216"
    name = "noncanonical-daemon-key"
    category = "correctness"
    severity = "warning"
    summary = "A DAEMON_OPTIONS or CLIENT_OPTIONS key not spelled as documented, which sendmail reads by its first letter."
    explanation = (
        "sendmail looks only at the first letter of a PortOptions key, case-sensitively. Most "
        "misspellings therefore still work by luck (`Prot=', `Adress='), but some "
        "land on a different setting: `RefuseLA=' starts with a capital R and silently sets "
        "the socket's receive buffer size (RcvBufSize) instead of the load average at which "
        "connections are refused, and `DelayLA=' or `Deliverymode=' are read the wrong way "
        "round. The documented spellings are Addr (or Address), Port, Name, Family, Modifier (or M, "
        "or Modifiers as cf.README writes it), "
        "InputMailFilters, Listen, SndBufSize, RcvBufSize, children, DeliveryMode, refuseLA, "
        "delayLA and queueLA (DaemonPortOptions in sendmail's Installation and Operation "
        "Guide; cf.README: DAEMON_OPTIONS). Where the spelling means what sendmail reads, the "
        "fix only renames the key."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A, RefuseLA=20')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A, refuseLA=20')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    # Unsafe: the key's spelling changes in sendmail.cf; sendmail built with _FFR_DPO_CS reads the two
    # spellings differently.
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import daemon_key_for, load_vocabulary, suggest

        names = list(load_vocabulary().daemon_keys)
        for options in port_options(context):
            for field, located in field_texts(context, options):
                written = field.written_key
                if "=" not in field.written or len(written) <= 1 or written in names or written in ACCEPTED:
                    continue
                read = daemon_key_for(written)
                if read is None:
                    continue  # unknown keys: MC208
                exact = [name for name in names if name.lower() == written.lower()]
                meant = (exact or suggest(written, names, limit=1) or [read.name])[0]
                span = field_span(context, options, located)
                if meant != read.name:
                    yield self.finding(
                        span,
                        f"sendmail reads `{written}=' as {read.name} (it looks only at the first letter, "
                        f"`{written[0]}'), not as {meant}: the value `{field.value}' sets {read.name} and "
                        f"{meant} keeps its default; write `{meant}='.",
                    )
                    continue
                fix = None
                if located is not None:
                    start = located[0]
                    fix = self.fix(f"Spell the key `{read.name}'", self.edit(start, start + len(written), read.name))
                yield self.finding(
                    span,
                    f"`{written}=' is not a documented key; sendmail reads it as {read.name} only because "
                    f"it starts with `{written[0]}'; write `{read.name}='.",
                    fix,
                )
