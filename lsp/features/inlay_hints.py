"""Inlay hints in DAEMON_OPTIONS/CLIENT_OPTIONS: port names as numbers, modifier letters spelled out."""

from __future__ import annotations

from dataclasses import dataclass

from mcparse.syntax.tree import Document, MacroCall
from mcparse.vocabulary import client_key_for, daemon_key_for, port_number

from .. import knowledge
from ..context import option_fields
from .tree import first_argument, nodes_in


@dataclass(frozen=True)
class Hint:
    offset: int  # the hint is shown just after this offset
    label: str
    tooltip: str


def unquoted(value: str, base: int) -> tuple[str, int]:
    """``value`` without the further quote levels of a double-quoted argument
    (``DAEMON_OPTIONS(``Port=smtp, M=Ea'')``, which m4 reads as the same
    options), and where what is left starts."""
    while len(value) >= 2 and value[0] == "`" and value[-1] == "'":
        value, base = value[1:-1], base + 1
    return value, base


def inlay_hints(document: Document, start: int, end: int) -> list[Hint]:
    hints: list[Hint] = []
    for node in nodes_in(document, start, end):
        if not isinstance(node, MacroCall) or node.name not in knowledge.OPTION_CALLS:
            continue
        argument = first_argument(node)
        if argument is None:
            continue
        client = node.name == "CLIENT_OPTIONS"
        value, base = unquoted(*argument)
        for field in option_fields(value, base):
            key = (client_key_for if client else daemon_key_for)(field.key)
            if key is None or not field.value:
                continue
            after = field.value_start + len(field.value)
            if not start <= after <= end:
                continue
            if key.name == "Port" and not field.value[:1].isdigit():
                number = port_number(field.value)
                if number is not None:
                    hints.append(Hint(after, f"({number})", f"{field.value} is port {number}"))
            elif key.name == "Modifier":
                letters = [letter for letter in field.value if not letter.isspace()]
                label = ", ".join(f"{letter}: {knowledge.modifier_label(letter, client)}" for letter in letters)
                tooltip = "\n".join(knowledge.modifier_doc(letter, client) for letter in letters)
                hints.append(Hint(after, label, tooltip))
    return hints
