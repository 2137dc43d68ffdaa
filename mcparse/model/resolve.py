"""resolve(): from the parsed tree to what sendmail will do."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional, Union

from ..syntax.tree import Document, MacroCall
from ..collector import collector_paused
from ..syntax.parser import ParseResult, source_index, syntax_of, unparse
from .checkpoints import Checkpoints
from .config import SendmailConfig
from .sendmail import IncludeReader, SendmailEvaluator, build_config, template_unknowns

if TYPE_CHECKING:  # pragma: no cover
    from .. import ast


def _includes_cf(tree: Document) -> bool:
    # Only a top-level include counts: one inside a quoted argument is text.
    for call in tree.children:
        if call.kind != "call":
            continue
        if call.name in ("include", "sinclude") and call.arguments:
            if unparse(call.arguments[0]).strip().strip("`'").rstrip().endswith("cf.m4"):
                return True
    return False


def _marks_complete_mc(call: MacroCall) -> bool:
    # submit.mc files skip OSTYPE with define(`__OSTYPE__', `').
    if call.name == "OSTYPE":
        return True
    return call.name == "define" and bool(call.arguments) and "__OSTYPE__" in unparse(call.arguments[0])


def resolve(
    tree: Union["ast.Document", Document, "ParseResult"],
    *,
    cf_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
    path: Optional[Union[str, "os.PathLike[str]"]] = None,
    compile: bool = True,
    checkpoints: Optional[Checkpoints] = None,
) -> SendmailConfig:
    """Resolve a parsed sendmail.mc the way m4 and cf.m4 would.

    Never raises for a tree that :func:`mcparse.parse` produced. What cannot be
    decided statically is listed in ``SendmailConfig.unknowns``.
    With ``cf_dir`` (a sendmail-cf directory), ``include()`` of files inside it
    or inside the directory of ``path`` (the .mc's own file) are read, as text
    only; nothing outside those roots is ever opened. Without it (the
    default), what sendmail-cf's own files do comes from data shipped with
    mcparse, and other includes are reported as unknown.

    Wherever sendmail-cf is installed (``cf_dir``, the file's own include
    path, or where distributions put it), the file is also compiled by
    mcparse's sandboxed m4 and the option lines, daemons and client options
    come from that sendmail.cf (``model_source == "compiled"``, the compile in
    ``config.compiled``); ``compile=False`` keeps the packaged model alone.

    ``checkpoints`` (an editor's, one per version: ``Checkpoints(previous)``)
    receive this text's evaluator states, and the evaluation starts from the
    previous version's latest state before the first changed character
    (see checkpoints.py). The result is the same as without them.
    """
    # The compact tree, whichever a caller gave (parse()'s result, its public
    # pydantic tree, or the compact one).
    tree = syntax_of(tree)
    index = source_index(tree)
    text = index.text
    has_include = _includes_cf(tree)
    # Without an include of cf.m4 a complete .mc (one with OSTYPE) is meant for
    # `m4 ../m4/cf.m4 file.mc`, as in sendmail's source tree and the BSDs:
    # cf.m4 has run before the first line. Anything else is a fragment; its
    # sendmail macros are still read, but "#" stays a comment.
    preloaded = not has_include and any(
        _marks_complete_mc(call) for call in tree.children if isinstance(call, MacroCall)
    )
    evaluator = SendmailEvaluator(text, cf_included_from_start=not has_include, index=index)
    evaluator.fragment = not has_include and not preloaded
    if evaluator.fragment:
        evaluator.comment = "#"
    if cf_dir is not None:
        base = os.path.dirname(os.path.abspath(os.fspath(path))) if path is not None else None
        evaluator.reader = IncludeReader([os.fspath(cf_dir)] + ([base] if base else []), base)
    elif checkpoints is not None:
        checkpoints.attach(evaluator, (has_include, preloaded))
    with collector_paused():
        evaluator.run()
        config = build_config(evaluator)
        extra = template_unknowns(text, evaluator.index)
        # Dropped before the collector is back on: reference counting frees
        # it (its macros hold no cycle), so the collection that follows only
        # visits the config instead of the whole evaluator state.
        del evaluator
    if extra:
        config = config.model_copy(update={"unknowns": config.unknowns + tuple(extra)})
    if compile and not config.fragment:
        from .from_compile import compile_for_model, grounded

        config = grounded(config, compile_for_model(text, cf_dir, path), index) or config
    return config


__all__ = ["resolve", "MacroCall"]
