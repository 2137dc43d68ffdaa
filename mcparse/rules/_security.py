"""Helpers shared by the security rules (MC104-MC119): what sendmail will read
for an option, where a conf variable was set, and the edit that changes a
plainly written ``define(`confX', `value')``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from ..syntax.tree import Comment, Quoted
from ._correctness import written_call

if TYPE_CHECKING:  # pragma: no cover
    from ..syntax.tree import Child
    from ..diagnostics import Edit
    from ..model.config import Daemon, Definition, SendmailConfig
    from ..source import Span
    from .base import Context

# Where sendmail reads a list option one word at a time: commas and blanks
# both separate (readcf.c skips any run of them).
_WORDS = re.compile(r"[\s,]+")


def option_lines(config: "SendmailConfig", option: str, conf_name: str) -> list[str]:
    """Every value of ``O option=`` sendmail will read, in file order.

    A fragment writes no option lines, so there the conf variable's value
    (if the file sets it) stands in for the one line cf.m4 would write."""
    values = config.cf_options.get(option)
    if values:
        return list(values)
    variable = config.conf.get(conf_name)
    if variable is not None and variable.value is not None:
        return [variable.value]
    return []


def last_option(config: "SendmailConfig", option: str, conf_name: str) -> Optional[str]:
    """The value sendmail keeps for an option whose last line wins (LogLevel,
    DeliveryMode, AuthMechanisms, ...); None when no line sets it."""
    values = option_lines(config, option, conf_name)
    return values[-1] if values else None


def parse_level(value: Optional[str]) -> Optional[int]:
    """The number sendmail reads from a LogLevel value, or None if it is not one."""
    if value is None:
        return None
    text = value.strip()
    return int(text) if text.isdigit() else None


def words(value: str) -> list[str]:
    """The words of a comma- or blank-separated option value."""
    return [word for word in _WORDS.split(value) if word]


def flag_union(values: list[str]) -> set[str]:
    """The lower-cased words of every line: sendmail ORs the flags of each
    ``O PrivacyOptions=`` (or AuthOptions) line into what earlier lines set."""
    found: set[str] = set()
    for value in values:
        found.update(word.lower() for word in words(value))
    return found


def auth_option_letters(values: list[str]) -> set[str]:
    """The AuthOptions letters sendmail acts on: only the first character of
    each word counts (``py`` means just ``p``), and every line adds to the set."""
    return {word[0] for value in values for word in words(value)}


def tls_server_configured(config: "SendmailConfig") -> bool:
    """Both a server certificate and its key are set, so STARTTLS can work."""
    cert = last_option(config, "ServerCertFile", "confSERVER_CERT")
    key = last_option(config, "ServerKeyFile", "confSERVER_KEY")
    return bool(cert and cert.strip()) and bool(key and key.strip())


def file_definitions(config: "SendmailConfig", name: str) -> "list[Definition]":
    """The define()/undefine() of ``name`` this file made itself, in order."""
    variable = config.conf.get(name)
    return list(variable.definitions) if variable is not None else []


def report_span(context: "Context", *names: str) -> "Span":
    """Where to report a finding about conf variables: the last definition of
    the first of ``names`` the file sets; else where cf.m4's defaults are
    reported (_scope.anchor)."""
    for name in names:
        definitions = file_definitions(context.config, name)
        if definitions:
            return definitions[-1].site.span
    from ._scope import anchor

    return anchor(context)


def plain_define_value(context: "Context", definition: "Definition") -> Optional[Quoted]:
    """The quoted value of a ``define(`name', `value')`` written at the top
    level of the file, when editing that quote is certain to change what m4
    defines (no nested quotes, no macro in between); else None."""
    if definition.value is None:
        return None
    node = written_call(context, definition.site, ("define",))
    if node is None or len(node.arguments) != 2:
        return None
    content = [child for child in node.arguments[1].content if not _is_layout(child)]
    if len(content) != 1 or not isinstance(content[0], Quoted):
        return None
    quoted = content[0]
    # After `dnl` m4 keeps the indentation before the quote as part of the
    # value; sendmail ignores it, so only the quoted text has to match.
    if quoted.value.strip() != definition.value.strip() or "`" in quoted.value or "'" in quoted.value:
        return None
    return quoted


def append_to_define(context: "Context", name: str, words: str) -> "Optional[Edit]":
    """The edit appending ``words`` (comma-separated) to the value of the
    file's last plainly written ``define(`name', `...')``; None when there is
    no such define to edit safely."""
    from ..diagnostics import Edit

    definitions = file_definitions(context.config, name)
    if not definitions:
        return None
    quoted = plain_define_value(context, definitions[-1])
    if quoted is None:
        return None
    value = quoted.value.rstrip()
    separator = "," if value and not value.endswith(",") else ""
    offset = quoted.span.start + 1 + len(value)
    return Edit(start=offset, end=offset, replacement=separator + words)


def _is_layout(node: "Child") -> bool:
    # What m4 leaves out of an argument split over lines: blanks and `dnl`.
    if node.kind in ("whitespace", "newline"):
        return True
    return isinstance(node, Comment) and node.text.startswith("dnl")


def is_wildcard_address(daemon: "Daemon") -> bool:
    """The daemon listens on every interface of its family (no Addr=, or the
    any-address)."""
    addr = (daemon.addr or "").strip().strip("[]")
    return addr in ("", "0.0.0.0", "::", "0::0", "INADDR_ANY")


def reachable_from_network(context: "Context") -> bool:
    """Some daemon accepts connections from other machines. When every daemon
    is bound to loopback (or there is none), only local programs talk SMTP to
    this sendmail, and they may relay anyway. On a fragment only the daemons
    it writes count (see _scope)."""
    from ._scope import daemons

    return any(
        daemon.family in ("inet", "inet6") and not daemon.is_loopback for daemon in daemons(context)
    )


def auth_configured(context: "Context") -> bool:
    """The file sets up SMTP AUTH for incoming connections in any of the usual
    ways: TRUST_AUTH_MECH, a daemon with `M=a`, confAUTH_MECHANISMS or
    confAUTH_OPTIONS."""
    return auth_mechanisms_set_up(context) or bool(file_definitions(context.config, "confAUTH_OPTIONS"))


def auth_mechanisms_set_up(context: "Context") -> bool:
    """The file names the mechanisms it serves (TRUST_AUTH_MECH,
    confAUTH_MECHANISMS) or requires AUTH on a daemon (`M=a`). confAUTH_OPTIONS
    alone does not count: Red Hat's stock file sets it to `A`, which only
    governs the AUTH= parameter on MAIL FROM, with every mechanism line
    commented out."""
    from ._scope import daemons

    config = context.config
    if config.trust_auth_mech or any("a" in d.modifiers for d in daemons(context)):
        return True
    return bool(file_definitions(config, "confAUTH_MECHANISMS"))
