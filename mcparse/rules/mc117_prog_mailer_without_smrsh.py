"""MC117 prog-mailer-without-smrsh: `|program` deliveries run through a full shell."""

from __future__ import annotations

from typing import Iterator, Optional

from .base import Context, Finding, Rule


def _shell_path(context: Context) -> Optional[str]:
    # LOCAL_SHELL_PATH is an ordinary define() that the model keeps as a user macro.
    for macro in reversed(context.config.user_macros):
        if macro.name == "LOCAL_SHELL_PATH":
            return macro.body
    variable = context.config.conf.get("LOCAL_SHELL_PATH")
    return variable.value if variable is not None else None


class ProgMailerWithoutSmrsh(Rule):
    code = "MC117"
    name = "prog-mailer-without-smrsh"
    category = "security"
    severity = "info"
    summary = "MAILER(`local') defines the prog mailer, and without FEATURE(`smrsh') it runs `|program` deliveries with /bin/sh."
    explanation = (
        "MAILER(`local') also defines `prog`, the mailer that runs `|command` entries from "
        "aliases, :include: lists and users' .forward files. By default it hands the command to "
        "/bin/sh, so any user (or anyone who can write one of those files) can have sendmail "
        "run arbitrary commands when mail arrives. FEATURE(`smrsh') replaces the shell with "
        "smrsh, which only runs programs an administrator linked into its directory "
        "(/etc/mail/smrsh or similar), such as procmail or vacation (cf.README: FEATURES, "
        "smrsh; smrsh's own README). It must come before MAILER(`local'). This is hardening "
        "advice, so it is reported as information, and no fix is offered: programs not yet "
        "linked into smrsh's directory would stop receiving mail."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "FEATURE(`smrsh')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        config = context.config
        local = next((mailer for mailer in config.mailers if mailer.name == "local"), None)
        if local is None or config.has_feature("smrsh"):
            return  # smrsh after MAILER(local) is feature-after-mailer's finding
        shell = _shell_path(context)
        if shell is not None and "smrsh" in shell:
            return
        runs = f"`{shell}`" if shell else "/bin/sh"
        yield self.finding(
            local.site.span,
            f"The prog mailer will run `|program` deliveries from aliases and .forward files "
            f"with {runs}, so they can run any command; add FEATURE(`smrsh') before "
            "MAILER(`local') to allow only the programs you link into smrsh's directory.",
        )
