"""What a rule is: its metadata, what it is given (Context) and what it yields (Finding).

Kept free of pydantic models at import time: every rule module imports this
file, and the CLI's cold start pays for it once per run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterator, Literal, Optional, Union

if TYPE_CHECKING:  # pragma: no cover - typing only, keeps imports light
    from pydantic import BaseModel

    from ..syntax.tree import Document
    from ..diagnostics import Edit, Fix
    from ..model.config import SendmailConfig
    from ..source import LineIndex, Span
    from ..suppressions import Suppressions
    from ..syntax import ParseResult

Category = Literal["syntax", "security", "correctness", "m4", "style", "deprecated"]
Severity = Literal["error", "warning", "info"]
FixSafety = Optional[Literal["safe", "unsafe"]]

CATEGORIES: tuple[str, ...] = ("syntax", "security", "correctness", "m4", "style", "deprecated")
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
# The first digit of a code names its category, so `select = ["MC1"]` means security.
CATEGORY_DIGIT: dict[str, str] = {
    "syntax": "0", "security": "1", "correctness": "2", "m4": "3", "style": "4", "deprecated": "5",
}
CODE_PATTERN = re.compile(r"^MC\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

# Where each rule's documentation lives; a rule's url is this plus "#<name>".
DOCS_BASE_URL = "https://github.com/mcparse/mcparse/blob/main/docs/rules.md"


# Rule.finding's two steps, looked up once (it runs once per finding).
_new_object = object.__new__
_set_attribute = object.__setattr__

# Messages quote what the file wrote, and a hostile file writes megabyte-long
# names; a message stays readable on one terminal screen.
MAX_MESSAGE = 600


def shorten(message: str) -> str:
    """``message`` cut in the middle when longer than MAX_MESSAGE: the start
    names the problem and the end says what to do."""
    if len(message) <= MAX_MESSAGE:
        return message
    half = (MAX_MESSAGE - 5) // 2
    return message[:half] + " ... " + message[-half:]


class RuleDefinitionError(Exception):
    """A rule module whose metadata breaks the conventions (raised at discovery)."""


@dataclass(frozen=True)
class Finding:
    """One problem a rule found. Complete when yielded: the engine only turns
    it into a :class:`~mcparse.diagnostics.Diagnostic` (adding the settings'
    severity and the docs link), it never edits it."""

    code: str
    name: str
    severity: Severity
    message: str
    span: "Span"
    fix: Optional["Fix"] = None


@dataclass
class Context:
    """Everything a rule may look at. Rules must not mutate any of it."""

    parse: "ParseResult"
    config: "SendmailConfig"
    options: Any = None  # the rule's options model instance, or None
    path: Optional[str] = None
    # Only for rules with ``after_suppressions = True`` (unused-suppression):
    # the file's directives, each knowing which codes it actually silenced.
    suppressions: Optional["Suppressions"] = None
    # Codes of the rules that ran on this file (a directive naming a rule that
    # did not run cannot be called unused).
    active_codes: frozenset[str] = field(default_factory=frozenset)
    # Shared by the contexts of one file's rules (see memo); each rule gets its
    # own Context for its options, but per-file tables are built once.
    shared: dict[str, Any] = field(default_factory=dict)
    # The sendmail.cf installed on the machine (path, text), when the caller
    # asked to compare it with what the file compiles to (mc-check --cf).
    installed_cf: Optional[tuple[str, str]] = None

    @property
    def text(self) -> str:
        return self.parse.text

    @property
    def tree(self) -> "Document":
        return self.parse.syntax

    @cached_property
    def index(self) -> "LineIndex":
        from ..source import LineIndex

        return LineIndex(self.parse.text)

    def span(self, start: int, end: int) -> "Span":
        """The span of ``[start, end)`` in this file."""
        return self.index.span(start, end)

    def memo(self, key: str, compute: "Callable[..., Any]", *arguments: Any) -> Any:
        """Derived data several rules share: ``compute(*arguments)``, computed
        once per file.

        A rule that looks something up per finding must not rescan the whole
        file each time: on a file with thousands of daemons that turns a
        linear check quadratic. Compute the table once here instead. Helpers
        asked once per finding pass ``arguments`` rather than a new closure
        each time.
        """
        cache = self.shared
        found = cache.get(key, _MISSING)
        if found is _MISSING:
            found = cache[key] = compute(*arguments)
        return found


_MISSING = object()


@cache
def _fix_classes() -> "tuple[type[Edit], type[Fix], Callable[..., Any]]":
    """Edit and Fix, imported on first use (every rule imports this module, and
    pydantic is paid for only once a fix is made) and then looked up once: an
    import statement per call cost a file with 10,000 fixes milliseconds."""
    from ..diagnostics import Edit, Fix
    from ..source import build

    return Edit, Fix, build


class Rule:
    """Base class of every rule. Subclass it once per module and set the metadata;
    see :mod:`mcparse.rules` for the conventions a new rule follows."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    explanation: ClassVar[str]
    # Full small .mc texts; tests check that ``bad`` yields this rule's code and
    # ``good`` does not. Bytes are allowed for encoding problems.
    bad: ClassVar[Union[str, bytes]]
    good: ClassVar[Union[str, bytes]]
    fix_safety: ClassVar[FixSafety] = None
    # A pydantic model (extra="forbid") for the rule's settings, or None.
    options: ClassVar[Optional[type["BaseModel"]]] = None
    default_enabled: ClassVar[bool] = True
    # Run after every other rule, once suppressions know what they silenced.
    after_suppressions: ClassVar[bool] = False
    # The rule reads the compiled sendmail.cf: silent where sendmail-cf is not installed.
    needs_sendmail_cf: ClassVar[bool] = False
    # For rules that compare with an installed sendmail.cf: the examples are
    # checked against the cf that ``good`` compiles to.
    examples_installed_cf_from_good: ClassVar[bool] = False

    _REQUIRED: ClassVar[tuple[str, ...]] = (
        "code", "name", "category", "severity", "summary", "explanation", "bad", "good",
    )

    def __init_subclass__(cls, abstract: bool = False, **kwargs: Any) -> None:
        # ``class Shared(Rule, abstract=True)`` declares a base for several rules.
        super().__init_subclass__(**kwargs)
        if abstract:
            return
        missing = [attribute for attribute in cls._REQUIRED if not hasattr(cls, attribute)]
        if missing:
            raise RuleDefinitionError(f"rule {cls.__qualname__} lacks {', '.join(missing)}")
        if not CODE_PATTERN.match(cls.code):
            raise RuleDefinitionError(f"rule {cls.__qualname__}: code {cls.code!r} is not MC + 3 digits")
        if not NAME_PATTERN.match(cls.name):
            raise RuleDefinitionError(f"rule {cls.code}: name {cls.name!r} is not kebab-case")
        if cls.category not in CATEGORIES:
            raise RuleDefinitionError(f"rule {cls.code}: unknown category {cls.category!r}")
        if cls.code[2] != CATEGORY_DIGIT[cls.category]:
            raise RuleDefinitionError(
                f"rule {cls.code}: {cls.category} codes start with MC{CATEGORY_DIGIT[cls.category]}"
            )
        if cls.severity not in SEVERITIES:
            raise RuleDefinitionError(f"rule {cls.code}: unknown severity {cls.severity!r}")
        if cls.fix_safety not in (None, "safe", "unsafe"):
            raise RuleDefinitionError(f"rule {cls.code}: fix_safety must be 'safe', 'unsafe' or None")

    @classmethod
    def url(cls) -> str:
        return f"{DOCS_BASE_URL}#{cls.name}"

    def check(self, context: Context) -> Iterator[Finding]:
        """Yield this rule's findings for one file. Pure: no I/O, no state."""
        raise NotImplementedError

    # -- helpers for rule authors

    def finding(
        self, span: "Span", message: str, fix: Optional["Fix"] = None, severity: Optional[Severity] = None
    ) -> Finding:
        """A finding of this rule at ``span``; ``severity`` grades this one finding
        when it differs from the rule's default (settings still override it)."""
        # Filled in directly: a frozen dataclass's __init__ sets each field
        # through object.__setattr__, and a file can have thousands of findings.
        made = _new_object(Finding)
        _set_attribute(made, "__dict__", {
            "code": self.code, "name": self.name, "severity": severity or self.severity,
            "message": message if len(message) <= MAX_MESSAGE else shorten(message), "span": span, "fix": fix,
        })
        return made

    def fix(self, message: str, *edits: "Edit") -> "Fix":
        """A fix of this rule's declared safety made of ``edits`` (original offsets)."""
        if self.fix_safety is None:
            raise RuleDefinitionError(f"rule {self.code} offers a fix but declares no fix_safety")
        edit_class, fix_class, build = _fix_classes()
        if not isinstance(message, str):
            raise TypeError(f"rule {self.code}: a fix is a message and Edits, got {message!r}, {edits!r}")
        for edit in edits:  # a loop, not all(): a generator per fix cost as much as building it
            if type(edit) is not edit_class:
                raise TypeError(f"rule {self.code}: a fix is a message and Edits, got {message!r}, {edits!r}")
        # Built, not validated: the checks above are all validation would do,
        # and a file with thousands of fixes spent milliseconds in pydantic.
        return build(fix_class, message=message, edits=edits, safety=self.fix_safety)

    @staticmethod
    def edit(start: int, end: int, replacement: str) -> "Edit":
        if type(start) is not int or type(end) is not int or not isinstance(replacement, str):
            raise TypeError(f"an edit is two offsets and a text, got {start!r}, {end!r}, {replacement!r}")
        edit_class, _, build = _fix_classes()
        return build(edit_class, start=start, end=end, replacement=replacement)
