"""A seeded generator of random sendmail.mc files for differential tests against m4.

Each config is a complete .mc (include of cf.m4, OSTYPE, a random body, the
local and smtp mailers) whose body mixes the things admins really write and
the mistakes m4 quietly accepts: daemons with odd keys and separators,
unquoted arguments that m4 splits at the commas, options passed through a
user macro early or late, FEATURE(`no_default_msa') anywhere, straight
quotes, redefinitions and undefine, lines "commented out" with ``#`` after
cf.m4's changecom() (m4 still runs them), and ifdef/ifelse on the file's own
macros. Same seed, same configs: config ``i`` of seed ``s`` depends only on
``(s, i)``, so a failure is reproduced with ``generate_one(s, i)``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PREAMBLE = (
    "divert(-1)dnl\n"
    "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
    "OSTYPE(`linux')dnl\n"
)
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


@dataclass(frozen=True)
class GeneratedConfig:
    """One random .mc and a short account of what was chosen for it."""

    seed: int
    index: int
    text: str
    description: str

    @property
    def name(self) -> str:
        """A stable test id: seed and index."""
        return f"gen-{self.seed}-{self.index:04d}"


@dataclass
class _Block:
    """A piece of body text that must stay together, with its description tags."""

    text: str
    tags: list[str]


# -- Daemon and client option values ------------------------------------------

_PORTS = ("25", "587", "465", "2525", "smtp", "submission")
_NAMES = ("MTA", "MSA", "TLSMTA", "MTA-v4", "MTA-v6", "LOCAL")
_ADDRS = ("127.0.0.1", "0.0.0.0", "192.0.2.10", "::1")
_FAMILIES = ("inet", "inet6")
_MODIFIER_LETTERS = "abcdeEfhsuACIOS"
_MODIFIER_KEYS = ("M", "M", "Modifiers", "Modifier", "Modifers")
# Keys sendmail rejects or that admins mistype, next to a few it accepts
# but that are rare (RefuseLA, DelayLA, Listen).
_ODD_KEYS = (
    ("Prot", _PORTS),
    ("Adress", _ADDRS),
    ("Nmae", _NAMES),
    ("RefuseLA", ("5", "12")),
    ("DelayLA", ("8",)),
    ("Listen", ("10", "128")),
    ("family", _FAMILIES),
)
_SEPARATORS = (", ", ", ", ", ", ",", " ", "")


def _option_keys(rng: random.Random, *, client: bool) -> tuple[list[str], str]:
    pairs: list[str] = []
    if rng.random() < 0.8:
        pairs.append(f"Port={rng.choice(_PORTS)}")
    if not client and rng.random() < 0.8:
        pairs.append(f"Name={rng.choice(_NAMES)}")
    if rng.random() < 0.4:
        pairs.append(f"{rng.choice(('Addr', 'Address'))}={rng.choice(_ADDRS)}")
    if rng.random() < 0.4:
        pairs.append(f"Family={rng.choice(_FAMILIES)}")
    if rng.random() < 0.5:
        letters = "".join(rng.sample(_MODIFIER_LETTERS, rng.randint(1, 3)))
        pairs.append(f"{rng.choice(_MODIFIER_KEYS)}={letters}")
    odd = ""
    if rng.random() < 0.25:
        key, values = rng.choice(_ODD_KEYS)
        pairs.insert(rng.randint(0, len(pairs)), f"{key}={rng.choice(values)}")
        odd = key
    if not pairs:
        pairs.append(f"Port={rng.choice(_PORTS)}")
    rng.shuffle(pairs)
    return pairs, odd


def _option_value(rng: random.Random, *, client: bool) -> tuple[str, list[str]]:
    pairs, odd = _option_keys(rng, client=client)
    separator = rng.choice(_SEPARATORS)
    tags = [f"sep={separator!r}"] if separator != ", " else []
    if odd:
        tags.append(f"key={odd}")
    return separator.join(pairs), tags


def _option_call(
    rng: random.Random, macro: str, value: str, helper: str
) -> tuple[list[_Block], str]:
    """Write ``macro(value)`` in one of the quoting styles admins use.

    Returns the blocks (the call, plus any later redefinition of a helper
    macro) and the style's tag. ``helper`` is a fresh user macro name.
    """
    style = rng.choices(
        (
            "quoted",
            "unquoted",
            "double",
            "macro-early",
            "macro-late",
            "straight",
            "two-args",
            "hash",
            "dnl",
            "ifdef",
            "multiline",
        ),
        weights=(30, 10, 5, 6, 8, 4, 3, 4, 4, 6, 4),
    )[0]
    end = rng.choice(("dnl\n", "dnl\n", "dnl\n", "\n"))
    blocks: list[_Block] = []
    if style == "quoted":
        text = f"{macro}(`{value}'){end}"
    elif style == "unquoted":
        # m4 cuts the argument at the first comma; the rest is dropped.
        text = f"{macro}({value}){end}"
    elif style == "double":
        text = f"{macro}(``{value}''){end}"
    elif style == "macro-early":
        # The helper expands while the argument is collected, so its commas
        # split the argument just like an unquoted one.
        text = f"define(`{helper}', `{value}')dnl\n{macro}({helper}){end}"
    elif style == "macro-late":
        # The quoted name is stored and expanded only when proto.m4 writes
        # the option, so whatever the helper means at the end of the file wins.
        text = f"define(`{helper}', `{value}')dnl\n{macro}(`{helper}'){end}"
        later = rng.random()
        if later < 0.3:
            new_value, _ = _option_value(rng, client=macro == "CLIENT_OPTIONS")
            blocks.append(
                _Block(f"define(`{helper}', `{new_value}')dnl\n", [f"redefine {helper}"])
            )
        elif later < 0.45:
            blocks.append(_Block(f"undefine(`{helper}')dnl\n", [f"undefine {helper}"]))
    elif style == "straight":
        text = f"{macro}('{value}'){end}"
    elif style == "two-args":
        first, _, rest = value.partition(",")
        text = f"{macro}(`{first}', `{rest.strip()}'){end}"
    elif style == "hash":
        # After cf.m4's changecom() "#" is plain text: the call still runs.
        text = f"{rng.choice(('# ', '#', '##  '))}{macro}(`{value}'){end}"
    elif style == "dnl":
        text = f"dnl {macro}(`{value}')dnl\n"
    elif style == "multiline":
        # A newline inside the quotes ends the O line early: sendmail reads
        # the first part as the option and the rest as a line of its own.
        head, comma, rest = value.partition(",")
        text = f"{macro}(`{head}{comma}\n\t{rest.strip()}'){end}"
    else:
        condition = rng.choice(
            ("SITE_ROLE", "confAUTH_MECHANISMS", "confLOG_LEVEL", "_NO_MSA_", "NEVER_DEFINED")
        )
        text = f"ifdef(`{condition}', `{macro}(`{value}')')dnl\n"
        style = f"ifdef {condition}"
    blocks.insert(0, _Block(text, [f"{macro}:{style}"]))
    return blocks, style


def _daemons(rng: random.Random, counter: list[int]) -> list[_Block]:
    blocks: list[_Block] = []
    for macro, count in (
        ("DAEMON_OPTIONS", rng.choices((0, 1, 2, 3), weights=(25, 35, 28, 12))[0]),
        ("CLIENT_OPTIONS", rng.choices((0, 1, 2), weights=(55, 35, 10))[0]),
    ):
        for _ in range(count):
            value, tags = _option_value(rng, client=macro == "CLIENT_OPTIONS")
            counter[0] += 1
            helper = f"{'MY_DAEMON' if macro == 'DAEMON_OPTIONS' else 'MY_CLIENT'}{counter[0]}"
            call_blocks, _ = _option_call(rng, macro, value, helper)
            call_blocks[0].tags.extend(tags)
            blocks.extend(call_blocks)
    return blocks


# -- conf* defines ------------------------------------------------------------

_CONF_VALUES: dict[str, tuple[str, ...]] = {
    "confAUTH_MECHANISMS": (
        "LOGIN PLAIN",
        "EXTERNAL GSSAPI DIGEST-MD5 CRAM-MD5 LOGIN PLAIN",
        "PLAIN",
        "CRAM-MD5 DIGEST-MD5",
        "LOGIN  PLAIN ",
    ),
    "confAUTH_OPTIONS": ("A p", "A,p", "p,y", "A", "p", "A p y", "A,p,y"),
    "confPRIVACY_FLAGS": (
        "authwarnings",
        "authwarnings,novrfy,noexpn,restrictqrun",
        "goaway",
        "noexpn novrfy",
        "needmailhelo,noetrn",
        "authwarnings, noexpn",
    ),
    "confLOG_LEVEL": ("9", "14", "0", "20", "12 "),
}


# cf.m4 gives these two a default in cfhead.m4, so their current value can
# be read (and appended to) anywhere after the include.
_HAS_DEFAULT = {"confPRIVACY_FLAGS": "authwarnings", "confLOG_LEVEL": "9"}


def _define(rng: random.Random, name: str, helper: str) -> list[_Block]:
    value = rng.choice(_CONF_VALUES[name])
    style = rng.choices(
        (
            "quoted",
            "unquoted-value",
            "unquoted-name",
            "straight",
            "straight-value",
            "empty",
            "hash",
            "dnl",
            "append",
            "late-helper",
            "ifdef",
            "pushdef",
            "ifelse-defn",
        ),
        weights=(35, 8, 5, 5, 4, 4, 5, 5, 4, 5, 6, 4, 4),
    )[0]
    default = _HAS_DEFAULT.get(name)
    if style == "append" and default is None:
        # Appending to an undefined name would leave the name inside its own
        # value: m4 then recurses until it is killed.
        style = "quoted"
    if style == "unquoted-name" and default is not None and default in value:
        # define(confPRIVACY_FLAGS, `authwarnings,...') defines the macro
        # "authwarnings" in terms of itself: another endless recursion.
        style = "quoted"
    end = rng.choice(("dnl\n", "dnl\n", "\n"))
    blocks: list[_Block] = []
    if style == "quoted":
        text = f"define(`{name}', `{value}'){end}"
    elif style == "unquoted-value":
        # A comma in an unquoted value starts a third argument m4 ignores.
        text = f"define(`{name}', {value}){end}"
    elif style == "unquoted-name":
        # confLOG_LEVEL and confPRIVACY_FLAGS already have cf.m4 defaults,
        # so an unquoted name expands first and defines a macro named "9".
        text = f"define({name}, `{value}'){end}"
    elif style == "straight":
        text = f"define('{name}', '{value}'){end}"
    elif style == "straight-value":
        text = f"define(`{name}', '{value}'){end}"
    elif style == "empty":
        text = f"define(`{name}', `'){end}"
    elif style == "hash":
        text = f"# define(`{name}', `{value}'){end}"
    elif style == "dnl":
        text = f"dnl define(`{name}', `{value}')dnl\n"
    elif style == "append":
        # The old value is read when this define runs, not at the end.
        text = f"define(`{name}', {name}`,{value}'){end}"
    elif style == "pushdef":
        # popdef() brings back whatever the name meant before (cf.m4's default).
        text = f"pushdef(`{name}', `{value}'){end}"
        if rng.random() < 0.5:
            blocks.append(_Block(f"popdef(`{name}')dnl\n", [f"popdef {name}"]))
    elif style == "ifelse-defn":
        text = (
            f"ifelse(defn(`confLOG_LEVEL'), `9', `define(`{name}', `{value}')', "
            f"`define(`{name}', `{rng.choice(_CONF_VALUES[name])}')')dnl\n"
        )
    elif style == "late-helper":
        text = f"define(`{helper}', `{value}')dnl\ndefine(`{name}', `{helper}'){end}"
        if rng.random() < 0.4:
            other = rng.choice(_CONF_VALUES[name])
            blocks.append(_Block(f"define(`{helper}', `{other}')dnl\n", [f"redefine {helper}"]))
    else:
        condition = rng.choice(
            ("SITE_ROLE", "confAUTH_MECHANISMS", "confLOG_LEVEL", "NEVER_DEFINED")
        )
        text = f"ifdef(`{condition}', `define(`{name}', `{value}')')dnl\n"
        style = f"ifdef {condition}"
    blocks.insert(0, _Block(text, [f"{name}:{style}"]))
    if rng.random() < 0.12 and style != "append":
        blocks.append(_Block(f"undefine(`{name}')dnl\n", [f"undefine {name}"]))
    # A redefinition that lands before an unquoted-name define would make
    # that define name a macro after one of its own words: endless recursion.
    if rng.random() < 0.15 and style != "unquoted-name":
        again = rng.choice(_CONF_VALUES[name])
        blocks.append(_Block(f"define(`{name}', `{again}')dnl\n", [f"redefine {name}"]))
    return blocks


def _defines(rng: random.Random, counter: list[int]) -> list[_Block]:
    blocks: list[_Block] = []
    for name in _CONF_VALUES:
        if rng.random() < 0.45:
            counter[0] += 1
            blocks.extend(_define(rng, name, f"MY_VALUE{counter[0]}"))
    return blocks


# -- Features and site macros -------------------------------------------------


_RAW_OPTIONS = (
    ("LogLevel", "20"),
    ("PrivacyOptions", "goaway"),
    ("AuthMechanisms", "PLAIN LOGIN"),
    ("DaemonPortOptions", "Port=2525, Name=RAW"),
    ("ClientPortOptions", "Family=inet6"),
)


def _raw_lines(rng: random.Random) -> list[_Block]:
    """sendmail.cf lines written straight into the .mc: m4 copies them to the output."""
    blocks: list[_Block] = []
    if rng.random() < 0.08:
        name, value = rng.choice(_RAW_OPTIONS)
        blocks.append(_Block(f"LOCAL_CONFIG\nO {name}={value}\n", [f"LOCAL_CONFIG O {name}"]))
    if rng.random() < 0.05:
        name, value = rng.choice(_RAW_OPTIONS)
        blocks.append(_Block(f"O {name}={value}\n", [f"raw O {name}"]))
    return blocks


def _features(rng: random.Random) -> list[_Block]:
    blocks: list[_Block] = []
    roll = rng.random()
    if roll < 0.25:
        blocks.append(_Block("FEATURE(`no_default_msa')dnl\n", ["no_default_msa"]))
    elif roll < 0.32:
        blocks.append(_Block("FEATURE(no_default_msa)\n", ["no_default_msa:unquoted"]))
    elif roll < 0.35:
        blocks.append(_Block("dnl FEATURE(`no_default_msa')dnl\n", ["no_default_msa:dnl"]))
    elif roll < 0.38:
        blocks.append(_Block("# FEATURE(`no_default_msa')dnl\n", ["no_default_msa:hash"]))
    if rng.random() < 0.1:
        blocks.append(_Block("FEATURE(`access_db')dnl\n", ["access_db"]))
    if rng.random() < 0.3:
        role = rng.choice(("hub", "leaf"))
        blocks.append(_Block(f"define(`SITE_ROLE', `{role}')dnl\n", [f"SITE_ROLE={role}"]))
        if rng.random() < 0.6:
            hub, _ = _option_value(rng, client=False)
            leaf, _ = _option_value(rng, client=False)
            blocks.append(
                _Block(
                    "ifelse(SITE_ROLE, `hub', "
                    f"`DAEMON_OPTIONS(`{hub}')', `DAEMON_OPTIONS(`{leaf}')')dnl\n",
                    ["ifelse SITE_ROLE"],
                )
            )
    return blocks


def generate_one(seed: int, index: int, *, raw_cf_lines: bool = True) -> GeneratedConfig:
    """Config number ``index`` of ``seed``: independent of how many others are made.

    ``raw_cf_lines=False`` leaves out the ``O Name=value`` lines written
    straight into the .mc; every other choice stays the same.
    """
    rng = random.Random(f"mcparse-confgen:{seed}:{index}")
    counter = [0]
    raw = _raw_lines(rng)
    blocks = _daemons(rng, counter) + _defines(rng, counter) + _features(rng) + raw
    rng.shuffle(blocks)
    if not raw_cf_lines:
        # Dropped after the shuffle so every other choice stays where it was.
        blocks = [b for b in blocks if not any(b is r for r in raw)]
    body = "".join(b.text for b in blocks)
    tags = [t for b in blocks for t in b.tags]
    return GeneratedConfig(
        seed=seed,
        index=index,
        text=PREAMBLE + body + MAILERS,
        description="; ".join(tags) or "empty body",
    )


def generate(seed: int, count: int, *, raw_cf_lines: bool = True) -> list[GeneratedConfig]:
    """``count`` random configs for ``seed``; the same arguments always give the same texts."""
    return [generate_one(seed, i, raw_cf_lines=raw_cf_lines) for i in range(count)]


if __name__ == "__main__":  # pragma: no cover - manual inspection aid
    import sys

    for config in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 0, 3):
        print(f"==== {config.name}: {config.description}\n{config.text}")
