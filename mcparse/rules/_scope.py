"""Whether a file is a whole configuration or a piece of one: the one policy
every rule follows.

A piece (a *fragment*) is checked for what it writes itself, never for what
cf.m4 would add by default or for what is missing: the rest of the
configuration lives elsewhere. A file is a fragment when

* it never includes cf.m4 and nothing marks it as a complete .mc (the
  model's ``config.fragment``: FEATURE, HACK, DOMAIN files, snippets), or
* it is a template with no OSTYPE: a piece that a template system joins with
  others before m4 sees it (puppet's concat header, corpus 019, includes cf.m4
  inside an ERB branch and nothing else).

A .mc that includes cf.m4 but names no OSTYPE and is not a template stays a
whole file: m4 builds it as it is (with an error), so cf.m4's defaults apply.

Rules about how m4 itself reads the text (is `#` a comment here?) ask
``config.fragment`` directly: that is a fact about whether cf.m4 runs, not
this policy. Rules that weigh template branches side by side (duplicate-daemon,
no-port-25-listener) stay quiet on any template, a stricter test than this one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._correctness import is_template

if TYPE_CHECKING:  # pragma: no cover
    from ..model.config import Daemon
    from ..source import Span
    from .base import Context


def is_fragment(context: "Context") -> bool:
    """True when ``context``'s file is a piece of a configuration (see the module)."""
    config = context.config
    if config.fragment:
        return True
    return is_template(context) and not any(call.name == "OSTYPE" for call in config.calls)


def daemons(context: "Context") -> "tuple[Daemon, ...]":
    """The daemons the file is answerable for: every one on a whole file; on a
    fragment only those it writes (cf.m4's implied daemons are left out)."""
    every = tuple(context.config.daemons)
    if not is_fragment(context):
        return every
    return tuple(daemon for daemon in every if not daemon.implied)


def anchor(context: "Context") -> "Span":
    """Where to report what cf.m4 adds to the whole file (a default daemon, a
    default option): its OSTYPE, else its include of cf.m4, else its start."""
    from ._top_level import top_level

    site = context.config.ostype_site
    if site is not None:
        return site.span
    text = context.parse.text
    for node in top_level(context).calls:
        if node.name == "include" and "cf.m4" in text[node.span.start : node.span.end]:
            return context.span(node.span.start, node.span.end)
    return context.span(0, 0)
