"""What mcparse reports: one Diagnostic per problem, with where and how bad."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

from .source import Span

Severity = Literal["error", "warning", "info"]


class Edit(BaseModel):
    """Replace ``text[start:end]`` with ``replacement`` (offsets into the original text)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    start: int
    end: int
    replacement: str


class Fix(BaseModel):
    """Edits that resolve a finding. ``safe`` fixes keep what sendmail does;
    unsafe ones change its behaviour and need the user's explicit consent."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    message: str
    edits: tuple[Edit, ...]
    safety: Literal["safe", "unsafe"]


class Diagnostic(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    fix: Optional[Fix] = None
    url: Optional[str] = None
    # Set when an inline suppression silenced this finding (kept for reporting).
    suppressed_reason: Optional[str] = None


# Syntax and input problems found before any rule runs. Their codes are part
# of the public contract (suppressions and settings name them).
SYNTAX_CODES: dict[str, tuple[str, str, Severity]] = {
    "unterminated-quote": ("MC001", "unterminated-quote", "error"),
    "unclosed-call": ("MC002", "unclosed-call", "error"),
    "invalid-utf8": ("MC003", "invalid-utf8", "warning"),
}
