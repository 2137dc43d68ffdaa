"""MC209 unknown-modifier: an M= letter sendmail does not use for a daemon or client."""

from __future__ import annotations

from typing import Iterator, Optional

from ._correctness import field_span, field_texts, port_options
from .base import Context, Finding, Rule


class UnknownModifier(Rule):
    code = "MC209"
    name = "unknown-modifier"
    category = "correctness"
    severity = "warning"
    summary = "A modifier letter in M= that sendmail does not use for this kind of line."
    explanation = (
        "The M= field of DAEMON_OPTIONS and CLIENT_OPTIONS is a string of single letters, and "
        "sendmail accepts any letter without complaint. A letter it does not know does "
        "nothing, so a typo such as `M=e' (meant: `E', refuse ETRN) or `M=Ae' silently leaves "
        "the protection off. Daemon letters: a b c f h r s u A C E O S; client letters: h A S "
        "(plus D and M in 8.17). Daemon-only letters in CLIENT_OPTIONS have no effect on "
        "outgoing connections (cf.README: DAEMON_OPTIONS and CLIENT_OPTIONS under TWEAKING "
        "CONFIGURATION OPTIONS; DaemonPortOptions and ClientPortOptions in the Installation "
        "and Operation Guide)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=ea')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        from ..model.config import Daemon
        from ..vocabulary import load_vocabulary

        vocabulary = load_vocabulary()
        for options in port_options(context):
            is_daemon = isinstance(options, Daemon)
            table = vocabulary.daemon_modifiers if is_daemon else vocabulary.client_modifiers
            usable = {letter for letter, m in table.items() if (m.daemon if is_daemon else m.client)}
            daemon_only = {letter for letter, m in vocabulary.daemon_modifiers.items() if m.daemon}
            unknown = [letter for letter in dict.fromkeys(options.modifiers) if letter not in usable]
            if not unknown:
                continue
            # sendmail uses the last M= of a line; point at that one.
            located: Optional[tuple[int, int]] = None
            for field, where in field_texts(context, options):
                if field.key == "Modifier":
                    located = where
            letters = ", ".join(f"`{letter}'" for letter in unknown)
            if is_daemon:
                meaning = "sendmail accepts it and does nothing with it"
                hints = [f"`{letter.upper()}'" for letter in unknown if letter.upper() in usable and letter.upper() != letter]
                hints += [f"`{letter.lower()}'" for letter in unknown if letter.lower() in usable and letter.lower() != letter]
                advice = f"; did you mean {' or '.join(hints)}?" if hints else "; remove it or use a letter from the daemon modifier list."
            else:
                meaning = (
                    "it only means something for a listening daemon, so outgoing connections ignore it"
                    if all(letter in daemon_only for letter in unknown)
                    else "sendmail accepts it and does nothing with it"
                )
                advice = "; client modifiers are h, A and S."
            plural = "letters" if len(unknown) > 1 else "letter"
            yield self.finding(
                field_span(context, options, located),
                f"Modifier {plural} {letters} in `M={options.modifiers}': {meaning}{advice}",
            )
