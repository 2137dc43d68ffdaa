"""The cases of the sendmail.cf differential test and how the real m4 compiles them.

A :class:`Case` is one .mc text that ``mcparse.compile`` turns into a
sendmail.cf, together with the way GNU m4 compiles the same file: in a
temporary directory (absolute include of cf.m4), from sendmail-cf's ``cf/``
directory (``include(`../m4/cf.m4')``), or, for a file without an include()
of cf.m4, with cf.m4 given first on m4's command line (``m4 ../m4/cf.m4
x.mc``, the way sendmail's Build runs it), which is what mcparse.compile
does by itself with such a file.

Cases, all built at import time without running anything:

* ``feature-NAME``, ``ostype-NAME``, ``domain-NAME``, ``mailer-NAME``,
  ``hack-NAME``: a minimal config around every stock file of the installed
  sendmail-cf (arguments for the ones that need them);
* ``stock-cf/NAME.mc``, ``stock-debian/NAME.mc``: sendmail-cf's own sample
  configs, compiled the way their Makefile / Debian's sendmailconfig would;
* ``corpus/NAME``: every real-world corpus file that includes cf.m4 (or is
  meant for ``m4 cf.m4 file``), its cf.m4 path mapped to the installed copy
  as tests/m4oracle.py does; ``corpus-fragment/NAME``: the rest (no
  OSTYPE), compiled with cf.m4 first all the same;
* ``cfgen-SEED-INDEX``: random configs from tests/compile/cfgen.py;
* ``messages/NAME``: hand-written mistakes whose diagnostics are also
  checked line by line (:attr:`Case.expect_lines`).

The comparison removes the three lines cf.m4's makeinfo.sh writes into the
header (``##### built by USER@HOST on DATE``, ``##### in DIR``,
``##### using CF_DIR as configuration include directory``); everything else
must be byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
_TESTS = _HERE.parent
for _p in (str(_HERE), str(_TESTS)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import cfgen  # noqa: E402
import m4oracle  # noqa: E402

CF_DIR = m4oracle.CF_DIR
CF_M4 = m4oracle.CF_M4
RECORDED = _HERE / "recorded.json"

SEED = int(os.environ.get("MCPARSE_COMPILE_SEED", "20240917"))
COUNT = int(os.environ.get("MCPARSE_COMPILE_COUNT", "320"))
M4_TIMEOUT = 20.0

# m4's messages must not be translated.
_M4_ENV = {**os.environ, "LC_ALL": "C", "LANG": "C"}


# -- Header lines and diagnostics ------------------------------------------------------

# What sh/makeinfo.sh prints (cfhead.m4 includes its output): user, host,
# date, working directory and cf directory, different on every machine/run.
_BUILD_LINES = (
    re.compile(r"^##### built by [^\n]*\n", re.MULTILINE),
    re.compile(r"^##### in [^\n]*\n", re.MULTILINE),
    re.compile(r"^##### using [^\n]* as configuration include directory\n", re.MULTILINE),
)


def build_line_spans(cf: str) -> list[tuple[int, int]]:
    """Character spans of the three build lines (the first of each kind) in ``cf``."""
    spans = []
    for pattern in _BUILD_LINES:
        match = pattern.search(cf)
        if match:
            spans.append(match.span())
    return sorted(spans)


def strip_build_lines(cf: str) -> str:
    """``cf`` without the three machine-dependent ``#####`` build lines."""
    out = []
    last = 0
    for start, end in build_line_spans(cf):
        out.append(cf[last:start])
        last = end
    out.append(cf[last:])
    return "".join(out)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogateescape")).hexdigest()


# An m4 diagnostic: "m4:FILE:LINE: message" (or "m4: message"), always a
# whole line of its own on stderr, but possibly after an errprint() that
# did not end its text with a newline.
_M4_DIAGNOSTIC = re.compile(r"m4:(?:[^\n:]*:\d+:)? [^\n]*(?:\n|$)")
_MARKER = re.compile(r"\*\*\* (?:ERROR|WARNING)")


def errprint_stream(stderr: str) -> str:
    """m4's stderr without m4's own diagnostics: what cf.m4 errprint()ed, in order."""
    return _M4_DIAGNOSTIC.sub("", stderr)


def m4_diagnostics(stderr: str) -> list[str]:
    """m4's own diagnostics (``m4:file:line: ...``), one per entry, newline stripped."""
    return [m.group(0).rstrip("\n") for m in _M4_DIAGNOSTIC.finditer(stderr)]


def marker_lines(stream: str) -> list[str]:
    """The ``*** ERROR`` / ``*** WARNING`` messages of an errprint stream, whitespace collapsed.

    Each message runs from its marker to the next marker (or the end): cf.m4
    often errprint()s one message in several calls, with or without
    newlines between them, and mcparse may present such a run as one
    message with its parts on separate lines. Runs of whitespace become one
    space so the two presentations read the same; :func:`message_key`
    compares them without any whitespace at all.
    """
    starts = [m.start() for m in _MARKER.finditer(stream)]
    chunks = [stream[a:b] for a, b in zip(starts, starts[1:] + [len(stream)])]
    return [" ".join(chunk.split()) for chunk in chunks]


def message_key(message: str) -> str:
    """A marker message without whitespace: what must be equal on both sides."""
    return "".join(message.split())


# -- Cases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedLine:
    """A diagnostic whose text contains ``needle`` must point at an .mc line in [lo, hi]."""

    needle: str
    lo: int
    hi: int


@dataclass(frozen=True)
class Case:
    """One .mc to compile both ways."""

    id: str
    group: str
    # What mcparse.compile() gets.
    text: str
    # What m4 reads (the same text unless ``preload``).
    m4_text: str
    description: str = ""
    # m4 is given cf.m4 (``preload_path``) first on its command line.
    preload: bool = False
    preload_path: str = ""
    # m4 runs from sendmail-cf's cf/ directory (relative include of cf.m4).
    run_in_cf: bool = False
    # Relative paths created as empty files next to the .mc (site includes).
    stubs: tuple[str, ...] = ()
    filename: str = "input.mc"
    expect_lines: tuple[ExpectedLine, ...] = ()
    # Passed to mcparse.compile(path=...) (a file that exists, for sendmail-cf's own .mc files).
    our_path: str = ""
    # mcparse.compile(path=DIR/filename) with the text (and stubs) written to a
    # temporary DIR, the way m4 ran: its relative includes are looked up there.
    in_dir: bool = False

    @property
    def input_sha256(self) -> str:
        """Everything that decides both outputs, for caches and recordings."""
        return sha256(
            "\0".join(
                (
                    self.text,
                    self.m4_text,
                    str(self.preload),
                    self.preload_path,
                    str(self.run_in_cf),
                    ",".join(self.stubs),
                    self.filename,
                    self.our_path,
                    str(self.in_dir),
                )
            )
        )


def _mc(body: str, *, ostype: str | None = "linux", mailers: Sequence[str] = ("local", "smtp"), head: str = "") -> str:
    text = "divert(-1)dnl\n" + head + f"include(`{CF_M4}')dnl\n"
    if ostype:
        text += f"OSTYPE(`{ostype}')dnl\n"
    text += body
    text += "".join(f"MAILER(`{m}')dnl\n" for m in mailers)
    return text


def _simple(case_id: str, group: str, text: str, description: str = "", **kw: Any) -> Case:
    return Case(id=case_id, group=group, text=text, m4_text=text, description=description, **kw)


# Arguments for the stock features that need (or are better with) them, and
# what has to come before them.
_FEATURE_SETUP: dict[str, tuple[str, tuple[str, ...]]] = {
    # name: (lines before, args)
    "access_db": ("", ("hash -T<TMPF> -o /etc/mail/access",)),
    "authinfo": ("", ("hash -o /etc/mail/authinfo",)),
    "bcc": ("FEATURE(`access_db')dnl\n", ("access",)),
    "blacklist_recipients": ("FEATURE(`access_db')dnl\n", ()),
    "blocklist_recipients": ("FEATURE(`access_db')dnl\n", ()),
    "compat_check": ("FEATURE(`access_db')dnl\n", ()),
    "conncontrol": ("FEATURE(`access_db')dnl\nFEATURE(`delay_checks')dnl\n", ("nodelay", "terminate")),
    "delay_checks": ("FEATURE(`access_db')dnl\n", ("friend",)),
    "dnsbl": ("", ("zen.spamhaus.org", '"554 Rejected " $&{client_addr} " found in zen.spamhaus.org"')),
    "domainmap": ("", ("example.com", "hash -o /etc/mail/domainmap")),
    "enhdnsbl": ("", ("bl.spamcop.net", '"Spam blocked see: http://spamcop.net/bl.shtml?"$&{client_addr}', "t", "127.0.0.2.")),
    "greet_pause": ("FEATURE(`access_db')dnl\n", ("5000",)),
    "ldap_routing": ("define(`confLDAP_DEFAULT_SPEC', `-h ldap.example.com -b dc=example,dc=com')dnl\n", ()),
    "local_lmtp": ("", ("/usr/lib/sm.bin/mail.local",)),
    "local_procmail": ("", ("/usr/bin/procmail",)),
    "lookupdotdomain": ("FEATURE(`access_db')dnl\n", ()),
    "mailertable": ("", ("hash -o /etc/mail/mailertable",)),
    "msp": ("", ("[127.0.0.1]", "MSA")),
    "nocanonify": ("", ("canonify_hosts",)),
    "nopercenthack": ("", ("reject",)),
    "nouucp": ("", ("reject",)),
    "nullclient": ("", ("mailhub.example.com",)),
    "prefixmod": ("", ("+", "F")),
    "preserve_luser_host": ("define(`LUSER_RELAY', `local:postmaster')dnl\n", ()),
    "queuegroup": ("FEATURE(`access_db')dnl\n", ("mqueue",)),
    "ratecontrol": ("FEATURE(`access_db')dnl\nFEATURE(`delay_checks')dnl\n", ("nodelay", "terminate")),
    "relay_mail_from": ("FEATURE(`access_db')dnl\n", ("domain",)),
    "rhsbl": ("", ("dbl.spamhaus.org",)),
    "smrsh": ("", ("/usr/lib/sm.bin/smrsh",)),
    "virtusertable": ("", ("hash -o /etc/mail/virtusertable",)),
    "genericstable": ("", ("hash -o /etc/mail/genericstable",)),
}
# Features that bring their own MAILER(local) and MAILER(smtp).
_FEATURES_WITH_MAILERS = frozenset({"msp", "nullclient"})

_HACK_SETUP: dict[str, tuple[str, tuple[str, ...]]] = {
    "dnsblaccess": ("FEATURE(`access_db')dnl\n", ("bl.spamcop.net", '"550 Rejected"', "t", "dnsblaccess")),
    "xconnect": ("FEATURE(`access_db')dnl\n", ()),
    "msp_nullclient": ("", ("[127.0.0.1]",)),
    "virthost_by_ip": ("FEATURE(`virtusertable')dnl\n", ()),
}
_HACKS_WITH_MAILERS = frozenset({"msp_nullclient"})


def _call(macro: str, name: str, args: Iterable[str]) -> str:
    return f"{macro}(`{name}'" + "".join(f", `{a}'" for a in args) + ")dnl\n"


def _stock_names(sub: str) -> list[str]:
    folder = CF_DIR / sub
    if not folder.is_dir():
        return []
    return sorted(p.name[:-3] for p in folder.glob("*.m4"))


def stock_file_cases() -> list[Case]:
    """A minimal config around every FEATURE, OSTYPE, DOMAIN, MAILER and HACK file."""
    cases: list[Case] = []
    for name in _stock_names("feature"):
        before, args = _FEATURE_SETUP.get(name, ("", ()))
        mailers = () if name in _FEATURES_WITH_MAILERS else ("local", "smtp")
        text = _mc(before + _call("FEATURE", name, args), mailers=mailers)
        cases.append(_simple(f"feature-{name}", "feature", text, f"FEATURE({name}) with args {args}"))
    for name in _stock_names("ostype"):
        cases.append(_simple(f"ostype-{name}", "ostype", _mc("", ostype=name), f"OSTYPE({name})"))
    for name in _stock_names("domain"):
        cases.append(_simple(f"domain-{name}", "domain", _mc(_call("DOMAIN", name, ())), f"DOMAIN({name})"))
    for name in _stock_names("mailer"):
        before = ""
        if name == "ssh":
            before = "define(`SSH_MAILER_USER', `mailer')dnl\ndefine(`SSH_MAILER_DIR', `/var/spool/ssh')dnl\n"
        mailers = list(dict.fromkeys(["local", "smtp", name]))
        cases.append(_simple(f"mailer-{name}", "mailer", _mc(before, mailers=mailers), f"MAILER({name})"))
    for name in _stock_names("hack"):
        before, args = _HACK_SETUP.get(name, ("", ()))
        mailers = () if name in _HACKS_WITH_MAILERS else ("local", "smtp")
        text = _mc(before + _call("HACK", name, args), mailers=mailers)
        cases.append(_simple(f"hack-{name}", "hack", text, f"HACK({name}) with args {args}"))
    return cases


def stock_mc_cases() -> list[Case]:
    """sendmail-cf's sample configs: cf/*.mc as its Makefile builds them, Debian's own .mc files."""
    cases: list[Case] = []
    folder = CF_DIR / "cf"
    if folder.is_dir():
        for path in sorted(folder.glob("*.mc")):
            raw = m4oracle.read_corpus_text(path)
            # ``cd cf && m4 ../m4/cf.m4 NAME.mc``; mcparse reads cf.m4 first
            # by itself when the file has no include() of it.
            cases.append(
                Case(
                    id=f"stock-cf/{path.name}",
                    group="stock",
                    text=raw,
                    m4_text=raw,
                    description=f"{path} compiled as m4 ../m4/cf.m4 {path.name} in {folder}",
                    preload=True,
                    preload_path="../m4/cf.m4",
                    run_in_cf=True,
                    filename=path.name,
                    our_path=str(path),
                )
            )
    folder = CF_DIR / "debian"
    if folder.is_dir():
        for path in sorted(folder.glob("*.mc")):
            text, stubs = m4oracle.prepare_for_m4(m4oracle.read_corpus_text(path))
            cases.append(
                Case(
                    id=f"stock-debian/{path.name}",
                    group="stock",
                    text=text,
                    m4_text=text,
                    description=f"{path} (/etc/mail includes made relative, empty stubs)",
                    stubs=tuple(stubs),
                    filename=path.name,
                    in_dir=True,
                )
            )
    return cases


def corpus_cases() -> list[Case]:
    """Every corpus file, its cf.m4 include mapped to the installed copy (never edited on disk)."""
    cases: list[Case] = []
    for path in m4oracle.corpus_files():
        raw = m4oracle.read_corpus_text(path)
        mode = m4oracle.compile_mode(raw)
        text, stubs = m4oracle.prepare_for_m4(raw)
        if mode == "include":
            cases.append(
                Case(
                    id=f"corpus/{path.name}",
                    group="corpus",
                    text=text,
                    m4_text=text,
                    description=f"{path.name} ({mode})",
                    stubs=tuple(stubs),
                    filename=path.name,
                    in_dir=True,
                )
            )
        else:
            # No include of cf.m4: ``m4 cf.m4 FILE`` (sendmail's Build), which
            # is also what mcparse.compile does with such a file. Fragments
            # (no OSTYPE either) are compiled the same way.
            group = "corpus" if mode == "preloaded" else "corpus-fragment"
            cases.append(
                Case(
                    id=f"{group}/{path.name}",
                    group=group,
                    text=text,
                    m4_text=text,
                    description=f"{path.name} ({mode}: m4 {CF_M4} {path.name})",
                    preload=True,
                    preload_path=str(CF_M4),
                    stubs=tuple(stubs),
                    filename=path.name,
                    in_dir=True,
                )
            )
    return cases


def generated_cases(seed: int = SEED, count: int = COUNT) -> list[Case]:
    """Random complete configs from cfgen (reproduce one with ``cfgen.generate_one(seed, i)``)."""
    cases = []
    for config in cfgen.generate(seed, count):
        cases.append(
            _simple(
                config.name,
                "cfgen",
                config.text,
                config.description,
                run_in_cf=config.cf_include == "relative",
            )
        )
    return cases


def _numbered(lines: Sequence[str]) -> str:
    return "".join(line + "\n" for line in lines)


def message_cases() -> list[Case]:
    """Hand-written mistakes: m4's messages in order, each pointing at the .mc line that causes it."""
    head = ["divert(-1)dnl", f"include(`{CF_M4}')dnl", "OSTYPE(`linux')dnl"]  # lines 1-3
    cases: list[Case] = []

    def add(name: str, lines: list[str], *expect: ExpectedLine, **kw: Any) -> None:
        text = _numbered(lines)
        cases.append(_simple(f"messages/{name}", "messages", text, name, expect_lines=tuple(expect), **kw))

    add(
        "feature-after-mailer",
        head + ["MAILER(`local')dnl", "MAILER(`smtp')dnl", "FEATURE(`virtusertable')dnl"],
        ExpectedLine("FEATURE() should be before MAILER()", 6, 6),
    )
    add(
        "access_db-without-TMPF",
        head + ["FEATURE(`access_db', `hash -o /etc/mail/access')dnl", "MAILER(`local')dnl", "MAILER(`smtp')dnl"],
        ExpectedLine("missing -T<TMPF>", 4, 4),
    )
    add(
        "duplicate-mailer",
        head + ["MAILER(`local')dnl", "MAILER(`smtp')dnl", "define(`confLOG_LEVEL', `12')dnl", "MAILER(`smtp')dnl"],
        ExpectedLine("MAILER(smtp) already included", 7, 7),
    )
    add(
        "smrsh-after-local",
        head + ["MAILER(`local')dnl", "FEATURE(`smrsh')dnl", "MAILER(`smtp')dnl"],
        ExpectedLine("FEATURE() should be before MAILER()", 5, 5),
        ExpectedLine("FEATURE(smrsh) must occur before MAILER(local)", 5, 5),
    )
    add(
        "uucp-before-smtp",
        head + ["MAILER(`local')dnl", "MAILER(`uucp')dnl", "MAILER(`smtp')dnl"],
        # uucp.m4 itself complains when MAILER(smtp) has not been seen yet.
        ExpectedLine("must appear before MAILER(`uucp')", 5, 5),
    )
    add(
        "greet_pause-before-access_db",
        head + ["FEATURE(`greet_pause', `5000')dnl", "FEATURE(`access_db')dnl", "MAILER(`local')dnl", "MAILER(`smtp')dnl"],
        ExpectedLine("FEATURE(`greet_pause') before FEATURE(`access_db')", 5, 5),
    )
    add(
        "dnsbl-without-argument",
        head + ["define(`confLOG_LEVEL', `9')dnl", "FEATURE(`dnsbl')dnl", "MAILER(`local')dnl", "MAILER(`smtp')dnl"],
        ExpectedLine("missing argument for FEATURE(`dnsbl')", 5, 5),
    )
    add(
        "ratecontrol-without-access_db",
        head + ["FEATURE(`ratecontrol')dnl", "MAILER(`local')dnl", "MAILER(`smtp')dnl"],
        ExpectedLine("FEATURE(`ratecontrol') requires FEATURE(`access_db')", 4, 4),
    )
    add(
        "promiscuous-relay-warning",
        head + ["", "FEATURE(`promiscuous_relay')dnl", "MAILER(`local')dnl", "MAILER(`smtp')dnl"],
        ExpectedLine("configures your system as open", 5, 5),
    )
    add(
        "local_srv_features-before-mailer",
        head + ["LOCAL_SRV_FEATURES", "R$*\t\t$: $1", "MAILER(`local')dnl", "MAILER(`smtp')dnl"],
        ExpectedLine("MAILER() should be before LOCAL_SRV_FEATURES", 4, 4),
    )
    add(
        "multi-line-feature-call",
        head + ["MAILER(`local')dnl", "MAILER(`smtp')dnl", "FEATURE(`access_db',", "\t`hash -o /etc/mail/access')dnl"],
        ExpectedLine("FEATURE() should be before MAILER()", 6, 7),
        ExpectedLine("missing -T<TMPF>", 6, 7),
    )
    add(
        "unknown-feature",
        head + ["FEATURE(`no_such_feature')dnl", "MAILER(`local')dnl", "MAILER(`smtp')dnl"],
        ExpectedLine("no_such_feature", 4, 4),
    )
    add(
        "several-mistakes-in-order",
        head
        + [
            "FEATURE(`access_db', `hash /etc/mail/access')dnl",  # 4: warning
            "FEATURE(`blocklist_recipients')dnl",
            "MAILER(`local')dnl",
            "MAILER(`smtp')dnl",
            "FEATURE(`mailertable')dnl",  # 8: error
            "MAILER(`local')dnl",  # 9: already included
            "FEATURE(`relay_mail_from')dnl",  # 10: error, warning
        ],
        ExpectedLine("missing -T<TMPF>", 4, 4),
        ExpectedLine("MAILER(local) already included", 9, 9),
    )
    add(
        "no-ostype",
        ["divert(-1)dnl", f"include(`{CF_M4}')dnl", "FEATURE(`use_cw_file')dnl", "MAILER(`local')dnl", "MAILER(`smtp')dnl"],
    )
    add(
        "relative-include",
        ["divert(-1)dnl", "include(`../m4/cf.m4')dnl", "OSTYPE(`linux')dnl", "MAILER(`local')dnl", "MAILER(`smtp')dnl", "FEATURE(`nouucp')dnl"],
        ExpectedLine("FEATURE() should be before MAILER()", 6, 6),
        ExpectedLine("missing argument for FEATURE(nouucp)", 6, 6),
        run_in_cf=True,
    )
    add(
        "no-makeinfo",
        ["divert(-1)dnl", "define(`_NO_MAKEINFO_')dnl", f"include(`{CF_M4}')dnl", "OSTYPE(`linux')dnl", "MAILER(`local')dnl", "MAILER(`smtp')dnl"],
    )
    return cases


def all_cases() -> list[Case]:
    """Every case, in a stable order (empty when sendmail-cf is not installed)."""
    if not CF_M4.is_file():
        return []
    cases = stock_file_cases() + stock_mc_cases() + message_cases() + corpus_cases() + generated_cases()
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    return cases


# -- Running the real m4 ----------------------------------------------------------------------


@dataclass(frozen=True)
class M4Run:
    """What one m4 run printed."""

    stdout: str
    stderr: str
    returncode: int

    @property
    def cf(self) -> str:
        """sendmail.cf without the build lines."""
        return strip_build_lines(self.stdout)

    @property
    def markers(self) -> list[str]:
        return marker_lines(errprint_stream(self.stderr))


def materialize(case: Case, root: Path, text: str) -> Path:
    """Write ``text`` as the case's .mc under ``root`` with its stub files; return its path."""
    for stub in case.stubs:
        target = root / stub
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    source = root / case.filename
    # newline="" keeps CRLF corpus files byte-exact.
    source.write_text(text, encoding="utf-8", errors="surrogateescape", newline="")
    return source


def run_m4(case: Case, *, timeout: float = M4_TIMEOUT) -> M4Run:
    """Compile the case with the real m4, as its author would have."""
    with tempfile.TemporaryDirectory(prefix="mcparse-compile-m4-") as tmp:
        root = Path(tmp)
        source = materialize(case, root, case.m4_text)
        if case.run_in_cf:
            cwd, arg = CF_DIR / "cf", str(source)
        else:
            cwd, arg = root, case.filename
        argv = ["m4", *([case.preload_path] if case.preload else []), arg]
        try:
            proc = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=timeout, env=_M4_ENV, check=False)
        except subprocess.TimeoutExpired:
            return M4Run(stdout="", stderr=f"m4: timed out after {timeout:g}s\n", returncode=-1)
        stderr = proc.stderr.decode("utf-8", errors="surrogateescape")
        # m4 names an input given by absolute path with that (temporary) path.
        stderr = stderr.replace(str(source), case.filename)
    return M4Run(
        stdout=proc.stdout.decode("utf-8", errors="surrogateescape"),
        stderr=stderr,
        returncode=proc.returncode,
    )


@dataclass(frozen=True)
class Outcome:
    """The part of an m4 run the test keeps: the cf's hash and stderr (or, recorded, its messages)."""

    cf_sha256: str
    # The whole stderr (cached runs); recordings keep only the marker messages.
    stderr: str | None = None
    recorded_markers: tuple[str, ...] = ()

    @property
    def markers(self) -> list[str]:
        """cf.m4's ``*** ERROR`` / ``*** WARNING`` messages (see :func:`marker_lines`)."""
        if self.stderr is not None:
            return marker_lines(errprint_stream(self.stderr))
        return list(self.recorded_markers)

    @property
    def diagnostics(self) -> list[str]:
        """m4's own ``m4:file:line:`` diagnostics (none for a recording)."""
        return m4_diagnostics(self.stderr) if self.stderr is not None else []

    def to_json(self) -> dict[str, Any]:
        return {"cf_sha256": self.cf_sha256, "stderr": self.stderr}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        """A cache entry (with stderr) or a recorded one (with markers)."""
        return cls(
            cf_sha256=data["cf_sha256"],
            stderr=data.get("stderr"),
            recorded_markers=tuple(data.get("markers", ())),
        )

    @classmethod
    def from_run(cls, run: M4Run) -> Outcome:
        return cls(cf_sha256=sha256(run.cf), stderr=run.stderr)


def m4_available() -> bool:
    return shutil.which("m4") is not None and CF_M4.is_file()


def run_all(cases: Sequence[Case], *, cache_dir: Path | None, workers: int | None = None) -> dict[str, Outcome]:
    """m4's outcome for every case (keyed by case id), cached on disk by input and oracle fingerprint."""
    outcomes: dict[str, Outcome] = {}
    missing: list[Case] = []
    keys = {c.id: m4oracle.cache_key("compile-differential-3", c.input_sha256) for c in cases}
    for case in cases:
        path = cache_dir / f"{keys[case.id]}.json" if cache_dir else None
        if path is not None and path.is_file():
            try:
                outcomes[case.id] = Outcome.from_json(json.loads(path.read_text(encoding="utf-8")))
                continue
            except (ValueError, KeyError):
                pass
        missing.append(case)

    def one(case: Case) -> tuple[str, Outcome]:
        outcome = Outcome.from_run(run_m4(case))
        if cache_dir is not None:
            partial = cache_dir / f"{keys[case.id]}.{threading.get_ident()}.tmp"
            partial.write_text(json.dumps(outcome.to_json()), encoding="utf-8")
            os.replace(partial, cache_dir / f"{keys[case.id]}.json")
        return case.id, outcome

    if missing:
        with ThreadPoolExecutor(max_workers=workers or max(2, 2 * (os.cpu_count() or 1))) as pool:
            outcomes.update(pool.map(one, missing))
    return outcomes


# -- Recordings (for machines with sendmail-cf but without m4) ------------------------------


@cache
def cf_tree_fingerprint() -> str:
    """sha256 over every installed sendmail-cf file's relative path and content."""
    digest = hashlib.sha256()
    for path in sorted(p for p in CF_DIR.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(CF_DIR)).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def cf_version() -> str:
    """sendmail-cf's version: the DZ line of m4/version.m4 (plus the Debian package version)."""
    version = "unknown"
    vfile = CF_DIR / "m4" / "version.m4"
    if vfile.is_file():
        match = re.search(r"^DZ([^`\s]+)", vfile.read_text(errors="replace"), re.MULTILINE)
        if match:
            version = match.group(1)
    if shutil.which("dpkg-query"):
        proc = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "sendmail-cf"], capture_output=True, text=True, check=False
        )
        if proc.returncode == 0 and proc.stdout.strip():
            version += f" (Debian {proc.stdout.strip()})"
    return version


def load_recorded() -> dict[str, Any] | None:
    if not RECORDED.is_file():
        return None
    return json.loads(RECORDED.read_text(encoding="utf-8"))


def record(cases: Sequence[Case], path: Path = RECORDED) -> dict[str, Any]:
    """Run m4 on every case and write what the no-m4 fallback compares with."""
    outcomes = run_all(cases, cache_dir=None)
    m4_version = subprocess.run(["m4", "--version"], capture_output=True, text=True, check=False).stdout.splitlines()[0]
    data = {
        "about": (
            "sha256 of real m4's sendmail.cf for each case of "
            "tests/compile/test_compile_differential.py, minus the three '##### built by/in/using' "
            "lines, and cf.m4's '*** ERROR/WARNING' messages (whitespace collapsed); regenerate with "
            "'python tests/compile/record_outputs.py'"
        ),
        "sendmail_cf_version": cf_version(),
        "sendmail_cf_tree_sha256": cf_tree_fingerprint(),
        "m4_version": m4_version,
        "seed": SEED,
        "count": COUNT,
        "cases": {
            c.id: {"input_sha256": c.input_sha256, "cf_sha256": outcomes[c.id].cf_sha256, "markers": outcomes[c.id].markers}
            for c in cases
        },
    }
    # One line per case: small diffs when sendmail-cf or the cases change.
    head = {k: v for k, v in data.items() if k != "cases"}
    body = ",\n".join(f" {json.dumps(cid)}: {json.dumps(entry, sort_keys=True)}" for cid, entry in data["cases"].items())
    text = json.dumps(head, indent=1)[:-2] + ',\n "cases": {\n' + body + "\n }\n}\n"
    json.loads(text)  # well-formed
    path.write_text(text, encoding="utf-8")
    return data
