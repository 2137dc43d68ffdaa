"""MC105 shell-command-in-mc: syscmd/esyscmd run a command when the file is compiled."""

from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule


class ShellCommandInMc(Rule):
    code = "MC105"
    name = "shell-command-in-mc"
    category = "security"
    severity = "error"
    summary = "The file calls m4's `syscmd` or `esyscmd`, which run a shell command whenever it is compiled."
    explanation = (
        "`syscmd(cmd)` and `esyscmd(cmd)` are GNU m4 builtins that hand `cmd` to the shell; "
        "`esyscmd` also pastes the command's output into sendmail.cf. They run on the machine "
        "of whoever compiles the .mc (usually root running `make` in /etc/mail), with that "
        "person's rights, every time. A .mc copied from the web, a template or a shared "
        "repository can therefore execute anything, and the generated sendmail.cf depends on "
        "what the command printed that day. sendmail's own cf files never need them: use "
        "define() with literal values, or let sendmail compute things at run time with its $ "
        "macros (cf.README: the .mc file is plain m4 input). mcparse never runs the command; "
        "what it would have produced is reported as unknown."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`confDOMAIN_NAME', esyscmd(`hostname -f'))dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`confDOMAIN_NAME', `mail.example.org')dnl\n"
        "MAILER(`local')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for call in context.config.shell_commands:
            command = call.arguments[0].strip() if call.arguments else ""
            shown = f"`{command}`" if command else "a shell command"
            output = " and paste its output into sendmail.cf" if call.name == "esyscmd" else ""
            yield self.finding(
                call.site.span,
                f"m4 will run {shown} in a shell on the machine of whoever compiles this file"
                f"{output}; replace `{call.name}` with a literal value.",
            )
