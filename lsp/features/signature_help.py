"""Signature help inside macro calls: the parameters of FEATURE(`name', ...) and friends."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from mcparse.vocabulary import load_vocabulary

from ..context import CallFrame, argument_end, cursor_context, strip_quotes



@dataclass(frozen=True)
class Signature:
    label: str
    documentation: str
    parameters: tuple[tuple[str, str], ...]  # (label as it appears in ``label``, explanation)
    active_parameter: int


def signature_help(text: str, offset: int) -> Optional[Signature]:
    context = cursor_context(text, offset)
    if context.in_comment:
        return None
    frame = context.call
    if frame is None:
        return None
    if frame.name == "FEATURE":
        feature_signature = _feature(text, frame)
        if feature_signature is not None:
            return feature_signature
    macro = load_vocabulary().macros.get(frame.name)
    if macro is None:
        return None
    labels = [match.group(0) for match in re.finditer(r"`[^`']*'", macro.signature)]
    parameters = tuple((label, "") for label in labels)
    return Signature(macro.signature, macro.summary, parameters, _active(frame.argument, len(parameters)))


def _feature(text: str, frame: CallFrame) -> Optional[Signature]:
    first = CallFrame(frame.name, frame.name_start, 0, frame.name_start + len(frame.name) + 1)
    name, _ = strip_quotes(text[first.argument_start : argument_end(text, first)])
    feature = load_vocabulary().features.get(name.strip())
    if feature is None:
        return None
    parameters = [("`name'", "the feature to load")]
    parameters += [(f"`{arg.name}'", arg.meaning + (" (optional)" if arg.optional else "")) for arg in feature.args]
    label = f"FEATURE({', '.join(label for label, _ in parameters)})"
    return Signature(label, feature.summary, tuple(parameters), _active(frame.argument, len(parameters)))


def _active(argument: int, count: int) -> int:
    return max(0, min(argument, count - 1)) if count else 0
