"""Typed entries of the sendmail vocabulary (one model per kind of entry)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class FeatureArg(_Entry):
    name: str
    meaning: str
    optional: bool


class Feature(_Entry):
    """One ``FEATURE(`name', ...)`` of sendmail-cf."""

    name: str
    summary: str
    description: str
    args: tuple[FeatureArg, ...]
    deprecated: bool
    replacement: str | None
    # "open-relay", "relay", "spam" or "weakens-checks" when the feature widens
    # what is accepted; risk_note says how.
    risk: str | None
    risk_note: str | None
    requires: tuple[str, ...]
    must_precede: tuple[str, ...]
    origin: str

    @property
    def required_args(self) -> int:
        """How many leading arguments must be given."""
        return sum(1 for arg in self.args if not arg.optional)


class Mailer(_Entry):
    """One ``MAILER(`name')`` file and the delivery agents (M lines) it defines."""

    name: str
    summary: str
    defines_mailers: tuple[str, ...]
    ordering: str | None
    origin: str


class Ostype(_Entry):
    """One ``OSTYPE(`name')`` file and what it sets.

    ``defines`` are set unconditionally, ``default_defines`` only when the .mc
    has not defined the macro before OSTYPE, ``conditional_defines`` depend on
    build-time facts (Debian's autoconf values). Values are raw m4 definitions.
    """

    name: str
    summary: str
    netinet6: bool
    changes: tuple[str, ...]
    defines: dict[str, str]
    default_defines: dict[str, str]
    conditional_defines: dict[str, str]
    features: tuple[str, ...]
    mailer_flag_changes: tuple[tuple[str, str], ...]
    includes: tuple[str, ...]
    deprecated: bool
    replacement: str | None
    origin: str


class Domain(_Entry):
    name: str
    summary: str
    origin: str


class Hack(_Entry):
    name: str
    summary: str
    origin: str


ConfSets = Literal[
    "option", "macro", "header", "class", "class_file", "mailer_choice", "reply_text", "map_option", "m4"
]
Emission = Literal["option", "milter_option", "always", "time_zone", "other"]


class ConfVariable(_Entry):
    """An m4 variable (``confLOG_LEVEL``, ``ALIAS_FILE``, ...) and the line it produces.

    ``emission`` tells how cf.m4 writes it:

    - ``option``: defined -> ``O Option=value`` (``O Option`` when empty);
      not defined -> ``#O Option=example`` (``#O Option`` without example).
    - ``milter_option``: the same, but only when a MAIL_FILTER is declared.
    - ``always``: always ``O Option=value``, with a built-in default.
    - ``time_zone``: confTIME_ZONE's USE_SYSTEM / USE_TZ / value cases.
    - ``other``: not an option line; ``sets`` and ``target`` say where it goes.

    ``default_line`` is what m4 writes when the .mc leaves the variable alone
    (cf.m4 may have predefined it: ``cf_default``).
    """

    name: str
    summary: str
    category: str
    sets: ConfSets
    option: str | None
    target: str | None
    emission: Emission
    example: str | None
    cf_default: str | None
    cf_default_raw: str | None
    default_line: str | None
    proto_line: int | None
    documented_default: str | None
    deprecated: bool
    replacement: str | None
    obsolete: bool

    def line_for(self, value: str | None, definition: str | None = None) -> str | None:
        """The line cf.m4 writes when the macro expands to ``value``.

        ``None`` means the macro is not defined at all (for example after
        ``undefine``), which differs from leaving it alone when cf.m4
        predefines it. cf.m4 decides between ``O Name`` and ``O Name=value``
        on the raw ``definition`` (``defn``), not on the expansion: pass it when
        they differ, as for ``define(`confX', ``'')``, whose definition is the
        two quote characters and whose expansion is empty. Returns ``None`` for
        variables that write no O line.
        """
        if self.option is None:
            return None
        if self.emission == "time_zone":
            if value is None or value == "USE_SYSTEM":
                return f"#O {self.option}="
            if value == "USE_TZ":
                return f"O {self.option}="
            return f"O {self.option}={value}"
        if self.emission == "always":
            return f"O {self.option}={self.cf_default if value is None else value}"
        if value is None:
            return f"#O {self.option}" + (f"={self.example}" if self.example else "")
        raw = value if definition is None else definition
        return f"O {self.option}" + (f"={value}" if raw else "")


class DaemonKey(_Entry):
    """A key of DAEMON_OPTIONS / CLIENT_OPTIONS and the letters sendmail dispatches on."""

    name: str
    dispatch_chars: tuple[str, ...]
    meaning: str
    default: str
    values: tuple[str, ...] | None
    note: str | None
    compiled_by_default: bool


class Modifier(_Entry):
    """A letter of ``M=`` in DAEMON_OPTIONS or CLIENT_OPTIONS."""

    letter: str
    meaning: str
    daemon: bool
    client: bool
    documented: bool


class Port(_Entry):
    name: str
    number: int
    summary: str


class Macro(_Entry):
    """A top-level macro of cf.m4, an m4 builtin, or a well-known define()d name."""

    name: str
    kind: Literal["cf", "section", "builtin", "define"]
    min_args: int
    max_args: int | None
    signature: str
    summary: str


class OptionValue(_Entry):
    """One value an option accepts (a PrivacyOptions flag, an AuthOptions letter, ...)."""

    name: str
    meaning: str
    spelling: str | None = None  # the usual word for a one-letter value ("background")
    build_option: str | None = None  # only in binaries built with this compile-time flag


class OptionValues(_Entry):
    """The values a list- or letter-valued option of sendmail.cf accepts.

    ``parsing`` is how sendmail reads the value:

    - ``words``: every run of letters and digits is a name (punctuation and
      blanks separate them), matched against ``values`` ignoring case unless
      ``case_sensitive`` (the keys are spelled as the documentation does);
    - ``letters``: the value splits at commas and blanks and only the first
      character of each item counts (``py`` is just ``p``);
    - ``first_letter``: only the first character of the whole value counts.

    ``complaint`` is what sendmail logs for an unknown value (``{value}`` is
    the value) and ``effect`` what it then does.
    """

    option: str
    conf_variable: str
    parsing: Literal["words", "letters", "first_letter"]
    case_sensitive: bool
    complaint: str
    effect: str
    values: dict[str, OptionValue]

    def lookup(self, value: str) -> OptionValue | None:
        """The entry sendmail matches ``value`` with, or None when it rejects it."""
        if self.case_sensitive:
            return self.values.get(value)
        wanted = value.lower()
        return next((entry for name, entry in self.values.items() if name.lower() == wanted), None)


class Vocabulary(_Entry):
    """Everything mcparse knows about sendmail-cf, keyed by name (or letter)."""

    features: dict[str, Feature]
    mailers: dict[str, Mailer]
    ostypes: dict[str, Ostype]
    domains: dict[str, Domain]
    hacks: dict[str, Hack]
    conf_variables: dict[str, ConfVariable]
    daemon_keys: dict[str, DaemonKey]
    daemon_modifiers: dict[str, Modifier]
    client_keys: dict[str, DaemonKey]
    client_modifiers: dict[str, Modifier]
    ports: dict[str, Port]
    macros: dict[str, Macro]
    # Option values sendmail checks when it reads sendmail.cf, by option name.
    option_values: dict[str, OptionValues]
    # The DaemonPortOptions values cf.m4 writes when the .mc has no DAEMON_OPTIONS.
    default_daemons: tuple[str, ...]
    default_daemons_netinet6: tuple[str, ...]
    default_client_line: str

    def mailer_file_for(self, mailer_name: str) -> str | None:
        """Which MAILER() file defines a delivery agent such as ``esmtp``."""
        for file_name, mailer in self.mailers.items():
            if mailer_name in mailer.defines_mailers:
                return file_name
        return None
