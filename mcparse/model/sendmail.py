"""sendmail's own macros (FEATURE, DAEMON_OPTIONS, MAILER, ...) as effects.

cf.m4 implements these macros in m4 and writes sendmail.cf lines at the very
end (proto.m4 runs from m4wrap), so a value is read in the state the whole
file leaves behind: the last define wins, and a DAEMON_OPTIONS argument is
expanded again when its line is written. This module records each call with
the source span that caused it and computes the option lines the same way.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..source import LineIndex, Span, build
from ..vocabulary import daemon_key_for, load_vocabulary, port_number
from .config import (
    ClientOptions,
    ConfTable,
    ConfVariable,
    Daemon,
    DaemonField,
    Definition,
    Feature,
    LocalSection,
    MacroCall,
    Mailer,
    OutputLine,
    SendmailConfig,
    Site,
    Unknown,
    UserMacro,
)
from . import m4
from .m4 import BudgetExceeded, Call, Evaluator, Frame, Macro, arg

if TYPE_CHECKING:
    from ..vocabulary.models import ConfVariable as VocabularyConf
    from .checkpoints import Checkpoints

# What a few cf files do to the options we model, written as the m4 they are
# equivalent to (facts from the files in sendmail-cf 8.17; the effect only).
FILE_EFFECTS: dict[tuple[str, str], str] = {
    ("feature", "no_default_msa"): "define(`_NO_MSA_', `1')",
    ("feature", "msp"): (
        "define(`confPRIVACY_FLAGS', `goaway,noetrn,restrictqrun')"
        "FEATURE(`no_default_msa')"
        "ifelse(defn(`_DPO_'), `', `DAEMON_OPTIONS(`Name=NoMTA, Addr=127.0.0.1, M=E')')"
    ),
    ("hack", "msp_nullclient"): "ifelse(defn(`_DPO_'), `', `DAEMON_OPTIONS(`Name=NoMTA, Addr=127.0.0.1, M=E')')",
}


@cache
def _file_effects() -> dict[str, dict[str, Optional[str]]]:
    """Option lines each FEATURE/DOMAIN/HACK file changes, measured with real m4
    (tests/model/regenerate_file_effects.py keeps it current)."""
    data = resources.files("mcparse.model").joinpath("file_effects.json").read_text(encoding="utf-8")
    return json.loads(data)


@cache
def _conf_table() -> tuple[tuple[str, "VocabularyConf", bool], ...]:
    """Each conf variable, and whether its line is written even when it is not
    defined: build_config walks them all for every file."""
    return tuple(
        (name, variable, variable.emission in _EMITTED_WHEN_UNDEFINED)
        for name, variable in load_vocabulary().conf_variables.items()
    )


_NOT_YET = "not computed yet"


@cache
def _kept_defaults() -> dict[str, tuple[list[str], str, Optional[str]]]:
    """For each cf.m4 default: the names in it, and the value and option line
    it gives while none of them is defined and the quotes are m4's own (see
    SendmailEvaluator.expand_text). Most files keep most defaults."""
    kept = {}
    variables = load_vocabulary().conf_variables
    for name, macro in _cf_defaults().items():
        value = _strip_one_quote_level(macro.body) if "`" in macro.body else macro.body
        if value is not None:
            kept[name] = (_NAMES.findall(macro.body), value, variables[name].line_for(value, macro.body))
    return kept


@cache
def _shipped(kind: str) -> frozenset[str]:
    """The names of the ostype/domain/feature/hack files sendmail-cf ships."""
    vocabulary = load_vocabulary()
    table = {"ostype": vocabulary.ostypes, "domain": vocabulary.domains, "feature": vocabulary.features,
             "hack": vocabulary.hacks}.get(kind, {})
    return frozenset(table)


@cache
def _conf_for_option() -> dict[str, str]:
    return {
        variable.option: name
        for name, variable in load_vocabulary().conf_variables.items()
        if variable.option and variable.emission == "option"
    }

# What a few cf files define that file_effects.json cannot say (facts from
# the files in sendmail-cf 8.17): a variable defined empty, whose line is
# `O Name' without "=" (the measurement reads that as removed), and cf
# internals that write no option line of their own (_NO_MSA_, set by the
# FEATURE(`no_default_msa') that debian-msp.m4 runs for any sendmail from
# 8.10 on). Applied after the measured effects, without a record of a
# definition in the file.
FILE_DEFINES: dict[tuple[str, str], dict[str, str]] = {
    ("feature", "msp"): {"confFORWARD_PATH": ""},
    ("feature", "nullclient"): {"confFORWARD_PATH": ""},
    ("hack", "msp_nullclient"): {"confFORWARD_PATH": "", "_NO_MSA_": "1"},
    ("domain", "debian-msp"): {"confHOST_STATUS_DIRECTORY": "", "DEBIAN_MSP": "", "_NO_MSA_": "1"},
    ("domain", "debian-mta"): {"DEBIAN_MTA": ""},
}
# Measured values a cf file appends to the variable's value rather than
# sets: debian-mta.m4 adds its flags to whatever confDONT_BLAME_SENDMAIL holds.
FILE_APPENDS: dict[tuple[str, str], frozenset[str]] = {
    ("domain", "debian-mta"): frozenset({"confDONT_BLAME_SENDMAIL"}),
}
# The relay domains and masquerade name a cf file sets (RELAY_DOMAIN and
# MASQUERADE_AS calls inside it).
FILE_RELAY_DOMAINS: dict[tuple[str, str], tuple[str, ...]] = {
    ("feature", "block_bad_helo"): ("127.0.0.1", "IPv6:0:0:0:0:0:0:0:1", "IPv6:::1"),
}
FILE_MASQUERADE_AS: dict[tuple[str, str], str] = {
    ("domain", "EECS.Berkeley.EDU"): "EECS.Berkeley.EDU",
    ("domain", "S2K.Berkeley.EDU"): "postgres.Berkeley.EDU",
}

# Options a cf file computes from the .mc's own settings (paths under
# QUEUE_DIR, the run-as user, ...): the measured values are the usual result.
FILE_UNDECIDED: dict[tuple[str, str], tuple[str, ...]] = {
    ("feature", "msp"): ("QueueDirectory", "StatusFile", "PidFile", "RunAsUser", "TrustedUser"),
    ("domain", "debian-msp"): ("HostStatusDirectory", "StatusFile", "PidFile", "QueueDirectory"),
    ("domain", "debian-mta"): ("HostStatusDirectory", "StatusFile", "PidFile", "QueueDirectory"),
}

# Output sections: LOCAL_CONFIG and friends switch m4 to a diversion whose
# text lands in a fixed place of sendmail.cf.
SECTIONS = {
    "LOCAL_CONFIG": 6,
    "LOCAL_RULESETS": 9,
    "LOCAL_RULE_0": 3,
    "LOCAL_RULE_1": 9,
    "LOCAL_RULE_2": 9,
    "LOCAL_RULE_3": 2,
    "LOCAL_NET_CONFIG": 1,
    "LOCAL_DNSBL": 8,
    "LOCAL_UUCP": 4,
    "LOCAL_CLT_FEATURES": 9,
    "LOCAL_SRV_FEATURES": 9,
    "LOCAL_TRY_TLS": 9,
    "LOCAL_TLS_RCPT": 9,
    "LOCAL_TLS_CLIENT": 9,
    "LOCAL_TLS_SERVER": 9,
    "LOCAL_TLS_CONN": 9,
    "LOCAL_STARTTLS": 9,
    "MAILER_DEFINITIONS": 7,
}

# Recorded as calls on the model; they expand to nothing we need to rescan.
LIST_MACROS = {
    "TRUST_AUTH_MECH": "trust_auth_mech",
    "MASQUERADE_DOMAIN": "masquerade_domains",
    "RELAY_DOMAIN": "relay_domains",
}
RECORDED_ONLY = {
    "EXPOSED_USER", "EXPOSED_USER_FILE", "LOCAL_USER", "LOCAL_USER_FILE", "LOCAL_DOMAIN", "RELAY_DOMAIN_FILE",
    "MASQUERADE_DOMAIN_FILE", "MASQUERADE_EXCEPTION", "MASQUERADE_EXCEPTION_FILE", "GENERICS_DOMAIN",
    "GENERICS_DOMAIN_FILE", "CANONIFY_DOMAIN", "CANONIFY_DOMAIN_FILE", "INPUT_MAIL_FILTER", "MAIL_FILTER",
    "QUEUE_GROUP", "CF_DIR", "SITE", "SITECONFIG", "LDAPROUTE_DOMAIN", "LDAPROUTE_DOMAIN_FILE",
    "LDAPROUTE_EQUIVALENT", "LDAPROUTE_EQUIVALENT_FILE", "VIRTUSER_DOMAIN", "VIRTUSER_DOMAIN_FILE",
}
# cf internals whose definedness we follow ourselves.
TRACKED_INTERNALS = {"_NO_MSA_", "_NETINET6_", "_MAILER_DEFINED_", "_DPO_", "_CPO_", "_ARG_", "_ARGS_"}

# Emission styles whose line appears even when the variable is not defined.
_EMITTED_WHEN_UNDEFINED = ("always", "time_zone")
_NAMES = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTE_SPLIT = re.compile(r"([`'])")
_TEMPLATE_MARKERS = ("{{", "{%", "<%", "@@", "__")
MAX_REASON = 300


# Model records are built with source.build (no validation): the
# evaluator makes thousands per file from values whose types it controls;
# validating each cost a quarter of resolve time and copied every tuple.


# Text macros cfhead.m4 defines; shared, so _cf_expansion can recognise them.
_CF_TEXT_MACROS = {
    "MAIL_SETTINGS_DIR": Macro("MAIL_SETTINGS_DIR", "/etc/mail/"),
    "_DPO_": Macro("_DPO_", ""),
    "_CPO_": Macro("_CPO_", ""),
}


# What an OSTYPE file defines depending on how the installed sendmail was
# built, besides the vocabulary's conditional_defines: Debian's debian.m4
# reads sm_ffr, sm_enable_ipv6 and sm_version_math from its build's
# autoconf.m4. The values are those of the build the vocabulary describes
# (Debian 12, 8.17.1.9-2+deb12u2); another build may differ, so the options
# stay undecided (SendmailEvaluator.build_defaults).
OSTYPE_BUILD_DEFINES: dict[str, dict[str, str]] = {
    "debian": {"confBIND_OPTS": "+WorkAroundBrokenAAAA"},
}


@cache
def _ostype_macros(name: str) -> tuple[dict[str, Macro], dict[str, Macro], dict[str, Macro]]:
    """What OSTYPE(name) defines, defines unless already defined, and
    defines as its sendmail build decides, as shared macros (like _cf_defaults)."""
    ostype = load_vocabulary().ostypes[name]
    build_defines = {**ostype.conditional_defines, **OSTYPE_BUILD_DEFINES.get(name, {})}
    return (
        {variable: Macro(variable, value) for variable, value in ostype.defines.items()},
        {variable: Macro(variable, value) for variable, value in ostype.default_defines.items()},
        {variable: Macro(variable, value) for variable, value in build_defines.items()},
    )


@cache
def _cf_text_macros() -> dict[int, Macro]:
    """Every shared macro of cf.m4's own texts, by id: build_config expands
    these with expand_cf."""
    macros = list(_cf_defaults().values()) + list(_CF_TEXT_MACROS.values())
    for name in load_vocabulary().ostypes:
        for table in _ostype_macros(name):
            macros.extend(table.values())
    return {id(macro): macro for macro in macros}


@cache
def _cf_defaults() -> dict[str, Macro]:
    """The conf variables cf.m4 defines with a default, as macros. Built once:
    macros are never changed in place, so every evaluator can share them."""
    return {
        name: Macro(name, variable.cf_default_raw)
        for name, variable in load_vocabulary().conf_variables.items()
        if variable.cf_default_raw is not None and variable.emission != "always"
    }


@cache
def _cf_builtins(cls: type["SendmailEvaluator"]) -> dict[str, Macro]:
    """sendmail's own macros as builtins, built once (see m4.Macro.builtin)."""
    table = {name: Macro(name, builtin=getattr(cls, method)) for name, method in SENDMAIL_BUILTINS.items()}
    table.update((name, Macro(name, builtin=cls._list_macro)) for name in LIST_MACROS)
    table.update((name, Macro(name, builtin=cls._recorded)) for name in RECORDED_ONLY)
    table.update((name, Macro(name, builtin=cls._section)) for name in SECTIONS)
    return table


# Evaluator attributes that are not what reading the file built: the text and
# where reading stands (restore sets those), caches, and per-call scratch
# state that is empty between two tokens of the file.
_NOT_STATE = frozenset({
    "source", "index", "frames", "max_tokens", "reader", "recorder", "_scanners", "_last_site", "capture",
    "_collecting",
})
# Tables whose values are lists that grow in place.
_TABLES_OF_LISTS = frozenset({"definitions", "hidden", "lists", "diverted"})


def _copied(state: dict[str, Any]) -> dict[str, Any]:
    """A copy of an evaluator's state that reading on cannot change: every
    list, table and set that grows in place is copied; the records in them
    are never changed once made, so they are shared."""
    copy: dict[str, Any] = {}
    for name, value in state.items():
        kind = type(value)
        if kind is list:
            value = list(value)
        elif kind is dict:
            value = {key: list(item) for key, item in value.items()} if name in _TABLES_OF_LISTS else dict(value)
        elif kind is set:
            value = set(value)
        copy[name] = value
    # A section's lines grow while its diversion is current.
    copy["sections"] = [(kind, number, site, list(lines)) for kind, number, site, lines in state["sections"]]
    return copy


class SendmailEvaluator(Evaluator):
    def __init__(self, source: str, cf_included_from_start: bool, index: Optional[LineIndex] = None) -> None:
        super().__init__(source)
        self.index = index if index is not None else LineIndex(source)
        self.features: list[Feature] = []
        self.hacks: list[Feature] = []
        self.mailers: list[Mailer] = []
        self.daemons: list[tuple[str, Site]] = []
        self.clients: list[tuple[str, Site]] = []
        self.calls: list[MacroCall] = []
        self.definitions: dict[str, list[Definition]] = {}
        self.user_macros: dict[str, UserMacro] = {}
        self.unknowns: list[Unknown] = []
        self.lists: dict[str, list[str]] = {key: [] for key in LIST_MACROS.values()}
        self.includes: list[str] = []
        self.local_files: list[str] = []
        self.shell: list[MacroCall] = []
        self.sections: list[tuple[str, int, Site, list[str]]] = []
        self.output: list[tuple[str, int, int]] = []
        # Text in each positive diversion not yet undiverted: m4 writes it
        # into sendmail.cf where proto.m4 undiverts it, or at the very end.
        self.diverted: dict[int, list[tuple[str, int, int]]] = {}
        self.versionid: Optional[str] = None
        self.ostype: Optional[str] = None
        self.ostype_site: Optional[Site] = None
        self.domains: list[str] = []
        self.masquerade_as: Optional[str] = None
        self.cf_included = False
        self.fragment = False
        self.has_filters = False
        self.file_options: dict[str, Optional[str]] = {}
        self.undecided: set[str] = set()
        # Conf variables an OSTYPE file set as its sendmail build decides.
        self.build_defaults: dict[str, Macro] = {}
        self.reader: Optional["IncludeReader"] = None
        self.predefined: set[str] = set()
        # expand_text collects all output here, whatever the diversion.
        self.capture: Optional[list[str]] = None
        self._last_site: Optional[tuple[Call, Site]] = None
        # The store macros (_DPO_, _CPO_) _port_options built itself, so known
        # to hold no quote character.
        self._quote_free: dict[str, Macro] = {}
        # Where states part way through the file are recorded (checkpoints.py), if anywhere.
        self.recorder: Optional["Checkpoints"] = None
        if cf_included_from_start:
            self._load_cf()

    # ------------------------------------------------------------ checkpoints

    def first_mark(self) -> "tuple[Optional[Frame], Optional[int]]":
        frames = self.frames
        # Only the reading of the file itself, never of a text expand_text pushes.
        if self.recorder is None or self.reader is not None or len(frames) != 1 or frames[0].base != 0:
            return None, None
        return frames[0], self.recorder.next_offset()

    def mark(self, offset: int) -> Optional[int]:
        recorder = self.recorder
        assert recorder is not None
        # The reading up to here may have looked one delimiter past it.
        recorder.record(offset, self.longest_delimiter + 1, self.snapshot())
        return recorder.next_offset()

    def snapshot(self) -> dict[str, Any]:
        """A copy of everything reading the file has built so far."""
        return _copied({name: value for name, value in vars(self).items() if name not in _NOT_STATE})

    def restore(self, state: dict[str, Any], offset: int) -> None:
        """Continue from ``state`` (a snapshot) as if the first ``offset``
        characters of this evaluator's text had been read."""
        for name, value in _copied(state).items():  # the mark keeps its own copy
            setattr(self, name, value)
        self.frames = [Frame(self.source, offset, 0, (0, len(self.source)))]

    # ------------------------------------------------------------ bookkeeping

    def site(self, start: int, end: int, via: tuple[str, ...] = ()) -> Site:
        return build(Site, span=self.index.span(start, max(start, end)), via=via)

    def call_site(self, call: Call) -> Site:
        # A builtin records its call more than once (the call, a definition, a
        # feature): they share one Site, made for the call it last saw.
        last = self._last_site
        if last is not None and last[0] is call:
            return last[1]
        site = self.site(call.start, call.end, call.via)
        self._last_site = (call, site)
        return site

    def note_unknown(self, kind: str, reason: str, start: int, end: int) -> None:
        if len(reason) > MAX_REASON:
            # Reasons quote the call's argument, which a hostile file makes a
            # megabyte long; keep both ends, where the words that explain it are.
            half = (MAX_REASON - 5) // 2
            reason = reason[:half] + " ... " + reason[-half:]
        if len(self.unknowns) < 200:
            span = self.index.span(start, max(start, end))
            self.unknowns.append(build(Unknown, reason=reason, span=span, kind=kind))

    def emit(self, text: str, start: int, end: int) -> None:
        if self.capture is not None:
            self.capture.append(text)
            return
        if self.diversion < 0:
            return
        if self.diversion == 0:
            self.output.append((text, start, end))
            return
        self.diverted.setdefault(self.diversion, []).append((text, start, end))
        if self.sections and self.sections[-1][1] == self.diversion:
            self.sections[-1][3].append(text)

    def undivert(self, number: Optional[int]) -> None:
        numbers = sorted(self.diverted) if number is None else [number]
        for taken in numbers:
            if taken == self.diversion:
                continue  # m4 does not undivert the current diversion into itself
            pieces = self.diverted.pop(taken, [])
            if self.diversion < 0:
                continue  # undiverted into a discarded diversion: the text is gone
            target = self.output if self.diversion == 0 else self.diverted.setdefault(self.diversion, [])
            target.extend(pieces)

    def on_define(self, name: str, value: str, call: Call) -> None:
        if name in TRACKED_INTERNALS:
            # cf.m4's own accumulators (_DPO_ grows with every DAEMON_OPTIONS):
            # keeping each intermediate value would cost memory quadratic in
            # the number of daemons, and nothing reads their history.
            return
        if self.cf_included or name.startswith("conf"):
            self.predefined.discard(name)
        self.definitions.setdefault(name, []).append(
            build(Definition, value=value, site=self.call_site(call), raw=value)
        )
        if not name.startswith("conf") and name not in TRACKED_INTERNALS:
            self.user_macros[name] = build(
                UserMacro, name=name, body=value, site=self.call_site(call), uses=()
            )

    def on_undefine(self, name: str, call: Call) -> None:
        self.predefined.discard(name)
        self.definitions.setdefault(name, []).append(build(Definition, value=None, site=self.call_site(call), raw=None))

    def on_shell(self, call: Call) -> None:
        record = build(MacroCall, name=call.name, arguments=tuple(call.args), site=self.call_site(call))
        self.shell.append(record)
        self.note_unknown("shell", f"{call.name} runs a shell command when m4 compiles the file; "
                          "mcparse never runs it, so its output is unknown", call.start, call.end)

    def check_ifdef(self, name: str, call: Call) -> None:
        if self.is_defined(name) or name in TRACKED_INTERNALS:
            return
        if name.startswith("_") or (self.ostype and self.ostype not in load_vocabulary().ostypes):
            self.note_unknown("ifdef", f"ifdef(`{name}') depends on cf.m4 internals mcparse does not model",
                              call.start, call.end)

    # ------------------------------------------------------------ includes

    def include(self, path: str, call: Call) -> str:
        self.includes.append(path)
        if path.rstrip().endswith("cf.m4"):
            if not self.cf_included:
                self._load_cf()
            return ""
        if self.reader is not None:
            real = self.reader.locate(path)
            if real is not None:
                # Included text carries its file in `via`, so the files being
                # read are those named by the frames still open.
                marker = f"include {real}"
                reading = {name for frame in self.frames for name in frame.via if name.startswith("include ")}
                if marker in reading:
                    self.note_unknown("other", f"include cycle: `{path}' is already being read; m4 would loop "
                                      "until it runs out of memory", call.start, call.end)
                    return ""
                if len(reading) >= self.reader.MAX_DEPTH:
                    self.note_unknown("other", f"include(`{path}') nested more than {self.reader.MAX_DEPTH} "
                                      "files deep: not read", call.start, call.end)
                    return ""
                text = self.reader.read_located(real)
                if text is not None:
                    self.push(text, (call.start, call.end), call.via + (marker,))
                    return ""
        if call.name == "sinclude" and self.reader is not None:
            return ""  # m4 ignores a missing sinclude(); so does the model
        return super().include(path, call)

    def _load_cf(self) -> None:
        """What including cf.m4 does to the m4 state (cfhead.m4)."""
        self.cf_included = True
        self.comment = None  # cfhead.m4: changecom()
        self.diversion = 0  # cf.m4 ends in divert(0): text after the include reaches sendmail.cf
        defaults, macros = _cf_defaults(), self.macros
        # cfhead.m4 defines its defaults unconditionally: a define of one of
        # them before the include of cf.m4 is overwritten, as in m4.
        macros.update(defaults)
        self.predefined.update(defaults)
        # ... but MAIL_SETTINGS_DIR only when the file has not defined it.
        settings = macros.get("MAIL_SETTINGS_DIR")
        macros.update(_CF_TEXT_MACROS)
        if settings is not None:
            macros["MAIL_SETTINGS_DIR"] = settings
        macros.update(_cf_builtins(type(self)))
        # cfhead.m4 undefines GNU m4's format (and hpux, which GNU m4 lacks).
        self.forget("format")

    def _run_effect(self, kind: str, name: str, call: Call) -> bool:
        # Nearly every cf file starts with divert(0) and a VERSIONID line, so a
        # "#####" line lands in sendmail.cf wherever the call stands: it ends
        # whatever partial line the file's own text had left open.
        saved, self.diversion = self.diversion, 0
        self.emit(f"#####  {kind}/{name}.m4  #####\n", call.start, call.end)
        self.diversion = saved
        self.undecided.update(FILE_UNDECIDED.get((kind, name), ()))
        # msp_nullclient runs DOMAIN(`debian-msp') unless it already ran.
        runs_debian_msp = (kind, name) == ("hack", "msp_nullclient") and not self.is_defined("DEBIAN_MSP")
        conf_for = _conf_for_option()
        appends = FILE_APPENDS.get((kind, name), frozenset())
        for option, value in _file_effects().get(f"{kind}/{name}", {}).items():
            variable = conf_for.get(option)
            if variable is None:
                self.file_options[option] = value
            elif value is None:
                self.predefined.discard(variable)
                self.forget(variable)
            elif variable in appends:
                current = self.macros.get(variable)
                before = current.body if current is not None and current.builtin is None else ""
                self.predefined.discard(variable)
                self.define_text(variable, before + value)
            else:
                self.predefined.discard(variable)
                self.define_text(variable, self.quote(value))
        defines = FILE_DEFINES.get((kind, name), {})
        if runs_debian_msp:
            defines = {**FILE_DEFINES[("domain", "debian-msp")], **defines}
        for variable, value in defines.items():
            self.predefined.discard(variable)
            self.define_text(variable, value)
        self.lists["relay_domains"].extend(FILE_RELAY_DOMAINS.get((kind, name), ()))
        if (kind, name) in FILE_MASQUERADE_AS:
            self.masquerade_as = FILE_MASQUERADE_AS[(kind, name)]
        elif (kind, name) == ("feature", "nullclient") and arg(call, 1).strip():
            # nullclient.m4: MASQUERADE_AS(_NULL_CLIENT_), its argument.
            self.masquerade_as = arg(call, 1).strip()
        snippet = FILE_EFFECTS.get((kind, name))
        if snippet:
            self.push(snippet, (call.start, call.end), call.via + (f"{kind}/{name}",))
        return self._read_local_file(kind, name, call)

    def _read_local_file(self, kind: str, name: str, call: Call) -> bool:
        """Read a file sendmail-cf does not ship from the configured cf
        directory (a site's own ostype/, domain/ or feature/ file), for what it
        defines; what sendmail-cf ships is known from the vocabulary instead."""
        if self.reader is None or name in _shipped(kind) or not _NAMES.fullmatch(name.replace("-", "_").replace(".", "_")):
            return False
        text = self.reader.read_cf_file(f"{kind}/{name}.m4")
        if text is None:
            return False
        self.local_files.append(f"{kind}/{name}")
        if kind == "feature":
            # cf.m4's FEATURE passes its further arguments as _ARG_, _ARG2_, ...
            for position, value in enumerate(call.args[1:10], start=1):
                self.define_text("_ARG_" if position == 1 else f"_ARG{position}_", value)
        self.push(text, (call.start, call.end), call.via + (f"{kind}/{name}",))
        return True

    # ------------------------------------------------------------ sendmail macros

    def _record(self, call: Call) -> MacroCall:
        record = build(MacroCall, name=call.name, arguments=tuple(call.args), site=self.call_site(call))
        self.calls.append(record)
        return record

    def _versionid(self, call: Call) -> str:
        self._record(call)
        self.versionid = arg(call, 0)
        return ""

    def _ostype(self, call: Call) -> str:
        self._record(call)
        name = arg(call, 0).strip()
        self.ostype = name
        self.ostype_site = self.call_site(call)
        known = load_vocabulary().ostypes.get(name)
        read = self._run_effect("ostype", name, call)
        if known is None:
            if not read:
                self.note_unknown("other", f"OSTYPE `{name}' is not a file sendmail-cf ships", call.start, call.end)
            return ""
        defines, default_defines, build_defines = _ostype_macros(name)
        self.macros.update(defines)
        for variable, macro in default_defines.items():
            if not self.is_defined(variable):
                self.macros[variable] = macro
        variables = load_vocabulary().conf_variables
        for variable, macro in build_defines.items():
            self.macros[variable] = macro
            if variable in variables:
                self.build_defaults[variable] = macro
        return ""

    def _domain(self, call: Call) -> str:
        self._record(call)
        name = arg(call, 0).strip()
        self.domains.append(name)
        if not self._run_effect("domain", name, call) and name not in _shipped("domain"):
            # A site's own domain file: whatever it defines is not known.
            self.note_unknown("other", f"DOMAIN `{name}' is not a file sendmail-cf ships", call.start, call.end)
        return ""

    def _feature(self, call: Call) -> str:
        self._record(call)
        name = arg(call, 0).strip()
        feature = build(
            Feature, name=name, arguments=tuple(call.args[1:]), site=self.call_site(call),
            after_mailer=self.is_defined("_MAILER_DEFINED_"),
        )
        self.features.append(feature)
        self._run_effect("feature", name, call)
        return ""

    def _hack(self, call: Call) -> str:
        self._record(call)
        name = arg(call, 0).strip()
        self.hacks.append(build(
            Feature, name=name, arguments=tuple(call.args[1:]), site=self.call_site(call), after_mailer=False,
        ))
        self._run_effect("hack", name, call)
        return ""

    def _mailer(self, call: Call) -> str:
        self._record(call)
        self.mailers.append(build(Mailer, name=arg(call, 0).strip(), site=self.call_site(call)))
        self.define_text("_MAILER_DEFINED_", "1")
        return ""

    def _daemon_options(self, call: Call) -> str:
        self._record(call)
        self.daemons.append((arg(call, 0), self.call_site(call)))
        return self._port_options("_DPO_", "DaemonPortOptions", call)

    def _client_options(self, call: Call) -> str:
        self._record(call)
        self.clients.append((arg(call, 0), self.call_site(call)))
        return self._port_options("_CPO_", "ClientPortOptions", call)

    def _port_options(self, store: str, option: str, call: Call) -> str:
        # cf.m4 appends a line to a macro and m4 rescans the result, so the
        # argument goes through one more round of quote removal here; stray
        # apostrophes in it then land in sendmail.cf (m4 does exactly this).
        value = arg(call, 0)
        if self._appends_verbatim(store, option, value):
            # What the m4 text below does, without rescanning the whole list
            # on every call (quadratic in the number of daemons).
            current = self.macros.get(store)
            body = f"{current.body if current is not None else ''}\nO {option}={value}"
            self.expansions += 2  # the define and the defn of the m4 text
            if self.expansions > m4.MAX_EXPANSIONS or len(body) > m4.MAX_TEXT:
                raise BudgetExceeded
            self.define_text(store, body, (call.start, call.end))
            self._quote_free[store] = self.macros[store]
            return ""
        return f"define(`{store}', defn(`{store}')\nO {option}=`{value}')"

    def _appends_verbatim(self, store: str, option: str, value: str) -> bool:
        """Whether the m4 text of _port_options would append ``value`` to
        ``store`` exactly: m4's quotes, define and defn untouched, no macro
        named like the words around the value, and no quote character in the
        value or in the store so far (m4 rescans both, and a stray quote in
        either changes what it keeps)."""
        macros = self.macros
        if self.lquote != "`" or self.rquote != "'" or self.comment not in (None, "#"):
            return False
        if "`" in value or "'" in value:
            return False
        current = macros.get(store)
        if current is not None and (
            current.builtin is not None or (current.body and self._quote_free.get(store) is not current)
        ):
            return False
        define, defn = macros.get("define"), macros.get("defn")
        if define is None or define.builtin is not Evaluator._define or defn is None or defn.builtin is not Evaluator._defn:
            return False
        return "O" not in macros and option not in macros

    def _masquerade_as(self, call: Call) -> str:
        self._record(call)
        self.masquerade_as = arg(call, 0)
        return ""

    def _list_macro(self, call: Call) -> str:
        self._record(call)
        self.lists[LIST_MACROS[call.name]].extend(arg(call, 0).split())
        return ""

    def _recorded(self, call: Call) -> str:
        self._record(call)
        if call.name in ("INPUT_MAIL_FILTER", "MAIL_FILTER"):
            self.has_filters = True
        if call.name == "INPUT_MAIL_FILTER":
            self._input_mail_filter(call)
        return ""

    def _input_mail_filter(self, call: Call) -> None:
        """cfhead.m4's INPUT_MAIL_FILTER appends the name to confINPUT_MAIL_FILTERS:

            ifelse(defn(`confINPUT_MAIL_FILTERS')X, `X',
            `define(`confINPUT_MAIL_FILTERS', $1)',
            `define(`confINPUT_MAIL_FILTERS', defn(`confINPUT_MAIL_FILTERS')`, '`$1')')

        The first name is unquoted there, so m4 reads it again; a plain name
        (no quote, comma, parenthesis or macro name in it) reads the same."""
        name = arg(call, 0)
        current = self.macros.get("confINPUT_MAIL_FILTERS")
        before = current.body if current is not None and current.builtin is None else ""
        if before:
            self.define_text("confINPUT_MAIL_FILTERS", f"{before}, {name}")
            return
        plain = (self.lquote, self.rquote) == ("`", "'") and not any(char in name for char in "`'(),#")
        if plain and self.macros.keys().isdisjoint(_NAMES.findall(name)):
            self.define_text("confINPUT_MAIL_FILTERS", name)
            return
        self.forget("confINPUT_MAIL_FILTERS")
        self.undecided.add("InputMailFilters")
        self.note_unknown(
            "other", f"INPUT_MAIL_FILTER(`{name}', ...): cf.m4 reads the milter's name again as m4 text when it "
            "starts confINPUT_MAIL_FILTERS, in ways mcparse does not follow", call.start, call.end,
        )

    def _section(self, call: Call) -> str:
        self._record(call)
        number = SECTIONS[call.name]
        self.diversion = number
        self.sections.append((call.name, number, self.call_site(call), []))
        return ""

    # ------------------------------------------------------------ the end of the file

    def standard_state(self) -> bool:
        """m4's own quotes and no comment, as cf.m4 leaves them."""
        return self.comment is None and self.lquote == "`" and self.rquote == "'"

    def expand_cf(self, text: str) -> str:
        """expand_text for one of cf.m4's own texts (a default, proto.m4's
        option lines): its expansion in cf.m4's own state is known (see
        _cf_expansion) and stands while every name the expansion meets is
        bound as it was there. Most files leave them all alone."""
        known = _cf_expansion(text)
        if known is None or not self.standard_state():
            return self.expand_text(text)
        result, bindings, tokens, expansions, output = known
        macros = self.macros
        for name, expected in bindings:
            macro = macros.get(name)
            if macro is not expected and (
                macro is None or expected is None or expected.builtin is None
                or macro.builtin is not expected.builtin or macro.needs_args != expected.needs_args
            ):
                return self.expand_text(text)
        if (
            self.tokens_read + tokens > self.max_tokens or self.expansions + expansions > m4.MAX_EXPANSIONS
            or self.output_size + output > m4.MAX_TEXT
        ):
            return self.expand_text(text)  # the run stops somewhere: let it say where
        self.tokens_read += tokens
        self.expansions += expansions
        self.output_size += output
        return result

    def expand_text(self, text: str) -> str:
        """Expand ``text`` in the final state, as proto.m4 does when it writes a line."""
        if not text:
            return ""
        if self.macros.keys().isdisjoint(_NAMES.findall(text)):
            # Nothing in it would expand (most values are plain words): m4
            # would only strip one level of quotes.
            if self.lquote not in text:
                return text
            if self.comment is None and self.lquote == "`" and self.rquote == "'":
                stripped = _strip_one_quote_level(text)
                if stripped is not None:
                    return stripped
        saved = self.frames, self.diversion, self.stopped, self.capture
        out: list[str] = []
        self.frames = []
        self.diversion = 0
        self.stopped = False
        self.capture = out
        try:
            self.push(text, (0, 0), ())
            self.run()
        except BudgetExceeded:
            pass
        finally:
            self.frames, self.diversion, self.stopped, self.capture = saved
        return "".join(out)


class _Reference(SendmailEvaluator):
    """cf.m4's own state and nothing else: expands one of cf.m4's texts and
    notes every name the expansion meets and whether it did anything besides
    produce text (recording a call, noting an unknown, changing a macro)."""

    def __init__(self) -> None:
        super().__init__("", cf_included_from_start=True)
        self.met: set[str] = set()
        self.pure = True

    def push(self, text: str, site: Span, via: tuple[str, ...]) -> None:
        self.met.update(_NAMES.findall(text))
        super().push(text, site, via)

    def note_unknown(self, kind: str, reason: str, start: int, end: int) -> None:
        self.pure = False

    def check_ifdef(self, name: str, call: Call) -> None:
        # Whether this notes an unknown also depends on the OSTYPE.
        if not self.is_defined(name) and name not in TRACKED_INTERNALS:
            self.pure = False

    def on_define(self, name: str, value: str, call: Call) -> None:
        self.pure = False

    def on_undefine(self, name: str, call: Call) -> None:
        self.pure = False

    def on_shell(self, call: Call) -> None:
        self.pure = False

    def include(self, path: str, call: Call) -> str:
        self.pure = False
        return ""

    def _record(self, call: Call) -> MacroCall:
        self.pure = False
        return super()._record(call)


_Expansion = tuple[str, tuple[tuple[str, Optional[Macro]], ...], int, int, int]


@cache
def _cf_expansion(text: str) -> Optional[_Expansion]:
    """One of cf.m4's own texts expanded in cf.m4's own state: the result,
    the binding of every name the expansion met, and what it adds to the
    evaluator's counters; None if the expansion does anything else. Made on
    first use (once per process), and only ever asked for cf.m4's texts."""
    reference = _Reference()
    macros, hidden = dict(reference.macros), {key: list(value) for key, value in reference.hidden.items()}
    counters = reference.tokens_read, reference.expansions, reference.output_size
    result = reference.expand_text(text)
    unchanged = (
        reference.macros == macros and reference.hidden == hidden and reference.standard_state()
        and reference.comment_end == "\n"
    )
    if not reference.pure or not unchanged:
        return None
    names = sorted(reference.met.union(_NAMES.findall(text)))
    return (
        result,
        tuple((name, reference.macros.get(name)) for name in names),
        reference.tokens_read - counters[0],
        reference.expansions - counters[1],
        reference.output_size - counters[2],
    )


# The default daemons proto.m4 writes when the file has no DAEMON_OPTIONS
# (two with _NETINET6_, which solaris8/solaris11 define), and the default
# MSA it writes on the next line.
DEFAULT_MTA = (
    "ifdef(`_NETINET6_', `O DaemonPortOptions=Name=MTA-v4, Family=inet\n"
    "O DaemonPortOptions=Name=MTA-v6, Family=inet6', `O DaemonPortOptions=Name=MTA')"
)
DEFAULT_MSA = "ifdef(`_NO_MSA_', `dnl', `O DaemonPortOptions=Port=587, Name=MSA, M=E')"

# Options proto.m4 always writes whose default it builds from another
# macro: `O HelpFile=ifdef(`HELP_FILE', HELP_FILE, `MAIL_SETTINGS_DIR`'helpfile')'.
_ALWAYS_DEFAULT_TEXT = {"HELP_FILE": "MAIL_SETTINGS_DIR`'helpfile"}

# Where an option line lands in sendmail.cf, in order: the file's own text
# (m4 writes it as it reads it, before proto.m4 runs); proto.m4's first
# options (DontBlameSendmail, LDAPDefaultSpec, written before it undiverts
# anything); diversions 5 and 6 (LOCAL_CONFIG); the rest of proto.m4's
# options; then every other diversion.
_RANK_MAIN, _RANK_EARLY, _RANK_LOCAL, _RANK_PROTO, _RANK_LATE = range(5)
# proto.m4's line of `undivert(5)', the first diversion it writes.
_FIRST_UNDIVERT_LINE = 240

SENDMAIL_BUILTINS = {
    "VERSIONID": "_versionid",
    "OSTYPE": "_ostype",
    "DOMAIN": "_domain",
    "FEATURE": "_feature",
    "HACK": "_hack",
    "MAILER": "_mailer",
    "DAEMON_OPTIONS": "_daemon_options",
    "CLIENT_OPTIONS": "_client_options",
    "MASQUERADE_AS": "_masquerade_as",
}


class IncludeReader:
    """Reads include() files for the model: text only, from allowed roots only.

    A path is resolved (symlinks included) and must stay inside one of the
    roots: the configured cf directory (the first root) and the .mc's own
    directory. The number of files read and their size are bounded; the
    evaluator refuses a file that is already being read (m4 would loop) and
    includes nested deeper than MAX_DEPTH.
    """

    MAX_FILES = 64
    MAX_BYTES = 2_000_000
    MAX_DEPTH = 16

    def __init__(self, roots: list[str], base: Optional[str]) -> None:
        import os

        self.cf_dir = os.path.realpath(roots[0]) if roots and roots[0] else None
        self.roots = [os.path.realpath(root) for root in roots if root]
        self.base = base
        self.read_count = 0

    def locate(self, written: str) -> Optional[str]:
        """The real path ``written`` names, if it lies inside a root."""
        import os

        written = written.strip()
        if not written or "\0" in written:
            return None
        candidate = written if os.path.isabs(written) else os.path.join(self.base or ".", written)
        real = os.path.realpath(candidate)
        if not any(real == root or real.startswith(root + os.sep) for root in self.roots):
            return None
        return real

    def read(self, written: str) -> Optional[str]:
        real = self.locate(written)
        return None if real is None else self.read_located(real)

    def read_located(self, real: str) -> Optional[str]:
        """The text of ``real``, a path :meth:`locate` returned."""
        import os

        if self.read_count >= self.MAX_FILES or not os.path.isfile(real):
            return None
        try:
            with open(real, "rb") as handle:
                data = handle.read(self.MAX_BYTES + 1)
        except OSError:
            return None
        if len(data) > self.MAX_BYTES:
            return None
        self.read_count += 1
        return data.decode("utf-8", errors="surrogateescape")

    def read_cf_file(self, relative: str) -> Optional[str]:
        """A file of the cf directory (``feature/mine.m4``), if it has one."""
        import os

        return self.read(os.path.join(self.cf_dir, relative)) if self.cf_dir else None


def _strip_one_quote_level(text: str) -> Optional[str]:
    """Remove the outer quotes of each top-level quoted part; None if a quote is left open."""
    out: list[str] = []
    depth = 0
    # Quote characters alternate with the text between them.
    for piece in _QUOTE_SPLIT.split(text):
        if piece == "`":
            if depth:
                out.append(piece)
            depth += 1
        elif piece == "'" and depth:
            depth -= 1
            if depth:
                out.append(piece)
        else:
            out.append(piece)
    return None if depth else "".join(out)


def parse_fields(value: str, client: bool = False) -> tuple[DaemonField, ...]:
    """Split a PortOptions value the way sendmail does: at commas, leading
    blanks skipped, the key read by its first character only."""
    fields = []
    for raw in value.split(","):
        field = raw.lstrip(" \t")
        if not field:
            continue
        key_text, equals, rest = field.partition("=")
        key = None
        if equals:
            if client:
                from ..vocabulary import client_key_for

                known = client_key_for(key_text)
            else:
                known = daemon_key_for(key_text)
            key = known.name if known is not None else None
        fields.append(build(DaemonField, written=field, written_key=key_text.strip(), key=key, value=rest.lstrip(" \t")))
    return tuple(fields)


def make_daemon(option_value: str, implied: bool, site: Optional[Site]) -> Daemon:
    fields = parse_fields(option_value)
    values: dict[str, str] = {}
    for field in fields:
        if field.key and field.key not in values:
            values[field.key] = field.value
        elif field.key:
            values[field.key] = field.value  # a later field overrides an earlier one
    port = values.get("Port")
    number = 25 if port is None else port_number(port)
    return build(
        Daemon,
        option_value=option_value,
        name=values.get("Name"),
        port=port,
        port_number=number,
        addr=values.get("Addr"),
        family=(values.get("Family") or "inet").lower(),
        modifiers=values.get("Modifier", "").replace(" ", ""),
        fields=fields,
        implied=implied,
        site=site,
    )


def build_config(evaluator: SendmailEvaluator) -> SendmailConfig:
    # The input has ended: m4 reads what m4wrap saved before proto.m4, which
    # cf.m4 saved first, writes the option lines.
    evaluator.finish()
    # (rank, name, value): sendmail.cf's option lines in the order m4 writes
    # them (see _RANK_MAIN and the ranks after it); the sort keeps file order
    # within a rank.
    entries: list[tuple[int, str, str]] = []

    def add(name: str, value: str, rank: int = _RANK_PROTO) -> None:
        entries.append((rank, name, value))

    # Raw "O Name=value" lines the file writes itself, in the main text or
    # in a diversion, land where m4 writes that text.
    for rank, line in _raw_option_lines(evaluator):
        name, _, value = line[2:].partition("=")
        add(name, value, rank)

    daemons: list[Daemon] = []
    obsolete = evaluator.lookup("confDAEMON_OPTIONS")
    if obsolete is not None and obsolete.builtin is None and obsolete.body:
        evaluator.push("DAEMON_OPTIONS(`confDAEMON_OPTIONS')", (0, 0), ())
        evaluator.stopped = False
        evaluator.run()
    # DaemonPortOptions: the explicit daemons, else the default MTA(s); then
    # the default MSA unless no_default_msa. Both are proto.m4's text, read
    # in the file's final state (a macro named MSA or Port changes the MSA's
    # line), and read together: a dnl at the end of the last DAEMON_OPTIONS
    # value swallows the line break, and the MSA's line joins its line.
    implied = not _stored(evaluator, "_DPO_")
    lines = _option_lines(evaluator, "_DPO_", "DaemonPortOptions", DEFAULT_MTA)
    if (evaluator.lquote, evaluator.rquote) == ("`", "'"):
        combined = _option_lines(evaluator, "_DPO_", "DaemonPortOptions", DEFAULT_MTA, DEFAULT_MSA)
    else:
        # Other quotes (changequote, noted as unknown) would break the text
        # apart where m4 would break proto.m4's: the default MSA as written.
        combined = lines + ([] if evaluator.is_defined("_NO_MSA_") else [load_vocabulary().default_daemons[-1]])
    sites = [site for _, site in evaluator.daemons]
    for position, value in enumerate(combined):
        if position < len(lines):
            site = None if implied or position >= len(sites) else sites[position]
            daemons.append(make_daemon(value, implied=implied, site=site))
        else:
            daemons.append(make_daemon(value, implied=True, site=None))
    if evaluator.fragment:
        # A fragment never includes cf.m4: compiled alone it writes no option
        # lines, and the defaults belong to whichever file includes it.
        daemons = [daemon for daemon in daemons if not daemon.implied]
    for daemon in daemons:
        add("DaemonPortOptions", daemon.option_value)

    clients = []
    client_sites = [site for _, site in evaluator.clients]
    for position, value in enumerate(_option_lines(evaluator, "_CPO_", "ClientPortOptions", "#")):
        fields = parse_fields(value, client=True)
        values = {field.key: field.value for field in fields if field.key}
        clients.append(
            build(
                ClientOptions, option_value=value, fields=fields, family=(values.get("Family") or "inet").lower(),
                addr=values.get("Addr"), port=values.get("Port"), modifiers=values.get("Modifier", ""),
                site=client_sites[position] if position < len(client_sites) else None,
            )
        )
        add("ClientPortOptions", value)

    conf: dict[str, ConfVariable] = ConfTable()  # a missing name reads as undefined, not KeyError
    if evaluator.cf_included and not evaluator.fragment:
        _split_message_timeout(evaluator)
    macros, definitions = evaluator.macros, evaluator.definitions
    defaults, kept, cf_texts = _cf_defaults(), _kept_defaults(), _cf_text_macros()
    for name, variable, emitted_when_undefined in _conf_table():
        macro = macros.get(name)
        defined = macro is not None and macro.builtin is None
        if not defined and name not in definitions and not emitted_when_undefined:
            continue  # writes no option line and was never mentioned: nothing to record
        raw = macro.body if defined and macro is not None else None
        known = kept.get(name) if macro is not None and macro is defaults.get(name) else None
        if known is not None and evaluator.standard_state() and macros.keys().isdisjoint(known[0]):
            value, line = known[1], known[2]  # what expand_text and line_for give
        else:
            if raw is None:
                value = None
            elif id(macro) in cf_texts:
                value = evaluator.expand_cf(raw)
            else:
                value = evaluator.expand_text(_called(name, raw))
            line = _NOT_YET
        if name in evaluator.definitions or defined:
            conf[name] = build(
                ConfVariable, name=name, value=value, definitions=tuple(evaluator.definitions.get(name, ())),
                predefined=name in evaluator.predefined,
            )
        if not evaluator.cf_included and name not in evaluator.definitions:
            continue
        if variable.emission == "milter_option" and not evaluator.has_filters:
            continue
        if line is _NOT_YET:
            default_text = _ALWAYS_DEFAULT_TEXT.get(name) if value is None else None
            if default_text is not None and (evaluator.lquote, evaluator.rquote) == ("`", "'"):
                # proto.m4 writes the default from MAIL_SETTINGS_DIR as it stands.
                line = variable.line_for(evaluator.expand_cf(default_text), None)
            else:
                line = variable.line_for(value, raw)
        if line and line.startswith("O "):
            rank = _RANK_EARLY if (variable.proto_line or _FIRST_UNDIVERT_LINE) < _FIRST_UNDIVERT_LINE else _RANK_PROTO
            first, *rest = line.split("\n")
            option, _, option_value = first[2:].partition("=")
            add(option, option_value, rank)
            if rest:
                _multiline_value(evaluator, name, option, rest, lambda o, v: add(o, v, rank))
    entries.sort(key=lambda entry: entry[0])
    options: dict[str, list[str]] = {}
    for _, option, option_value in entries:
        options.setdefault(option, []).append(option_value)
    if evaluator.cf_included and not evaluator.fragment:
        _option_name_macros(evaluator, options)
        _build_defaults_left(evaluator)
        _undecided_by_unknowns(evaluator)
    for option, value in evaluator.file_options.items():
        if value is None:
            options.pop(option, None)
        else:
            options[option] = [value]
    # Conf-like names the vocabulary does not know still appear on the model.
    # A snapshot: expanding a value can run a FEATURE that defines more names.
    for name, definitions in list(evaluator.definitions.items()):
        if name.startswith("conf") and name not in conf:
            macro = evaluator.lookup(name)
            raw = macro.body if macro is not None and macro.builtin is None else None
            conf[name] = build(
                ConfVariable, name=name, value=evaluator.expand_text(_called(name, raw)) if raw is not None else None,
                definitions=tuple(definitions), predefined=False,
            )

    user_macros = []
    for macro in evaluator.user_macros.values():
        current = evaluator.lookup(macro.name)
        user_macros.append(macro if current is not None else macro.model_copy(update={"body": None}))

    sections = tuple(
        build(LocalSection, name=name, text="".join(parts), site=site) for name, _, site, parts in evaluator.sections
    )
    return build(
        SendmailConfig,
        versionid=evaluator.versionid,
        ostype=evaluator.ostype,
        ostype_site=evaluator.ostype_site,
        domains=tuple(evaluator.domains),
        features=tuple(evaluator.features),
        hacks=tuple(evaluator.hacks),
        daemons=tuple(daemons),
        client_options=tuple(clients),
        conf=conf,
        mailers=tuple(evaluator.mailers),
        trust_auth_mech=tuple(evaluator.lists["trust_auth_mech"]),
        masquerade_as=evaluator.masquerade_as,
        masquerade_domains=tuple(evaluator.lists["masquerade_domains"]),
        relay_domains=tuple(evaluator.lists["relay_domains"]),
        local_sections=sections,
        includes=tuple(evaluator.includes),
        local_files=tuple(evaluator.local_files),
        calls=tuple(evaluator.calls),
        user_macros=tuple(user_macros),
        cf_included=evaluator.cf_included and not evaluator.fragment,
        fragment=evaluator.fragment,
        cf_options={} if evaluator.fragment else options,
        undecided_options=tuple(sorted(evaluator.undecided)),
        output=tuple(_output_lines(evaluator)),
        unknowns=tuple(evaluator.unknowns),
        shell_commands=tuple(evaluator.shell),
        model_source="packaged-model",
        compiled=None,
    )


def _called(name: str, body: str) -> str:
    """The text m4 reads when a conf variable's name is met on its own, as
    proto.m4 writes it: $1..$9, $*, $@ are empty, $# is 0 and $0 its name."""
    return m4.substitute(body, Call(name, [], 0, 0, (), False))


def _definition_span(evaluator: SendmailEvaluator, name: str) -> Optional[Span]:
    """Where the file last defined ``name``, if it did."""
    found = evaluator.definitions.get(name)
    if found:
        return found[-1].site.span
    macro = evaluator.user_macros.get(name)
    return macro.site.span if macro is not None else None


def _note_at(evaluator: SendmailEvaluator, reason: str, span: Optional[Span]) -> None:
    evaluator.note_unknown("other", reason, span.start if span else 0, span.end if span else 0)


def _split_message_timeout(evaluator: SendmailEvaluator) -> None:
    """What proto.m4 does with the obsolete confMESSAGE_TIMEOUT: its value,
    up to a "/", becomes confTO_QUEUERETURN and the rest confTO_QUEUEWARN.

    proto.m4 passes the value unquoted to define and substr, so m4 reads it
    once more; a plain value (no quote, comma, parenthesis, dollar or macro
    name in it) reads the same, anything else is left undecided."""
    macro = evaluator.lookup("confMESSAGE_TIMEOUT")
    if macro is None or macro.builtin is not None:
        return
    value = evaluator.expand_text(_called("confMESSAGE_TIMEOUT", macro.body))
    plain = (
        evaluator.standard_state()
        and not any(char in value for char in "`'(),$#\n")
        and evaluator.macros.keys().isdisjoint(_NAMES.findall(value))
    )
    if not plain:
        _note_at(
            evaluator,
            f"confMESSAGE_TIMEOUT `{value}' is split by proto.m4 into the two queue timeouts, and its value "
            "is read again as m4 text there in ways mcparse does not follow",
            _definition_span(evaluator, "confMESSAGE_TIMEOUT"),
        )
        evaluator.undecided.update(("Timeout.queuereturn", "Timeout.queuewarn"))
        return
    slash = value.find("/")
    parts = {"confTO_QUEUERETURN": value} if slash == -1 else {
        "confTO_QUEUERETURN": value[:slash], "confTO_QUEUEWARN": value[slash + 1 :],
    }
    for name, part in parts.items():
        evaluator.predefined.discard(name)
        evaluator.define_text(name, part)


def _multiline_value(
    evaluator: SendmailEvaluator, name: str, option: str, rest: list[str], add: "Callable[[str, str], None]"
) -> None:
    """A value with line breaks: sendmail.cf gets its first line as the
    option's value and the others as lines of their own. Those that are
    option lines themselves are written, but where they stand among the
    other option lines is not followed: both options are undecided."""
    smuggled = [line for line in rest if line.startswith("O ")]
    if not smuggled:
        return
    names = []
    for line in smuggled:
        extra, _, extra_value = line[2:].partition("=")
        add(extra, extra_value)
        names.append(extra)
    evaluator.undecided.update([option, *names])
    _note_at(
        evaluator,
        f"the value of {name} spans several lines and writes its own `O {names[0]}' line into sendmail.cf; "
        "which of the option's lines sendmail keeps is not followed",
        _definition_span(evaluator, name),
    )


@cache
def _option_words() -> dict[str, frozenset[str]]:
    """Each word of an option name proto.m4 writes for a conf variable
    (``LogLevel``, ``Timeout`` and ``queuereturn``, ``O``), and the options
    whose line it is in. DaemonPortOptions and ClientPortOptions are not
    among them: their lines are read in the file's final state."""
    words: dict[str, set[str]] = {}
    options = set()
    for variable in load_vocabulary().conf_variables.values():
        if variable.option is None or variable.emission == "other":
            continue
        options.add(variable.option)
        for word in _NAMES.findall(variable.option):
            words.setdefault(word, set()).add(variable.option)
    words["O"] = options
    return {word: frozenset(names) for word, names in words.items()}


def _option_name_macros(evaluator: SendmailEvaluator, options: dict[str, list[str]]) -> None:
    """A macro named like a word of an option line (``LogLevel``, ``O``):
    m4 expands it inside the ``O LogLevel=`` line proto.m4 writes, which
    then names some other option or none. Not followed: noted, and the
    options are undecided."""
    words = _option_words()
    for name, record in evaluator.user_macros.items():
        affected = words.get(name)
        macro = evaluator.macros.get(name)
        if affected is None or macro is None or macro.builtin is not None:
            continue
        written = sorted(affected & options.keys())
        if not written and "\n" not in macro.body:
            continue  # only in "#O" comment lines, which it cannot turn into option lines
        evaluator.undecided.update(affected)
        if name == "O":
            where = "at the start of every `O Name=value' line"
        else:
            where = f"inside the `O {(written or sorted(affected))[0]}=' line"
        _note_at(
            evaluator,
            f"a macro named `{name}' is expanded {where} proto.m4 writes into sendmail.cf, "
            "which mcparse does not follow",
            record.site.span,
        )


def _undecided_by_unknowns(evaluator: SendmailEvaluator) -> None:
    """An option whose value the file set in a call that holds an unknown
    (``define(`confLOG_LEVEL', __line__)``, ``DAEMON_OPTIONS(regexp(...))``)
    is not presented as certain."""
    places = [(unknown.span.start, unknown.span.end) for unknown in evaluator.unknowns if unknown.span.end]
    if not places:
        return

    def holds_unknown(span: Span) -> bool:
        return any(span.start <= start and end <= span.end for start, end in places)

    variables = load_vocabulary().conf_variables
    for name, found in evaluator.definitions.items():
        variable = variables.get(name)
        if variable is not None and variable.option and found and holds_unknown(found[-1].site.span):
            evaluator.undecided.add(variable.option)
    for option, calls in (("DaemonPortOptions", evaluator.daemons), ("ClientPortOptions", evaluator.clients)):
        if any(holds_unknown(site.span) for _, site in calls):
            evaluator.undecided.add(option)


def _build_defaults_left(evaluator: SendmailEvaluator) -> None:
    """Options an OSTYPE file sets by how the installed sendmail was built
    (Debian's sm_ffr and IPv6 settings) stay undecided while the file keeps them."""
    for variable, macro in evaluator.build_defaults.items():
        if evaluator.macros.get(variable) is macro:
            option = load_vocabulary().conf_variables[variable].option
            if option:
                evaluator.undecided.add(option)


def _option_lines(
    evaluator: SendmailEvaluator, store: str, option: str, default: str, following: str = ""
) -> list[str]:
    """The values of the ``O option=`` lines that proto.m4 writes from the
    accumulated macro, or from ``default`` when nothing was accumulated, and
    from ``following``, proto.m4's next line, when given.

    proto.m4 tests the macro with ``ifelse(defn(...), `', default, ...)``; a
    stray apostrophe inside it closes that quote early, the commas after it
    then split ifelse's arguments and m4 writes something else entirely, so
    the test is evaluated as m4 would, not assumed.
    """
    prefix = f"O {option}="
    text = f"ifelse(defn(`{store}'), `', `{default}', `{store}')"
    text = evaluator.expand_cf(text + "\n" + following + "\n" if following else text)
    return [line[len(prefix) :] for line in text.split("\n") if line.startswith(prefix)]


def _stored(evaluator: SendmailEvaluator, store: str) -> str:
    macro = evaluator.lookup(store)
    return macro.body if macro is not None and macro.builtin is None else ""


def _raw_option_lines(evaluator: SendmailEvaluator) -> list[tuple[int, str]]:
    """The ``O`` lines in the text the file writes, each with its rank: the
    main text (diversion 0) comes out as m4 reads it, before proto.m4 runs;
    proto.m4 undiverts 5 and 6 (LOCAL_CONFIG) before most options and the
    rest after them, in its own order; m4 writes what is left at the end."""
    found: list[tuple[int, str]] = []

    def collect(pieces: list[tuple[str, int, int]], rank: int) -> None:
        text = "".join(piece for piece, _, _ in pieces)
        found.extend((rank, line) for line in text.split("\n") if line.startswith("O "))

    collect(evaluator.output, _RANK_MAIN)
    diverted = evaluator.diverted
    local_rules = evaluator.is_defined("_LOCAL_RULES_") or any(
        name == "LOCAL_NET_CONFIG" for name, _, _, _ in evaluator.sections
    )
    order = [5, 6, 2, 4] + ([1] if local_rules else []) + [3, 8, 9, 7]
    order += sorted(number for number in diverted if number not in order)
    for number in order:
        if number in diverted:
            collect(diverted[number], _RANK_LOCAL if number in (5, 6) else _RANK_LATE)
    return found


def _output_lines(evaluator: SendmailEvaluator) -> list[OutputLine]:
    """Group diversion-0 output into lines that hold more than whitespace.

    A piece copied from the source carries exact offsets, so each line in it
    gets its own span; a piece an expansion produced points at its call.
    """
    lines: list[OutputLine] = []
    current: list[str] = []
    start: Optional[int] = None
    end = 0
    for text, piece_start, piece_end in evaluator.output:
        exact = piece_end - piece_start == len(text)
        offset = piece_start
        for part in text.splitlines(keepends=True):
            part_start = offset if exact else piece_start
            part_end = offset + len(part) if exact else piece_end
            offset += len(part)
            if start is None:
                start = part_start
            current.append(part)
            end = max(end, part_end)
            if part.endswith(("\n", "\r")):
                line = "".join(current).rstrip("\r\n")
                if line.strip():
                    line_end = end - (len("".join(current)) - len(line)) if exact else end
                    lines.append(build(OutputLine, text=line, span=evaluator.index.span(start, max(start, line_end))))
                current, start, end = [], None, 0
                if len(lines) >= 1000:
                    return lines
    if current and "".join(current).strip() and start is not None:
        lines.append(build(OutputLine, text="".join(current), span=evaluator.index.span(start, max(start, end))))
    return lines


def template_unknowns(text: str, index: LineIndex) -> list[Unknown]:
    """Template markers (Jinja, ERB, build placeholders) make a file's meaning unknown."""
    found: list[Unknown] = []
    for marker in ("{{", "{%", "<%"):
        position = text.find(marker)
        if position != -1:
            found.append(
                build(
                    Unknown,
                    reason=f"template marker {marker!r}: the file is a template, its final text is not known",
                    span=index.span(position, position + len(marker)),
                    kind="template",
                )
            )
    return found
