"""MC224 feature-argument-invalid: a FEATURE argument that is missing or not one its file accepts."""

from __future__ import annotations

from typing import Iterator, Optional

from ._correctness import quote_name
from .base import Context, Finding, Rule


def _argument(arguments: tuple[str, ...], position: int) -> str:
    return arguments[position].strip() if len(arguments) > position else ""


def _check_value(name: str, arguments: tuple[str, ...]) -> Optional[str]:
    """What is wrong with a feature's arguments, by the tests its own file makes."""
    first, second = _argument(arguments, 0), _argument(arguments, 1)
    if name in ("nouucp", "nopercenthack") and first and first[0] not in "rn":
        return f"`{first}' is neither `reject' nor `nospecial' (m4 reads its first letter, r or n)"
    if name == "delay_checks" and first and first[0].lower() not in "fh":
        return f"`{first}' is neither `friend' nor `hater'"
    if name == "nocanonify" and first and first.lower() != "canonify_hosts":
        return f"the only argument it takes is `canonify_hosts', not `{first}'"
    if name in ("ratecontrol", "conncontrol"):
        if first and first.lower() != "nodelay":
            return f"its first argument must be `nodelay' or empty, not `{first}'"
        if second and second != "terminate":
            return f"its second argument must be `terminate' or empty, not `{second}'"
    return None


class FeatureArgumentInvalid(Rule):
    code = "MC224"
    name = "feature-argument-invalid"
    category = "correctness"
    severity = "error"
    summary = "A FEATURE lacks an argument it requires, or has one its file does not accept."
    explanation = (
        "Some features cannot work without an argument: dnsbl, enhdnsbl and rhsbl need the "
        "list's zone, nullclient the mail hub, nouucp and nopercenthack `reject' or "
        "`nospecial', prefixmod two arguments, domainmap a domain and a map. Others accept "
        "only certain words: delay_checks `friend' or `hater', nocanonify `canonify_hosts', "
        "ratecontrol and conncontrol `nodelay' and `terminate'. m4 builds sendmail.cf anyway, "
        "mostly after printing an error (`missing argument for FEATURE', `unknown parameter'), with the "
        "feature doing nothing or something other than intended (cf.README: FEATURES; "
        "ANTI-SPAM CONFIGURATION CONTROL for the DNS lists)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`dnsbl')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`dnsbl', `zen.spamhaus.org')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import load_vocabulary

        known = load_vocabulary().features
        # Per feature name, not per FEATURE line: a generated file repeats one thousands of times.
        required_by_name: dict[str, list[str]] = {}
        for feature in context.config.features:
            name = feature.name
            required = required_by_name.get(name)
            if required is None:
                entry = known.get(name)
                if entry is None:
                    continue
                required = required_by_name[name] = [arg.name for arg in entry.args if not arg.optional]
            this = f"FEATURE({quote_name(name)})"
            arguments = feature.arguments
            missing = [argument for position, argument in enumerate(required) if not _argument(arguments, position)]
            if missing:
                names = " and ".join(f"the {argument}" for argument in missing)
                yield self.finding(
                    feature.site.span,
                    f"{this} needs {names} as argument, without which the feature cannot work (m4 "
                    "still builds sendmail.cf); add it.",
                )
                continue
            problem = _check_value(name, arguments)
            if problem:
                yield self.finding(
                    feature.site.span,
                    f"{this}: {problem}; m4 prints an error and the argument is not used. Fix the argument.",
                )
