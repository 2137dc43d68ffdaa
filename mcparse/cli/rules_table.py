"""``--list-rules``: the rule catalogue as a table or as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Sequence

from .engine_bridge import rule_catalogue


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns, the first row as the header."""
    widths = [max(len(str(row[column])) for row in rows) for column in range(len(rows[0]))]
    return ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def render_rules(output_format: str) -> str:
    rules = rule_catalogue()
    if output_format in ("json", "json-lines"):
        objects = [
            {key: value for key, value in asdict(info).items() if key != "examples"} for info in rules
        ]
        return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
    rows = [("code", "name", "category", "severity", "fix", "summary")]
    rows.extend((info.code, info.name, info.category, info.severity, info.fix or "-", info.summary) for info in rules)
    return "\n".join(table(rows)) + "\n"
