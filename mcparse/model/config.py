"""SendmailConfig: what sendmail will do, as m4 and cf.m4 would resolve a .mc."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..source import Span


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class Site(_Frozen):
    """Where an effect came from: the span of the source text that caused it.
    ``via`` names the user macros it was expanded through, outermost first."""

    span: Span
    via: tuple[str, ...] = ()


class DaemonField(_Frozen):
    """One comma-separated field of a DAEMON_OPTIONS/CLIENT_OPTIONS value."""

    written: str  # the field as written, e.g. "Prot=587"
    written_key: str  # "Prot"
    key: Optional[str]  # what sendmail reads it as ("Port"), None if unknown or no '='
    value: str


class Daemon(_Frozen):
    """One ``O DaemonPortOptions=`` line sendmail will read."""

    option_value: str  # the value exactly as it lands in sendmail.cf
    name: Optional[str] = None
    port: Optional[str] = None  # as written ("smtp", "587")
    port_number: Optional[int] = None  # 25 when no Port is given
    addr: Optional[str] = None
    family: str = "inet"
    modifiers: str = ""
    fields: tuple[DaemonField, ...] = ()
    implied: bool = False  # added by cf.m4, not written in the file
    site: Optional[Site] = None

    @property
    def is_mta_port(self) -> bool:
        return self.port_number == 25

    @property
    def is_submission(self) -> bool:
        return self.port_number == 587 or (self.name or "").upper() == "MSA"

    @property
    def is_loopback(self) -> bool:
        return (self.addr or "").startswith(("127.", "::1", "localhost")) or self.addr == "[127.0.0.1]"


class ClientOptions(_Frozen):
    option_value: str
    fields: tuple[DaemonField, ...] = ()
    family: str = "inet"
    addr: Optional[str] = None
    port: Optional[str] = None
    modifiers: str = ""
    site: Optional[Site] = None


class Definition(_Frozen):
    """One define() (value set) or undefine() (value None) of a name."""

    value: Optional[str]
    site: Site
    raw: Optional[str] = None  # the definition text before expansion


class ConfVariable(_Frozen):
    name: str
    value: Optional[str]  # the final value (None: undefined at the end of the file)
    definitions: tuple[Definition, ...] = ()
    predefined: bool = False  # cf.m4 defines it with a default the file kept


class ConfTable(dict[str, ConfVariable]):
    """``config.conf``: the conf variables by name.

    A name the file never defines reads as an undefined variable (value None,
    no definitions) instead of raising KeyError, so
    ``config.conf["confAUTH_MECHANISMS"].definitions`` works for any name;
    ``in``, ``.get()`` and iteration still see only the defined ones."""

    def __missing__(self, name: str) -> ConfVariable:
        return ConfVariable(name=name, value=None)


class Feature(_Frozen):
    name: str
    arguments: tuple[str, ...] = ()
    site: Site
    after_mailer: bool = False


class Mailer(_Frozen):
    name: str
    site: Site


class MacroCall(_Frozen):
    """A call of one of sendmail's own macros, as m4 sees it after expansion."""

    name: str
    arguments: tuple[str, ...]
    site: Site


class UserMacro(_Frozen):
    """A macro the file defines for its own use (not a conf variable)."""

    name: str
    body: Optional[str]
    site: Site
    uses: tuple[Span, ...] = ()


class LocalSection(_Frozen):
    name: str  # LOCAL_CONFIG, LOCAL_RULESETS, LOCAL_RULE_0, ...
    text: str
    site: Site


class Unknown(_Frozen):
    """Something that cannot be decided without running m4 on the real machine."""

    reason: str
    span: Span
    kind: Literal["changequote", "ifdef", "template", "include", "shell", "m4-error", "other"] = "other"


class OutputLine(_Frozen):
    """A line of text m4 copies into sendmail.cf outside any macro (diversion 0)."""

    text: str
    span: Span


class SendmailConfig(_Frozen):
    versionid: Optional[str] = None
    ostype: Optional[str] = None
    ostype_site: Optional[Site] = None
    domains: tuple[str, ...] = ()
    features: tuple[Feature, ...] = ()
    hacks: tuple[Feature, ...] = ()
    daemons: tuple[Daemon, ...] = ()
    client_options: tuple[ClientOptions, ...] = ()
    conf: Annotated[dict[str, ConfVariable], AfterValidator(ConfTable)] = Field(default_factory=ConfTable)
    mailers: tuple[Mailer, ...] = ()
    trust_auth_mech: tuple[str, ...] = ()
    masquerade_as: Optional[str] = None
    masquerade_domains: tuple[str, ...] = ()
    relay_domains: tuple[str, ...] = ()
    local_sections: tuple[LocalSection, ...] = ()
    includes: tuple[str, ...] = ()
    # OSTYPE/DOMAIN/FEATURE/HACK files sendmail-cf does not ship that were
    # read from the configured cf directory, as "kind/name" ("feature/mine").
    local_files: tuple[str, ...] = ()
    calls: tuple[MacroCall, ...] = ()
    user_macros: tuple[UserMacro, ...] = ()
    cf_included: bool = False
    # True when the file never includes cf.m4 (a fragment such as a FEATURE or
    # HACK file, or a template piece): sendmail's macros are still read, but
    # no defaults are implied and no option lines are written.
    fragment: bool = False
    cf_options: dict[str, list[str]] = Field(default_factory=dict)
    # Options whose lines a cf file derives from the rest of the .mc in ways
    # the model does not follow (FEATURE(msp) builds paths from QUEUE_DIR):
    # their cf_options entries are cf.m4's usual result, not a certainty.
    undecided_options: tuple[str, ...] = ()
    output: tuple[OutputLine, ...] = ()
    unknowns: tuple[Unknown, ...] = ()
    shell_commands: tuple[MacroCall, ...] = ()
    # Where cf_options, daemons and client_options come from: the installed
    # sendmail-cf run by mcparse's m4 ("compiled"), or the data shipped with
    # mcparse when sendmail-cf is not installed ("packaged-model").
    model_source: Literal["compiled", "packaged-model"] = "packaged-model"
    # The compile itself (sendmail.cf traced to the .mc), when there was one.
    compiled: Optional[Any] = Field(default=None, exclude=True, repr=False)

    def feature(self, name: str) -> Optional[Feature]:
        for feature in self.features:
            if feature.name == name:
                return feature
        return None

    @property
    def domain(self) -> Optional[str]:
        """The DOMAIN the file names (the last one when it names several: its
        defines are the ones left standing)."""
        return self.domains[-1] if self.domains else None

    def has_feature(self, name: str) -> bool:
        return self.feature(name) is not None

    def conf_value(self, name: str) -> Optional[str]:
        variable = self.conf.get(name)
        return variable.value if variable else None
