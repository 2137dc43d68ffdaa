"""--show-model: what sendmail will do, as a readable summary or as JSON."""

from __future__ import annotations

import json

from ..model import Daemon, SendmailConfig
from ..vocabulary import load_vocabulary


def spell_modifiers(letters: str) -> str:
    """``Ea`` -> ``E (no ETRN), a (AUTH required)``."""
    modifiers = load_vocabulary().daemon_modifiers
    parts = []
    for letter in letters:
        known = modifiers.get(letter)
        parts.append(f"{letter} ({known.meaning})" if known is not None else f"{letter} (unknown)")
    return ", ".join(parts)


def _port(daemon: Daemon) -> str:
    if daemon.port is None:
        return "25 (smtp, the default)"
    if daemon.port_number is None:
        return f"{daemon.port} (unknown service)"
    if daemon.port.isdigit():
        return daemon.port
    return f"{daemon.port_number} ({daemon.port})"


def render_text(config: SendmailConfig) -> str:
    lines: list[str] = []
    if config.model_source == "compiled" and config.compiled is not None:
        lines.append(
            f"Source: sendmail.cf compiled from this file with the installed sendmail-cf ({config.compiled.cf_dir})."
        )
    elif not config.fragment:
        lines.append(
            "Source: mcparse's packaged model of sendmail-cf (sendmail-cf is not installed here): "
            "what it cannot evaluate is listed as not decidable."
        )
    if config.fragment:
        lines.append("This file does not include cf.m4: it is read as a fragment (no defaults implied).")
    lines.append(f"OSTYPE: {config.ostype or '(none)'}    DOMAIN: {', '.join(config.domains) or '(none)'}")
    lines.append("")
    lines.append("Daemons sendmail will run:")
    rows = [("name", "family", "address", "port", "modifiers", "origin")]
    for daemon in config.daemons:
        origin = "implied by cf.m4" if daemon.implied else (
            f"line {daemon.site.span.line}" if daemon.site else "written"
        )
        rows.append((
            daemon.name or "(unnamed)", daemon.family, daemon.addr or "any", _port(daemon),
            spell_modifiers(daemon.modifiers) or "-", origin,
        ))
    lines.extend(_table(rows))
    if not config.daemons:
        lines.append("  (none)")
    lines.append("")
    lines.append("Features: " + (", ".join(_feature(f.name, f.arguments) for f in config.features) or "(none)"))
    lines.append("Mailers: " + (", ".join(m.name for m in config.mailers) or "(none)"))
    defined = [variable for variable in config.conf.values() if variable.definitions]
    if defined:
        lines.append("")
        lines.append("Conf variables the file sets:")
        rows = [("variable", "value", "defined at")]
        for variable in defined:
            sites = ", ".join(
                f"line {d.site.span.line}" + (" (undefine)" if d.value is None else "") for d in variable.definitions
            )
            rows.append((variable.name, "(undefined)" if variable.value is None else variable.value, sites))
        lines.extend(_table(rows))
    compiled = config.compiled
    if compiled is not None and (compiled.unread or [c for c in compiled.shell_commands if not c.emulated]):
        lines.append("")
        lines.append("Left out of the compile (mcparse reads nothing else and runs nothing):")
        for unread in compiled.unread:
            lines.append(f"  line {unread.origin.mc_line or '?'}: include of {unread.name} (outside the cf directory and the .mc's folder)")
        for command in compiled.shell_commands:
            if not command.emulated:
                lines.append(f"  line {command.origin.mc_line or '?'}: {command.builtin}({command.command}) was not run")
    if config.unknowns and compiled is None:
        lines.append("")
        lines.append("Not decidable without running m4:")
        for unknown in config.unknowns:
            lines.append(f"  line {unknown.span.line}: {unknown.reason}")
    return "\n".join(lines)


def _feature(name: str, arguments: tuple[str, ...]) -> str:
    return name + (f"({', '.join(arguments)})" if any(arguments) else "")


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def model_data(config: SendmailConfig) -> dict[str, object]:
    """The model as JSON-ready data (what ``--show-model --output-format json`` prints)."""
    return config.model_dump(mode="json")


def render_json(config: SendmailConfig) -> str:
    return json.dumps(model_data(config), indent=2)
