"""Ground the model in the compiled sendmail.cf.

When sendmail-cf is installed, :func:`mcparse.compile` runs it; the option
lines, daemons and client options the rules read are then the ones in the
compiled sendmail.cf, not the packaged model's prediction. Sites still point
at the .mc: a daemon the model also found keeps its call's span, one only the
compile shows points at the .mc line its cf line came from, and one with no
.mc line (cf.m4's default MSA) is marked as implied.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Optional, Union

from ..source import LineIndex, build
from .config import ClientOptions, Daemon, SendmailConfig, Site
from .sendmail import make_daemon, parse_fields

if TYPE_CHECKING:  # pragma: no cover
    from ..compiled import CfLine, Compiled
    from ..m4.engine import Budget


def compile_for_model(
    text: str, cf_dir: Optional[Union[str, "os.PathLike[str]"]], path: Optional[Union[str, "os.PathLike[str]"]]
) -> "Optional[Compiled]":
    """Compile ``text`` when sendmail-cf is installed; None when it is not."""
    from ..compiler import cf_fingerprint, find_cf_dir

    found = find_cf_dir(text, cf_dir)
    if found is None:
        return None
    folder = os.path.dirname(os.path.abspath(os.fspath(path))) if path is not None else None
    name = os.path.basename(os.fspath(path)) if path is not None else None
    # The fingerprint is part of the key: an upgraded sendmail-cf is compiled anew.
    return _compiled(text, found, folder, name, cf_fingerprint(found))


# How much expansion text the compile that grounds a check may read. m4's own
# bound (200 MB) is for `mc-check compile`, asked for the output; a check
# only needs the compile to ground its model, and without it keeps the
# packaged one (and says so). The largest config of the corpus and
# sendmail-cf's own reads ~0.1 MB; 1,000 DAEMON_OPTIONS, whose list cf.m4
# reads again for each one, 21 MB; 10,000 would read gigabytes (real m4
# takes 2.9 s), and 40 MB stops that in under half a second.
GROUNDING_TEXT_BOUND = 40_000_000


def grounding_budget() -> "Budget":
    """The bounds of a check's grounding compile (see GROUNDING_TEXT_BOUND)."""
    from ..m4.engine import Budget

    return Budget(text=GROUNDING_TEXT_BOUND)


# Compiles done in this process: the memo is worth recording from the second
# on (a batch, an editor session); a single check is spared its cost.
_COUNT = 0


@functools.lru_cache(maxsize=16)
def _compiled(
    text: str, cf_dir: str, folder: Optional[str], name: Optional[str], _fingerprint: str
) -> "Optional[Compiled]":
    # The same text is checked again and again (an editor's versions, the
    # CLI's fix loop): one compile serves them all. Compiled is frozen.
    global _COUNT
    from ..compiler import CompileError, compile
    from ..m4 import memo

    path = os.path.join(folder, name) if folder is not None and name is not None else None
    _COUNT += 1
    try:
        return compile(
            text, cf_dir, path=path, replay=memo.SHARED if _COUNT > 1 else None, budget=grounding_budget()
        )
    except CompileError:
        return None


def grounded(config: SendmailConfig, compiled: "Optional[Compiled]", index: LineIndex) -> Optional[SendmailConfig]:
    """``config`` grounded in ``compiled``, or None when the compile must not be
    trusted: a fragment is never compiled for the model, and a run m4 would
    abandon (end of file in a string, runaway recursion) has no sendmail.cf
    worth trusting, so the packaged model stays."""
    if config.fragment or compiled is None or not compiled.complete:
        return None
    return apply_compiled(config, compiled, index)


def _site(line: "CfLine", index: LineIndex) -> Optional[Site]:
    offset = line.origin.mc_offset
    if offset is None:
        return None
    end = index.text.find("\n", offset)
    end = len(index.text) if end < 0 else end
    return build(Site, span=index.span(offset, max(end, offset)), via=())


def apply_compiled(config: SendmailConfig, compiled: "Compiled", index: LineIndex) -> SendmailConfig:
    """``config`` with options, daemons and clients read from ``compiled``."""
    options: dict[str, list[str]] = {}
    daemon_lines: list["CfLine"] = []
    client_lines: list[tuple[str, "CfLine"]] = []
    for option in compiled.option_lines:
        options.setdefault(option.name, []).append(option.value)
        if option.name == "DaemonPortOptions":
            daemon_lines.append(option.line)
        elif option.name == "ClientPortOptions":
            client_lines.append((option.value, option.line))
    daemon_values = [line.text.partition("=")[2] for line in daemon_lines]

    daemons = list(config.daemons)
    if [daemon.option_value for daemon in daemons] != daemon_values:
        unused = list(config.daemons)
        daemons = []
        for value, line in zip(daemon_values, daemon_lines):
            match = next((d for d in unused if d.option_value == value), None)
            if match is not None:
                unused.remove(match)
                daemons.append(match)
            else:
                site = _site(line, index)
                daemons.append(make_daemon(value, implied=site is None, site=site))

    clients = list(config.client_options)
    if [client.option_value for client in clients] != [value for value, _ in client_lines]:
        clients = []
        for value, line in client_lines:
            fields = parse_fields(value, client=True)
            values = {field.key: field.value for field in fields if field.key}
            clients.append(
                build(
                    ClientOptions, option_value=value, fields=fields,
                    family=(values.get("Family") or "inet").lower(), addr=values.get("Addr"),
                    port=values.get("Port"), modifiers=values.get("Modifier", ""), site=_site(line, index),
                )
            )
    # Classes and macros as sendmail.cf sets them: FEATUREs and OSTYPEs add
    # to them too, which the packaged model only partly knows.
    classes = compiled.classes
    macros = compiled.macros
    grounded: dict[str, object] = {}
    if "R" in classes:
        grounded["relay_domains"] = classes["R"].words
    if "M" in classes:
        grounded["masquerade_domains"] = classes["M"].words
    if "TrustAuthMech" in classes:
        grounded["trust_auth_mech"] = classes["TrustAuthMech"].words
    if macros.get("M"):
        grounded["masquerade_as"] = macros["M"]
    return config.model_copy(
        update={
            **grounded,
            "cf_options": options,
            "daemons": tuple(daemons),
            "client_options": tuple(clients),
            "undecided_options": (),
            "model_source": "compiled",
            "compiled": compiled,
        }
    )


__all__ = ["apply_compiled", "compile_for_model", "Daemon"]
