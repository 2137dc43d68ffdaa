"""MC223 feature-dependency-missing: a FEATURE needs another one that is missing or later."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

from ._correctness import quote_name
from .base import Context, Finding, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..model.config import Feature

# Features whose file tests for the other one when it is included (so the other
# must come first); the rest only need it somewhere in the file.
CHECKED_AT_INCLUDE = {
    "blocklist_recipients", "compat_check", "lookupdotdomain", "queuegroup", "ratecontrol",
    "conncontrol", "relay_mail_from", "bcc", "greet_pause",
}


def _first_argument(feature: "Feature") -> str:
    return feature.arguments[0].strip() if feature.arguments else ""


class FeatureDependencyMissing(Rule):
    code = "MC223"
    name = "feature-dependency-missing"
    category = "correctness"
    severity = "error"
    summary = "A FEATURE needs another FEATURE (usually access_db) that is missing or comes after it."
    explanation = (
        "Several features work through the access map or through delay_checks and test for "
        "them when they are included: blocklist_recipients, compat_check, lookupdotdomain, "
        "queuegroup, ratecontrol, conncontrol, relay_mail_from, bcc with `access' and "
        "greet_pause without an argument need FEATURE(`access_db') earlier in the file; "
        "ratecontrol and conncontrol with `nodelay' need FEATURE(`delay_checks') earlier. "
        "Otherwise m4 prints `*** ERROR: FEATURE(...) requires FEATURE(access_db)' and the "
        "feature does not do its job. block_bad_helo needs delay_checks and "
        "tls_session_features needs access_db anywhere in the file (cf.README: FEATURES, "
        "ANTI-SPAM CONFIGURATION CONTROL, CONNECTION CONTROL)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`blocklist_recipients')dnl\n"
        "FEATURE(`access_db')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`access_db')dnl\n"
        "FEATURE(`blocklist_recipients')dnl\n"
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        from ..vocabulary import load_vocabulary

        known = load_vocabulary().features
        features = context.config.features
        for position, feature in enumerate(features):
            needed = list(known[feature.name].requires) if feature.name in known else []
            argument = _first_argument(feature)
            if feature.name == "greet_pause" and not argument:
                needed.append("access_db")
            if feature.name == "bcc" and argument.lower() == "access":
                needed.append("access_db")
            if feature.name in ("ratecontrol", "conncontrol") and argument.lower() == "nodelay":
                needed.append("delay_checks")
            for requirement in dict.fromkeys(needed):
                problem = self._problem(features, position, feature, requirement)
                if problem:
                    yield self.finding(feature.site.span, problem)

    @staticmethod
    def _problem(features: "tuple[Feature, ...]", position: int, feature: "Feature", requirement: str) -> Optional[str]:
        where = [i for i, other in enumerate(features) if other.name == requirement]
        this = f"FEATURE({quote_name(feature.name)})"
        needed = f"FEATURE({quote_name(requirement)})"
        if not where:
            return f"{this} needs {needed}, which the file does not use: the feature cannot work; add {needed} before it."
        if feature.name in CHECKED_AT_INCLUDE and where[0] > position:
            return (
                f"{this} comes before {needed}, which it tests for when it is read: m4 prints that it "
                f"requires {needed} and the feature does not work; move {needed} above it."
            )
        return None
