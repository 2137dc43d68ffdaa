"""MC308 template-marker: the file is a template (Jinja, ERB), not a finished .mc."""

from __future__ import annotations

from typing import Iterator

from .base import Context, Finding, Rule


class TemplateMarker(Rule):
    code = "MC308"
    name = "template-marker"
    category = "m4"
    severity = "info"
    summary = "The file holds template markers (`{{`, `{%`, `<%`), so it is a template, not the .mc m4 will read."
    explanation = (
        "Configuration management tools (Ansible and Salt with Jinja, Puppet and Chef with ERB) "
        "keep sendmail.mc as a template and fill in values when they deploy it. mcparse checks "
        "the text as it is, so whatever the markers stand for is unknown: a daemon line, a "
        "feature or a quote may only appear after rendering. m4 itself would copy a marker "
        "into sendmail.cf as text. Run mcparse on the rendered file (the one on the mail "
        "server) for a complete check (cf.README, A BRIEF INTRODUCTION TO M4: the .mc is what "
        "m4 reads, markers and all)."
    )
    bad = (
        "OSTYPE(`linux')dnl\n"
        "define(`SMART_HOST', `{{ relay_host }}')dnl\n"
        "MAILER(`smtp')dnl\n"
    )
    good = (
        "OSTYPE(`linux')dnl\n"
        "define(`SMART_HOST', `relay.example.com')dnl\n"
        "MAILER(`smtp')dnl\n"
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for unknown in context.config.unknowns:
            if unknown.kind != "template":
                continue
            marker = context.text[unknown.span.start : unknown.span.end]
            yield self.finding(
                unknown.span,
                f"`{marker}` marks this file as a template: what it stands for is only known once the "
                "template is rendered. Check the rendered sendmail.mc as well.",
            )
