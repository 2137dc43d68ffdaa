"""Markdown explanations of sendmail names, shared by hover, completion and signature help.

Everything comes from :mod:`mcparse.vocabulary`; this module only words it for
an admin reading a tooltip.
"""

from __future__ import annotations

import re
from typing import Optional

from mcparse.vocabulary import load_vocabulary, port_number

# The calls whose first argument names a file of sendmail-cf, and the folder it lives in.
INCLUDE_KINDS: dict[str, str] = {
    "FEATURE": "feature",
    "MAILER": "mailer",
    "OSTYPE": "ostype",
    "DOMAIN": "domain",
    "HACK": "hack",
}
OPTION_CALLS = ("DAEMON_OPTIONS", "CLIENT_OPTIONS")


def names_for(call: str) -> dict[str, str]:
    """Known first-argument names of a FEATURE/MAILER/... call, each with a one-line summary."""
    vocabulary = load_vocabulary()
    table = {
        "FEATURE": vocabulary.features,
        "MAILER": vocabulary.mailers,
        "OSTYPE": vocabulary.ostypes,
        "DOMAIN": vocabulary.domains,
        "HACK": vocabulary.hacks,
    }.get(call, {})
    return {name: entry.summary for name, entry in table.items()}


def include_doc(call: str, name: str) -> Optional[str]:
    """What ``CALL(`name')`` loads, or None for a name sendmail-cf does not ship."""
    vocabulary = load_vocabulary()
    if call == "FEATURE":
        feature = vocabulary.features.get(name)
        if feature is None:
            return None
        # The description already says what the one-line summary says, at length.
        lines = [f"**FEATURE `{name}`**", "", feature.description or feature.summary]
        if feature.args:
            lines += ["", "Arguments:"]
            lines += [
                f"- `{arg.name}`{' (optional)' if arg.optional else ''}: {arg.meaning}" for arg in feature.args
            ]
        if feature.deprecated:
            lines += ["", "Deprecated" + (f"; use `{feature.replacement}` instead." if feature.replacement else ".")]
        if feature.risk_note:
            lines += ["", f"Risk ({feature.risk}): {feature.risk_note}."]
        if feature.requires:
            lines += ["", "Needs: " + ", ".join(f"`{item}`" for item in feature.requires)]
        return "\n".join(lines)
    if call == "MAILER":
        mailer = vocabulary.mailers.get(name)
        if mailer is None:
            return None
        lines = [f"**MAILER `{name}`**: {mailer.summary}", "",
                 "Delivery agents: " + ", ".join(f"`{item}`" for item in mailer.defines_mailers)]
        if mailer.ordering:
            lines += ["", f"Order: {mailer.ordering}."]
        return "\n".join(lines)
    if call == "OSTYPE":
        ostype = vocabulary.ostypes.get(name)
        if ostype is None:
            return None
        lines = [f"**OSTYPE `{name}`**: {ostype.summary}"]
        if ostype.changes:
            lines += ["", "What it sets:"] + [f"- {change}" for change in ostype.changes]
        if ostype.deprecated:
            lines += ["", "Deprecated" + (f"; use `{ostype.replacement}` instead." if ostype.replacement else ".")]
        return "\n".join(lines)
    if call in ("DOMAIN", "HACK"):
        entry = (vocabulary.domains if call == "DOMAIN" else vocabulary.hacks).get(name)
        return None if entry is None else f"**{call} `{name}`**: {entry.summary}"
    return None


def conf_doc(name: str) -> Optional[str]:
    """The sendmail.cf option (or other line) an m4 variable sets, its default and meaning."""
    variable = load_vocabulary().conf_variables.get(name)
    if variable is None:
        return None
    lines = [f"**{name}**: {variable.summary}", ""]
    if variable.option:
        lines.append(f"sendmail.cf option: `{variable.option}`")
    elif variable.target:
        lines.append(f"Sets: {variable.sets} `{variable.target}`")
    default = variable.cf_default or variable.documented_default
    if variable.default_line:
        lines.append(f"Left alone, cf.m4 writes: `{variable.default_line}`")
    elif default:
        lines.append(f"Default: `{default}`")
    if variable.deprecated or variable.obsolete:
        lines.append(
            ("Obsolete" if variable.obsolete else "Deprecated")
            + (f"; use `{variable.replacement}` instead." if variable.replacement else ".")
        )
    return "\n".join(line for line in lines).rstrip()


def macro_doc(name: str) -> Optional[str]:
    macro = load_vocabulary().macros.get(name)
    if macro is None:
        return None
    kind = {"cf": "cf.m4 macro", "section": "section of the generated sendmail.cf",
            "builtin": "m4 builtin", "define": "well-known definition"}[macro.kind]
    return f"```m4\n{macro.signature}\n```\n{macro.summary}\n\n_{kind}_"


def daemon_key_doc(written: str, client: bool = False) -> Optional[str]:
    """What sendmail reads a DAEMON_OPTIONS/CLIENT_OPTIONS key as (it looks at the first letter only)."""
    from mcparse.vocabulary import client_key_for, daemon_key_for

    key = (client_key_for if client else daemon_key_for)(written)
    if key is None:
        return f"`{written}`: sendmail does not know this key and will refuse the line."
    lines = [f"**{key.name}**: {key.meaning}", "", f"Default: {key.default}"]
    if written.strip() != key.name:
        lines += ["", f"sendmail reads only the first letter, so `{written.strip()}` means `{key.name}`."]
    if key.values:
        lines += ["", "Values: " + ", ".join(f"`{value}`" for value in key.values)]
    if key.note:
        lines += ["", key.note]
    return "\n".join(lines)


def modifier_doc(letter: str, client: bool = False) -> str:
    vocabulary = load_vocabulary()
    modifier = (vocabulary.client_modifiers if client else vocabulary.daemon_modifiers).get(letter)
    if modifier is None:
        return f"`{letter}`: not a modifier sendmail knows; it is ignored."
    return f"**M={letter}**: {modifier.meaning}"


def modifier_label(letter: str, client: bool = False) -> str:
    """A few words for an inlay hint: the first clause of the meaning."""
    vocabulary = load_vocabulary()
    modifier = (vocabulary.client_modifiers if client else vocabulary.daemon_modifiers).get(letter)
    if modifier is None:
        return "unknown"
    text = re.split(r"[.;:(]| \(", modifier.meaning, maxsplit=1)[0].strip()
    return text[:1].lower() + text[1:]


def port_doc(value: str) -> Optional[str]:
    number = port_number(value)
    if number is None:
        return f"`{value}`: not a service name mcparse knows; sendmail looks it up in /etc/services."
    vocabulary = load_vocabulary()
    named = [port for port in vocabulary.ports.values() if port.number == number]
    lines = [f"**Port {number}**" + (f" (`{value.strip()}`)" if not value.strip().isdigit() else "")]
    lines += [f"- `{port.name}`: {port.summary}" for port in named]
    return "\n".join(lines)


def daemon_doc(daemon: object) -> str:
    """The daemon as sendmail will run it, from the resolved model."""
    name = getattr(daemon, "name", None) or "(unnamed)"
    port = getattr(daemon, "port_number", None)
    addr = getattr(daemon, "addr", None) or "all interfaces"
    family = getattr(daemon, "family", "inet")
    modifiers = getattr(daemon, "modifiers", "")
    lines = [
        f"**Daemon `{name}`** as sendmail runs it:",
        f"- listens on {addr}, port {port if port is not None else 'unknown'} ({family})",
    ]
    if modifiers:
        lines.append("- modifiers: " + ", ".join(f"`{letter}` {modifier_label(letter)}" for letter in modifiers))
    else:
        lines.append("- no modifiers: AUTH and STARTTLS offered when configured, ETRN accepted")
    lines.append(f"- `O DaemonPortOptions={getattr(daemon, 'option_value', '')}`")
    return "\n".join(lines)
