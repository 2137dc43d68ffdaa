"""mc-check: check sendmail.mc files from the command line.

Exit status: 0 nothing found, 1 findings, 2 usage error, unreadable input or
an internal error (one line on stderr; a traceback only with --verbose).
"""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from .. import __version__

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_TROUBLE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> "NoReturn":  # type: ignore[name-defined]  # noqa: F821
        self.print_usage(sys.stderr)
        self.exit(EXIT_TROUBLE, f"mc-check: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mc-check", description="Check sendmail.mc files before sendmail ever runs.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files to check ('-' reads standard input)")
    parser.add_argument("--version", action="version", version=f"mc-check {__version__}")
    parser.add_argument("--verbose", action="store_true", help="show a traceback when mc-check itself fails")
    parser.add_argument("--show-model", action="store_true", help="print what sendmail will do (daemons, features, ...)")
    parser.add_argument(
        "--output-format", choices=("full", "concise", "json"), default="full", help="how to print results"
    )
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    if not options.paths:
        parser.error("no files given")
    try:
        return _run(options)
    except KeyboardInterrupt:
        return EXIT_TROUBLE
    except Exception as error:  # an internal error must not look like a finding
        if options.verbose:
            raise
        print(f"mc-check: internal error: {error.__class__.__name__}: {error}", file=sys.stderr)
        return EXIT_TROUBLE


def _run(options: argparse.Namespace) -> int:
    from ..syntax import parse

    status = EXIT_CLEAN
    for path in options.paths:
        try:
            if path == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(path, "rb") as handle:
                    data = handle.read()
        except OSError as error:
            print(f"mc-check: {path}: cannot read: {error.strerror or error}", file=sys.stderr)
            status = EXIT_TROUBLE
            continue
        shown = "<stdin>" if path == "-" else path
        result = parse(data)
        if options.show_model:
            from ..model import resolve
            from .show_model import render_json, render_text

            config = resolve(result.tree)
            if len(options.paths) > 1 and options.output_format != "json":
                print(f"== {shown}")
            print(render_json(config) if options.output_format == "json" else render_text(config))
            continue
        for diagnostic in result.diagnostics:
            span = diagnostic.span
            print(f"{shown}:{span.line}:{span.column}: {diagnostic.code} {diagnostic.message}")
        if result.diagnostics and status == EXIT_CLEAN:
            status = EXIT_FINDINGS
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
