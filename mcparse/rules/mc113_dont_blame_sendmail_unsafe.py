"""MC113 dont-blame-sendmail-unsafe: DontBlameSendmail values that switch off file-safety checks."""

from __future__ import annotations

import re
from typing import Iterator

from ._security import file_definitions, report_span
from .base import Context, Finding, Rule

# What each risky value lets someone other than root do, grouped so the
# message names the consequence once. Lower-cased: sendmail ignores case.
RUN_PROGRAMS = "make sendmail run programs or write files as the recipient"
TAMPER_ROUTING = "redirect or read other people's mail through the aliases, maps or class files sendmail trusts"
REDIRECT_FORWARDS = "redirect a user's mail by rewriting the .forward or :include: list sendmail reads for them"
WEAK_TLS = "STARTTLS may start without enough randomness for safe keys"
RISKY_VALUES: dict[str, str] = {
    **{name.lower(): RUN_PROGRAMS for name in (
        "ForwardFileInUnsafeDirPathSafe", "IncludeFileInUnsafeDirPathSafe",
        "GroupWritableForwardFileSafe", "GroupWritableIncludeFileSafe",
        "WorldWritableForwardfile", "WorldWritableIncludefile",
        "RunProgramInUnsafeDirPath", "RunWritableProgram",
        "FileDeliveryToHardLink", "FileDeliveryToSymLink",
    )},
    **{name.lower(): TAMPER_ROUTING for name in (
        "WorldWritableAliasFile", "GroupWritableAliasFile", "GroupWritableDirPathSafe",
        "AssumeSafeChown", "MapInUnsafeDirPath", "ClassFileInUnsafeDirPath",
        "LinkedAliasFileInWritableDir", "LinkedClassFileInWritableDir", "LinkedMapInWritableDir",
        "LinkedServiceSwitchFileInWritableDir", "WriteMapToHardLink", "WriteMapToSymLink",
        "WriteStatsToHardLink", "WriteStatsToSymLink", "GroupWritableSASLDBFile",
    )},
    # Without the *Safe variants (above) such a file still may not run programs
    # or write files, but the addresses in it are obeyed.
    **{name.lower(): REDIRECT_FORWARDS for name in (
        "ForwardFileInUnsafeDirPath", "IncludeFileInUnsafeDirPath",
        "ForwardFileInGroupWritableDirPath", "IncludeFileInGroupWritableDirPath",
        "GroupWritableForwardFile", "GroupWritableIncludeFile",
        "LinkedForwardFileInWritableDir", "LinkedIncludeFileInWritableDir",
    )},
    "insufficiententropy": WEAK_TLS,
}
# Spelled as the Installation and Operation Guide spells them, for messages.
CANONICAL: dict[str, str] = {
    name.lower(): name for name in (
        "ForwardFileInUnsafeDirPathSafe", "IncludeFileInUnsafeDirPathSafe",
        "GroupWritableForwardFileSafe", "GroupWritableIncludeFileSafe", "WorldWritableForwardfile",
        "WorldWritableIncludefile", "RunProgramInUnsafeDirPath", "RunWritableProgram",
        "FileDeliveryToHardLink", "FileDeliveryToSymLink", "WorldWritableAliasFile",
        "GroupWritableAliasFile", "GroupWritableDirPathSafe", "AssumeSafeChown", "MapInUnsafeDirPath",
        "ClassFileInUnsafeDirPath", "LinkedAliasFileInWritableDir", "LinkedClassFileInWritableDir",
        "LinkedMapInWritableDir", "LinkedForwardFileInWritableDir", "LinkedIncludeFileInWritableDir",
        "LinkedServiceSwitchFileInWritableDir", "WriteMapToHardLink", "WriteMapToSymLink",
        "WriteStatsToHardLink", "WriteStatsToSymLink", "GroupWritableSASLDBFile",
        "ForwardFileInUnsafeDirPath", "IncludeFileInUnsafeDirPath", "ForwardFileInGroupWritableDirPath",
        "IncludeFileInGroupWritableDirPath", "GroupWritableForwardFile", "GroupWritableIncludeFile",
        "InsufficientEntropy",
    )
}
_WORD = re.compile(r"[A-Za-z]+")


class DontBlameSendmailUnsafe(Rule):
    code = "MC113"
    name = "dont-blame-sendmail-unsafe"
    category = "security"
    severity = "warning"
    summary = "confDONT_BLAME_SENDMAIL turns off file-safety checks that stop local users from hijacking mail or running programs."
    explanation = (
        "Before sendmail reads an alias file, a .forward, an :include: list, a map or a program "
        "to run, it checks that nobody but the owner could have written it or the directories "
        "above it. DontBlameSendmail switches individual checks off. Some values are harmless "
        "(TrustStickyBit, NonRootSafeAddr, the GroupReadable* key and SASL file values, warning "
        "suppressions) and are not reported; the others let anyone who can write one of those "
        "files or directories run programs as the recipient, add themselves to aliases, or "
        "redirect mail, and InsufficientEntropy lets STARTTLS start with weak randomness. "
        "cf.README says these values compromise security and should be used only when "
        "unavoidable; fix the file permissions instead (cf.README: confDONT_BLAME_SENDMAIL and "
        "SECURITY NOTES; the Installation and Operation Guide, Turning off security checks). "
        "Only values this file sets are reported, not those added by DOMAIN(`debian-mta')."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confDONT_BLAME_SENDMAIL', `GroupWritableDirPathSafe,RunWritableProgram')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        definitions = file_definitions(context.config, "confDONT_BLAME_SENDMAIL")
        if not definitions or definitions[-1].value is None:
            return
        final = {word.lower() for word in _WORD.findall(definitions[-1].value)}
        # Values the file wrote itself: the words of its own define() source
        # text, so a `defn(...)` append does not blame the file for what an
        # included DOMAIN file set.
        written: list[str] = []
        for definition in definitions:
            span = definition.site.span
            if definition.site.via:
                text = definition.raw if definition.raw is not None else (definition.value or "")
            else:
                text = context.text[span.start:span.end]
            for word in _WORD.findall(text):
                lowered = word.lower()
                if lowered in RISKY_VALUES and lowered in final and lowered not in written:
                    written.append(lowered)
        if not written:
            return
        consequences: list[str] = []
        for value in written:
            if RISKY_VALUES[value] not in consequences:
                consequences.append(RISKY_VALUES[value])
        parts = []
        by_writers = [c for c in consequences if c != WEAK_TLS]
        if by_writers:
            parts.append(
                "anyone who can write the files or directories involved can " + " and ".join(by_writers)
            )
        if WEAK_TLS in consequences:
            parts.append(WEAK_TLS)
        names = ", ".join(f"`{CANONICAL[value]}`" for value in written)
        yield self.finding(
            report_span(context, "confDONT_BLAME_SENDMAIL"),
            f"DontBlameSendmail {names} switches off sendmail's file-safety checks, so "
            f"{'; and '.join(parts)}; fix the file permissions and drop these values.",
        )
