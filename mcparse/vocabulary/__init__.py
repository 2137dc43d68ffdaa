"""The sendmail vocabulary: features, mailers, ostypes, conf variables, daemon keys, ...

Everything mcparse knows about sendmail-cf 8.17 ships here as JSON, so the
library works on machines without sendmail. ``load_vocabulary()`` reads the
files on first use (through ``importlib.resources``, so an installed wheel
works) and caches the typed result; importing this module reads nothing.

Where the data comes from:

- the names and the mechanical facts were read from Debian's sendmail-cf
  8.17.1.9 (``/usr/share/sendmail/cf``): the ``*.m4`` file names of feature/,
  mailer/, ostype/, domain/ and hack/; the M lines of each mailer file; every
  ``define`` an ostype file makes; every ``_OPTION(...)`` line of
  ``m4/proto.m4`` and the defaults ``m4/cfhead.m4`` predefines;
- DAEMON_OPTIONS parsing facts (first-character dispatch) and the values
  sendmail accepts for PrivacyOptions, DontBlameSendmail, AuthOptions,
  TLSSrvOptions and DeliveryMode (``option_values.json``) come from the
  project's research notes, checked with ``sendmail -bt`` and sendmail's
  source (a test finds the names in the installed binary);
- every summary and description is our own wording (facts from cf.README and
  the m4 files, not their sentences).

How to check or refresh it: ``python -m pytest tests/vocabulary`` compares the
JSON with the installed sendmail-cf and with real m4 output (those tests skip
when sendmail-cf or m4 is missing). After a sendmail-cf upgrade,
``python tests/vocabulary/sync_vocabulary.py`` rewrites the mechanical fields
(ostype defines, option lines, mailer names) in place and lists names that are
new or gone; prose for new entries is then written by hand.
"""

from __future__ import annotations

from collections import Counter

import functools
import json
from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - the models import pydantic, which is slow
    from .models import (
        ConfVariable,
        DaemonKey,
        Domain,
        Feature,
        FeatureArg,
        Hack,
        Macro,
        Mailer,
        Modifier,
        OptionValue,
        OptionValues,
        Ostype,
        Port,
        Vocabulary,
    )

__all__ = [
    "ConfVariable",
    "DaemonKey",
    "Domain",
    "Feature",
    "FeatureArg",
    "Hack",
    "Macro",
    "Mailer",
    "Modifier",
    "OptionValue",
    "OptionValues",
    "Ostype",
    "Port",
    "Vocabulary",
    "client_key_for",
    "daemon_key_for",
    "load_vocabulary",
    "one_edit_away",
    "port_number",
    "suggest",
]

_MODEL_NAMES = frozenset(__all__[:14])


def __getattr__(name: str) -> Any:
    # The model classes load with their first use, keeping this import cheap.
    if name in _MODEL_NAMES:
        from . import models

        return getattr(models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _read(file_name: str) -> Any:
    return json.loads(resources.files(__name__).joinpath(file_name).read_text(encoding="utf-8"))


def _named(raw: dict[str, dict[str, Any]], key: str = "name") -> list[dict[str, Any]]:
    return [{key: name, **fields} for name, fields in raw.items()]


@functools.cache
def load_vocabulary() -> Vocabulary:
    """The whole vocabulary, read and validated once per process."""
    from .models import (
        ConfVariable,
        DaemonKey,
        Domain,
        Feature,
        Hack,
        Macro,
        Mailer,
        Modifier,
        OptionValues,
        Ostype,
        Port,
        Vocabulary,
    )

    def table(file_name: str, model: Any) -> dict[str, Any]:
        return {entry["name"]: model.model_validate(entry) for entry in _named(_read(file_name))}

    daemon = _read("daemon_options.json")
    client = _read("client_options.json")

    def keys(raw: dict[str, dict[str, Any]]) -> dict[str, DaemonKey]:
        return {e["name"]: DaemonKey.model_validate(e) for e in _named(raw)}

    def modifiers(raw: dict[str, dict[str, Any]]) -> dict[str, Modifier]:
        return {e["letter"]: Modifier.model_validate(e) for e in _named(raw, "letter")}

    return Vocabulary(
        features=table("features.json", Feature),
        mailers=table("mailers.json", Mailer),
        ostypes=table("ostypes.json", Ostype),
        domains=table("domains.json", Domain),
        hacks=table("hacks.json", Hack),
        conf_variables=table("conf_variables.json", ConfVariable),
        daemon_keys=keys(daemon["keys"]),
        daemon_modifiers=modifiers(daemon["modifiers"]),
        client_keys=keys(client["keys"]),
        client_modifiers=modifiers(client["modifiers"]),
        ports=table("ports.json", Port),
        macros=table("macros.json", Macro),
        option_values={
            option: OptionValues.model_validate(
                {"option": option, **fields, "values": {e["name"]: e for e in _named(fields["values"])}}
            )
            for option, fields in _read("option_values.json").items()
        },
        default_daemons=tuple(daemon["default_daemons"]),
        default_daemons_netinet6=tuple(daemon["default_daemons_netinet6"]),
        default_client_line=client["default_line"],
    )


@functools.cache
def _dispatch(kind: str) -> dict[str, DaemonKey]:
    vocabulary = load_vocabulary()
    keys = vocabulary.daemon_keys if kind == "daemon" else vocabulary.client_keys
    table: dict[str, DaemonKey] = {}
    for key in keys.values():
        if key.compiled_by_default:
            for char in key.dispatch_chars:
                table[char] = key
    return table


def daemon_key_for(written_key: str) -> DaemonKey | None:
    """The DAEMON_OPTIONS key sendmail will use for ``written_key``.

    sendmail skips leading blanks and then looks only at the first character,
    case-sensitively: ``Prot`` means Port, ``Modifiers`` means Modifier and
    ``RefuseLA`` means RcvBufSize. Returns ``None`` when sendmail would reject
    the key as unknown.
    """
    stripped = written_key.lstrip(" \t")
    if not stripped:
        return None
    return _dispatch("daemon").get(stripped[0])


def client_key_for(written_key: str) -> DaemonKey | None:
    """Like :func:`daemon_key_for`, for the keys that matter in CLIENT_OPTIONS.

    sendmail parses both with the same code; keys that only make sense for a
    listening daemon (``Listen``, ``children``, ...) give ``None`` here.
    """
    stripped = written_key.lstrip(" \t")
    if not stripped:
        return None
    return _dispatch("client").get(stripped[0])


def port_number(value: str) -> int | None:
    """The port number sendmail will use for a ``Port=`` value.

    Like sendmail, a value that starts with a digit is read as a number up to
    the first non-digit (``587 Name=MSA`` gives 587); otherwise it is a
    service name, matched exactly. Unknown names give ``None``.
    """
    text = value.strip(" \t")
    if not text:
        return None
    if text[0].isascii() and text[0].isdigit():
        end = 0
        while end < len(text) and text[end].isascii() and text[end].isdigit():
            end += 1
        return int(text[:end])
    port = load_vocabulary().ports.get(text)
    return None if port is None else port.number


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of neighbours as one edit; stops above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    # A shared prefix or suffix never changes the distance (a swap across its
    # edge would make it longer), and conf variable names share "conf...".
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    a, b = a[start:], b[start:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a or not b:
        return len(a) + len(b)
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def one_edit_away(name: str, candidates: Iterable[str], case_sensitive: bool = False) -> list[str]:
    """The candidates exactly one edit from ``name`` (an insertion, a deletion,
    a changed character or two neighbours swapped): the only typos a fix may
    correct without asking."""
    wanted = name if case_sensitive else name.lower()
    return [
        candidate
        for candidate in candidates
        if _distance(wanted, candidate if case_sensitive else candidate.lower(), 1) == 1
    ]


@functools.lru_cache(maxsize=4096)
def _letters(word: str) -> dict[str, int]:
    return dict(Counter(word))


def _bag_distance(letters: dict[str, int], other: str) -> int:
    """max(characters only in one, only in the other): never above the edit distance."""
    counted = _letters(other)
    missing = sum(count - counted.get(char, 0) for char, count in letters.items() if count > counted.get(char, 0))
    extra = sum(count - letters.get(char, 0) for char, count in counted.items() if count > letters.get(char, 0))
    return max(missing, extra)


def suggest(name: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` candidates close to ``name``, best first ("did you mean").

    Case is ignored; a candidate qualifies when at most about a third of its
    characters must change. Exact matches are not suggested.
    """
    wanted = name.lower()
    if not wanted or limit <= 0:
        return []
    scored: list[tuple[int, str]] = []
    wanted_letters = _letters(wanted)
    for candidate in candidates:
        lowered = candidate.lower()
        if lowered == wanted:
            continue
        allowed = max(1, min(len(wanted), len(lowered)) // 3)
        if abs(len(wanted) - len(lowered)) > allowed:
            continue  # each edit changes the length by at most one
        if _bag_distance(wanted_letters, lowered) > allowed:
            continue  # a cheap lower bound of the edit distance already rules it out
        distance = _distance(wanted, lowered, allowed)
        if distance <= allowed:
            scored.append((distance, candidate))
    scored.sort()
    return [candidate for _, candidate in scored[:limit]]
