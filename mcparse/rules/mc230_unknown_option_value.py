"""MC230 unknown-option-value: a flag, letter, mode or family sendmail does not recognise."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, Optional

from ._correctness import (
    PortOptions,
    close_names,
    did_you_mean,
    field_texts,
    field_value_start,
    macro_of,
    options_span,
    port_options,
    quote_name,
    templated,
    value_offset,
)
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..model.config import DaemonField
    from ..source import Span
    from ..vocabulary.models import OptionValues

# PrivacyOptions and DontBlameSendmail: sendmail skips blanks and punctuation,
# then takes a run of letters and digits as one name.
_WORD = re.compile(r"[A-Za-z0-9]+")
# AuthOptions and TLSSrvOptions: items between commas and blanks (as MC221 splits).
_ITEM = re.compile(r"[^,\s]+")
# Build-time placeholders (`__DELIVERY_MODE__', `@PRIVACY@') that a packaging
# script replaces before m4 runs: what they stand for is not known.
_PLACEHOLDER = re.compile(r"__[A-Za-z0-9_]+__|@[A-Za-z0-9_]+@")


def _unknowable(value: str) -> bool:
    return templated(value) or _PLACEHOLDER.search(value) is not None


class UnknownOptionValue(Rule):
    code = "MC230"
    name = "unknown-option-value"
    category = "correctness"
    severity = "error"
    summary = (
        "A confPRIVACY_FLAGS or confDONT_BLAME_SENDMAIL name, an AuthOptions or TLSSrvOptions letter, "
        "a delivery mode or a DAEMON_OPTIONS Family that sendmail does not recognise."
    )
    explanation = (
        "m4 copies option values into sendmail.cf without looking at them; sendmail checks them "
        "only when it reads sendmail.cf, and then just logs a line. A misspelt PrivacyOptions "
        "flag (`novfry') is dropped with `readcf: Op line: novfry unrecognized', so VRFY stays "
        "open; an unknown DontBlameSendmail name is dropped the same way; an AuthOptions or "
        "TLSSrvOptions letter it does not know is skipped with a warning (letters are "
        "case-sensitive: `P' is not `p'). A DeliveryMode whose first letter is not i, b, q or d "
        "(`Background' with a capital B) stops sendmail at start-up, and in DAEMON_OPTIONS or "
        "CLIENT_OPTIONS an unknown delivery mode or Family (`inet4') is reported and ignored, so "
        "the line keeps its defaults (PrivacyOptions, DontBlameSendmail, AuthOptions, "
        "TLSSrvOptions, DeliveryMode and DaemonPortOptions in the Installation and Operation "
        "Guide). The message names the closest valid value; the fix replaces the value only "
        "when exactly one valid value is a single typo away. Letters run together (`py') are "
        "left to auth-options-letters-not-separated: only the first letter of each item is "
        "checked here, because it is the only one sendmail reads."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confPRIVACY_FLAGS', `authwarnings,novfry')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confPRIVACY_FLAGS', `authwarnings,novrfy')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    # Unsafe: the option's value changes, and with it what sendmail does.
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import load_vocabulary

        vocabulary = load_vocabulary()
        for values in vocabulary.option_values.values():
            yield from self._conf_variable(context, values)
        modes = vocabulary.option_values["DeliveryMode"]
        families = vocabulary.daemon_keys["Family"].values or ()
        for options in port_options(context):
            for field, located in field_texts(context, options):
                if field.key == "Family":
                    yield from self._family(context, options, field, located, families)
                elif field.key == "DeliveryMode" and _means_delivery_mode(field.written_key):
                    yield from self._daemon_mode(context, options, field, located, modes)

    # --- conf variables ----------------------------------------------------

    def _conf_variable(self, context: Context, values: "OptionValues") -> Iterator[Finding]:
        variable = context.config.conf.get(values.conf_variable)
        if variable is None or not variable.value or not variable.definitions:
            return
        definition = variable.definitions[-1]
        value = variable.value
        if definition.value is None or _unknowable(value):
            return
        start = None
        if definition.raw is None or definition.raw == value:
            start = value_offset(context, definition.site, ("define",), 1, value)
        for begin, end, token in _tokens(values, value):
            if values.lookup(token[0] if values.parsing != "words" else token) is not None:
                continue
            yield self._report(
                context, values, token, start, begin, end, definition.site.span,
                f"{values.conf_variable} (sendmail's {values.option})",
            )

    def _report(
        self,
        context: Context,
        values: "OptionValues",
        token: str,
        start: Optional[int],
        begin: int,
        end: int,
        fallback: "Span",
        where: str,
        complaint: Optional[str] = None,
        effect: Optional[str] = None,
    ) -> Finding:
        read = token if values.parsing == "words" else token[0]
        candidates, replacement = _suggestions(context, values, token)
        fix = None
        if start is not None and replacement is not None:
            new_text, length = replacement
            fix = self.fix(
                f"Write {quote_name(new_text + token[length:])}",
                self.edit(start + begin, start + begin + length, new_text),
            )
        span = context.span(start + begin, start + end) if start is not None else fallback
        if values.parsing == "words":
            what = f"the name {quote_name(token)}"
        elif values.parsing == "letters":
            what = f"the letter {quote_name(read)}"
        else:
            what = f"the delivery mode {quote_name(token)}"
            if len(token) > 1:
                what += f" (it reads only the first letter, {quote_name(read)})"
        complaint = complaint or values.complaint.format(value=read)
        effect = effect or values.effect
        return self.finding(
            span,
            f"sendmail does not recognise {what} in {where}: it logs `{complaint}' and {effect}"
            f"{did_you_mean(candidates) or '.'}",
            fix,
        )

    # --- DAEMON_OPTIONS / CLIENT_OPTIONS ---------------------------------

    def _family(
        self,
        context: Context,
        options: PortOptions,
        field: "DaemonField",
        located: Optional[tuple[int, int]],
        families: tuple[str, ...],
    ) -> Iterator[Finding]:
        family = field.value.strip(" \t")
        if not family or _unknowable(family) or family.lower() in families:
            return
        from ..vocabulary import one_edit_away

        candidates = close_names(context, family, families)
        near = one_edit_away(family, families)
        start = field_value_start(field, located)
        fix = None
        if start is not None and len(near) == 1:
            fix = self.fix(f"Write Family={near[0]}", self.edit(start, start + len(family), near[0]))
        span = context.span(start, start + len(family)) if start is not None else options_span(context, options)
        yield self.finding(
            span,
            f"sendmail does not know the address family {quote_name(family)} in this {macro_of(options)}: "
            f"it logs `Unknown address family {family} in Family=option' and ignores the setting, so the "
            f"line stays inet (IPv4){did_you_mean(candidates) or '.'}",
            fix,
        )

    def _daemon_mode(
        self,
        context: Context,
        options: PortOptions,
        field: "DaemonField",
        located: Optional[tuple[int, int]],
        modes: "OptionValues",
    ) -> Iterator[Finding]:
        mode = field.value.rstrip(" \t")
        if not mode or _unknowable(mode) or modes.lookup(mode[0]) is not None:
            return
        start = field_value_start(field, located)
        yield self._report(
            context, modes, mode, start, 0, len(mode), options_span(context, options),
            f"this {macro_of(options)}'s DeliveryMode",
            complaint=f"Unknown delivery mode {mode[0]}",
            effect="ignores the setting, so the daemon keeps the global delivery mode",
        )


def _tokens(values: "OptionValues", value: str) -> Iterator[tuple[int, int, str]]:
    """The parts of ``value`` sendmail looks up, with their offsets in it."""
    if values.parsing == "words":
        for match in _WORD.finditer(value):
            yield match.start(), match.end(), match.group()
    elif values.parsing == "letters":
        for match in _ITEM.finditer(value):
            # Only the first character counts; the rest is MC221's.
            yield match.start(), match.start() + 1, match.group()[0]
    else:
        stripped = value.lstrip(" \t")
        if stripped:
            begin = len(value) - len(stripped)
            word = stripped.split()[0]
            yield begin, begin + len(word), word


def _suggestions(context: Context, values: "OptionValues", token: str) -> tuple[list[str], Optional[tuple[str, int]]]:
    """Valid values to suggest for ``token``, and the replacement a fix may
    make (new text, length of the text it replaces): only when exactly one
    valid value is one edit away."""
    from ..vocabulary import one_edit_away

    if values.parsing == "words":
        names = list(values.values)
        candidates = close_names(context, token, names)
        near = one_edit_away(token, names)
        return candidates, ((near[0], len(token)) if len(near) == 1 else None)
    letter = token[0]
    swapped = letter.swapcase()
    if values.parsing == "letters":
        # Any letter is one edit from any other: only a slip of the Shift key is a clear typo.
        if swapped != letter and values.lookup(swapped) is not None:
            return [swapped], (swapped, 1)
        return [], None
    # first_letter (DeliveryMode): `Background' -> `background'; else the closest full word.
    if swapped != letter and values.lookup(swapped) is not None:
        return [swapped + token[1:]], (swapped, 1)
    words = [entry.spelling for entry in values.values.values() if entry.spelling]
    if len(token) == 1:
        return [], None
    candidates = close_names(context, token, words)
    near = one_edit_away(token, words)
    return candidates, ((near[0], len(token)) if len(near) == 1 else None)


def _means_delivery_mode(written_key: str) -> bool:
    """True when the key is meant as DeliveryMode. `DelayLA=5' also lands on
    DeliveryMode, but that misreading is noncanonical-daemon-key's finding."""
    from ..vocabulary import load_vocabulary, suggest

    if len(written_key) == 1 or written_key.lower() == "deliverymode":
        return True
    return suggest(written_key, list(load_vocabulary().daemon_keys), limit=1) == ["DeliveryMode"]
