"""mc-check: check sendmail.mc files from the command line.

Exit status: 0 nothing at or above the failure threshold (default: warning;
info findings are printed but never fail the run), 1 findings remain, 2 usage
error, unreadable input or an internal error (one line on stderr each; a
traceback only with --verbose). Heavy modules (the parser, the rules,
pydantic) load only once a file is actually checked, so ``--version`` and
``--help`` answer at once.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, NoReturn, Optional, Sequence

from .. import __version__

if TYPE_CHECKING:  # pragma: no cover
    from .findings import FileReport

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_TROUBLE = 2

OUTPUT_FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "junit", "gitlab", "rdjson")
# --show-model prints a summary (full, concise) or the model as data (json, json-lines).
MODEL_FORMATS = ("full", "concise", "json", "json-lines")
FAILURE_THRESHOLDS = ("error", "warning", "info", "never")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_TROUBLE, f"mc-check: error: {message}\n")


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _positive(value: str) -> int:
    number = _whole(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def _not_negative(value: str) -> int:
    number = _whole(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return number


def _whole(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None


def _directory(value: str) -> str:
    import os

    if not os.path.isdir(value):
        raise argparse.ArgumentTypeError(
            f"{value}: {'not a directory' if os.path.exists(value) else 'no such directory'}"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        allow_abbrev=False,  # a prefix must not silently pick another option
        prog="mc-check",
        description="Check sendmail.mc files before sendmail ever runs.",
        epilog="Exit status: 0 no finding at or above the failure threshold (default warning), 1 findings "
        "remain, 2 mc-check could not do its job.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="files or directories to check (directories: every *.mc inside); '-' reads standard input",
    )
    parser.add_argument("--version", action="version", version=f"mc-check {__version__}")
    # The short flags are ruff's, where ruff has the same option.
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="store_true", help="show a traceback when mc-check itself fails")
    verbosity.add_argument("-q", "--quiet", action="store_true",
                           help="print the findings and nothing else (no summary line, no 'Would fix' count)")
    verbosity.add_argument("-s", "--silent", action="store_true",
                           help="print nothing but mc-check's own errors; the exit status is unchanged")

    out = parser.add_argument_group("output")
    out.add_argument("--output-format", choices=OUTPUT_FORMATS, default="full", help="how to print findings")
    out.add_argument("-o", "--output-file", metavar="FILE",
                     help="write the findings to FILE (replaced whole, never half-written) instead of stdout")
    out.add_argument("--statistics", action="store_true", help="print how often each rule fired instead of findings")
    out.add_argument(
        "--failure-threshold", choices=FAILURE_THRESHOLDS, metavar="{error,warning,info,never}",
        help="the least severe finding that fails the run (default: failure-threshold in the settings, else "
        "warning: info findings are printed but exit 0)",
    )
    out.add_argument("--max-findings-per-rule", type=_not_negative, metavar="N",
                     help="list at most N findings of one rule per file, then one line saying how many more "
                     "(default: max-findings-per-rule in the settings, else 50; 0: all)")
    exits = out.add_mutually_exclusive_group()
    exits.add_argument("-e", "--exit-zero", action="store_true", help="exit 0 even when findings remain")
    exits.add_argument("--exit-non-zero-on-fix", action="store_true",
                       help="exit 1 when --fix wrote (or --diff would write) any fix, even if no finding remains")
    out.add_argument(
        "--show-suppressed", action="store_true",
        help="also list findings silenced by `dnl mc-check: disable=...`, with the reason given after `--` "
        "(full, concise, json, json-lines; they never fail the run)",
    )
    out.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                     help="colour the full and concise formats (auto: on a terminal, honouring NO_COLOR/FORCE_COLOR)")

    rules = parser.add_argument_group("rules and settings")
    rules.add_argument("--select", type=_codes, metavar="RULES",
                       help="only these rules (codes, code prefixes, names or categories, comma-separated)")
    rules.add_argument("--extend-select", type=_codes, action="extend", default=[], metavar="RULES",
                       help="these rules in addition to the selected ones")
    rules.add_argument("--ignore", type=_codes, action="extend", default=[], metavar="RULES",
                       help="leave these rules out")
    rules.add_argument("--config", metavar="PATH", help="use this pyproject.toml or .mc-check.toml")
    rules.add_argument("--explain", metavar="CODE|NAME", help="print a rule's full documentation")
    rules.add_argument("--list-rules", action="store_true", help="list every rule (JSON with --output-format json)")
    rules.add_argument("--show-settings", action="store_true",
                       help="print the settings in force for the first PATH and where each came from")
    rules.add_argument("--show-model", action="store_true",
                       help="print what sendmail will do: daemons, features, mailers, conf values")
    rules.add_argument(
        "--cf", metavar="SENDMAIL_CF",
        help="compare this installed sendmail.cf with what the .mc compiles to (rule cf-out-of-date: "
        "the .mc was edited but not rebuilt); needs exactly one .mc and sendmail-cf installed",
    )
    rules.add_argument(
        "--cf-dir", metavar="DIR", type=_directory,
        help="sendmail's cf directory: include() files inside it (or beside the .mc) and a site's own "
        "ostype/, domain/ and feature/ files are read from it (overrides cf-dir in the settings)",
    )

    fixes = parser.add_argument_group("fixes")
    fixes.add_argument("--fix", action="store_true", help="apply safe fixes and write the files")
    fixes.add_argument("--unsafe-fixes", action="store_true",
                       help="also apply fixes that change what sendmail does (implies --fix unless --diff)")
    fixes.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    fixes.add_argument(
        "--add-suppressions", action="store_true",
        help="silence every finding that remains: write `dnl mc-check: disable=CODE` above its line "
        "(a comment m4 drops, so sendmail.cf stays the same); prints how many were added",
    )

    files = parser.add_argument_group("files")
    files.add_argument("--stdin-filename", metavar="PATH",
                       help="the name of the file read from '-' (for messages and per-file settings)")
    files.add_argument("--include", action="append", default=[], metavar="GLOB",
                       help="which files to check in directories (default: *.mc); repeatable")
    files.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="files or folders to skip in directories, in addition to the exclude and "
                       "extend-exclude settings; repeatable")
    files.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false",
                       help="also check files that .gitignore files leave out (they are skipped by default)")
    files.add_argument("-n", "--no-cache", action="store_true",
                       help="check every file afresh (findings are otherwise cached per file content and settings)")
    files.add_argument("--jobs", type=_positive, metavar="N",
                       help="worker processes (default: one per CPU once there are enough files)")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run mc-check; return its exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["probe"]:
        # `mc-check probe HOST ...` checks a live server; its options are its own.
        from ..probe.command import run as run_probe

        return run_probe(arguments[1:])
    if arguments[:1] == ["compile"]:
        # `mc-check compile FILE [-o OUT]` writes sendmail.cf; its options are its own.
        from .compile_command import run as run_compile

        return run_compile(arguments[1:])
    parser = build_parser()
    options = parser.parse_args(arguments)
    try:
        return _dispatch(parser, options)
    except KeyboardInterrupt:
        return EXIT_TROUBLE
    except BrokenPipeError:
        # `mc-check ... | head`: the reader left, which is not our failure.
        _silence_stdout()
        return EXIT_TROUBLE
    except Exception as error:  # an internal error must not look like a finding
        if options.verbose:
            raise
        print(f"mc-check: internal error: {error.__class__.__name__}: {error} (run with --verbose for details)",
              file=sys.stderr)
        return EXIT_TROUBLE


def _dispatch(parser: argparse.ArgumentParser, options: argparse.Namespace) -> int:
    if options.explain:
        return _explain(options.explain)
    if options.list_rules:
        return _list_rules(options.output_format)
    if options.unsafe_fixes and not options.diff:
        options.fix = True
    if options.fix and options.diff:
        options.fix = False  # --diff wins: it promises to write nothing
    if options.show_model and (options.fix or options.diff):
        parser.error("--show-model cannot be combined with --fix or --diff")
    if options.show_model and options.output_format not in MODEL_FORMATS:
        parser.error(
            f"--show-model cannot print --output-format {options.output_format}, which is a format for "
            f"findings: use {', '.join(MODEL_FORMATS)}"
        )
    if options.add_suppressions and (options.fix or options.diff or options.show_model or options.statistics):
        parser.error("--add-suppressions cannot be combined with --fix, --unsafe-fixes, --diff, --show-model "
                     "or --statistics")
    if not options.paths:
        options.paths = ["."]
    if options.paths.count("-") > 1:
        parser.error("standard input ('-') can be read only once")
    if options.add_suppressions and "-" in options.paths:
        parser.error("--add-suppressions writes files: it cannot take standard input ('-')")
    if options.show_settings:
        return _show_settings(options)
    if options.show_model:
        return _show_model(options)
    return _check(options)


def _overrides(options: argparse.Namespace) -> "object":
    from .engine_bridge import Overrides

    return Overrides(
        select=tuple(options.select) if options.select is not None else None,
        ignore=tuple(options.ignore),
        extend_select=tuple(options.extend_select),
        config=options.config,
        cf_dir=options.cf_dir,
    )


def _check(options: argparse.Namespace) -> int:
    from .files import DEFAULT_INCLUDE, InputError, Problem, discover, read_stream
    from .findings import FileReport
    from .runner import Job, run, workers_for

    if options.config:
        config_problem = _config_problem(options.config)
        if config_problem:
            _complain(options.config, config_problem)
            return EXIT_TROUBLE
    entries = discover(
        options.paths,
        include=options.include or DEFAULT_INCLUDE,
        exclude=options.exclude,
        stdin_filename=options.stdin_filename,
        respect_gitignore=options.respect_gitignore,
        config=options.config,
    )
    if not entries:
        _complain(" ".join(options.paths), "no .mc files found")
        return EXIT_TROUBLE
    overrides = _overrides(options)
    mode = "diff" if options.diff else "fix" if options.fix else "check"
    installed = None
    if options.cf is not None:
        if len(entries) != 1:
            _complain(options.cf, "--cf compares one sendmail.cf with one .mc: give exactly one .mc file")
            return EXIT_TROUBLE
        try:
            with open(options.cf, "rb") as handle:
                installed = (options.cf, handle.read().decode("utf-8", "surrogateescape"))
        except OSError as error:
            _complain(options.cf, f"cannot read: {error.strerror or error}")
            return EXIT_TROUBLE
    # --add-suppressions must see every finding, not the first N of each rule.
    max_per_rule = 0 if options.add_suppressions else options.max_findings_per_rule
    jobs = []
    for entry in entries:
        if isinstance(entry, Problem):
            continue
        data = None
        if entry.path is None:
            try:
                data = read_stream(sys.stdin.buffer)
            except InputError as error:
                entries[entries.index(entry)] = Problem(entry.shown, str(error))
                continue
        jobs.append(Job(
            entry, overrides, mode, options.unsafe_fixes, data,  # type: ignore[arg-type]
            not options.no_cache and installed is None, installed, max_per_rule,
        ))
    checked = iter(run(jobs, workers=workers_for(len(jobs), options.jobs)))
    # Reports in command-line order, with the paths that could not be read in their place.
    reports = [
        FileReport(path=entry.shown, error=entry.message) if isinstance(entry, Problem) else next(checked)
        for entry in entries
    ]
    if options.add_suppressions:
        return _add_suppressions(options, reports)
    status = EXIT_CLEAN
    said: set[str] = set()
    for report in reports:
        if report.error:
            status = EXIT_TROUBLE
            # A broken settings file breaks every file below it: say so once.
            if report.error.startswith("settings:") and report.error in said:
                continue
            said.add(report.error)
            _complain(report.path, report.error)
    if not _emit(options, reports):
        return EXIT_TROUBLE
    if status == EXIT_TROUBLE:
        return status
    return exit_status(options, reports)


def exit_status(options: argparse.Namespace, reports: "Sequence[FileReport]") -> int:
    """0 or 1 for a run whose files could all be checked.

    A finding fails the run when its severity reaches the failure threshold
    (--failure-threshold, else each file's failure-threshold setting);
    --exit-non-zero-on-fix also fails it when fixes were written, as ruff's does."""
    if options.exit_zero:
        return EXIT_CLEAN
    if options.exit_non_zero_on_fix and any(report.fixed for report in reports):
        return EXIT_FINDINGS
    if options.diff:
        return EXIT_FINDINGS if any(report.diff for report in reports) else EXIT_CLEAN
    if any(report.failing(options.failure_threshold) for report in reports):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _emit(options: argparse.Namespace, reports: "list[FileReport]") -> bool:
    """Print (or with -o write) the reports; False when the output file could not be written."""
    if options.diff:
        text = "".join(report.diff for report in reports)
        fixed = sum(report.fixed for report in reports)
        if not (options.quiet or options.silent):
            print(f"Would fix {fixed} finding{'s' if fixed != 1 else ''}.", file=sys.stderr)
        return _deliver(options, text, sys.stdout)
    stdin_fixed = [report.fixed_output for report in reports if report.fixed_output is not None]
    if stdin_fixed:
        # With --fix on standard input the fixed text is the output, and the
        # findings that remain go to stderr, as other linters do.
        sys.stdout.flush()
        sys.stdout.buffer.write(stdin_fixed[0])
        sys.stdout.buffer.flush()
        stream = sys.stderr
    else:
        stream = sys.stdout
    return _deliver(options, render(options, reports, stream), stream)


def render(options: argparse.Namespace, reports: "Sequence[FileReport]", stream: object = None) -> str:
    """The findings (or with --statistics the counts) in the chosen format."""
    threshold = options.failure_threshold
    if options.statistics:
        from .formats.text import render_statistics, statistics

        if options.output_format in ("json", "json-lines"):
            import json

            return json.dumps(statistics(reports, threshold), indent=2) + "\n"
        return render_statistics(reports, threshold=threshold, summary=not options.quiet)
    from .formats import renderer
    from .formats.text import use_colour

    extra: dict[str, object] = {
        "show_suppressed": options.show_suppressed, "summary": not options.quiet, "threshold": threshold,
    }
    if options.output_format == "sarif":
        from .engine_bridge import rule_catalogue

        extra["rules"] = rule_catalogue()
    colour = use_colour(stream, options.color) if options.output_file is None else options.color == "always"  # type: ignore[arg-type]
    return renderer(options.output_format)(reports, colour=colour, **extra)


def _deliver(options: argparse.Namespace, text: str, stream: object) -> bool:
    """Write the report to --output-file, or unless --silent to ``stream``."""
    if options.output_file is None:
        if not options.silent:
            _write(text, stream)
        return True
    return _write_output_file(options.output_file, text)


def _write_output_file(path: str, text: str) -> bool:
    import os
    import stat

    from .fixing import replace_file

    data = text.encode("utf-8", "backslashreplace")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        # A new file gets what open() would give it: 0666 less the umask.
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        # Not synced: a report is rewritten on the next run, and fsync on
        # every CI run costs more than a lost report after a crash.
        replace_file(os.path.realpath(path), data, mode, durable=False)
    except OSError as error:
        from .files import describe_os_error

        _complain(path, f"cannot write the output file: {describe_os_error(error).removeprefix('cannot read: ')}")
        return False
    return True


def _add_suppressions(options: argparse.Namespace, reports: "list[FileReport]") -> int:
    from .suppressing import add_suppressions

    status = EXIT_CLEAN
    for report in reports:
        if report.error:
            _complain(report.path, report.error)
            status = EXIT_TROUBLE
    outcome = add_suppressions([report for report in reports if not report.error], _overrides(options))  # type: ignore[arg-type]
    for path, problem in outcome.problems:
        _complain(path, problem)
        status = EXIT_TROUBLE
    if not (options.quiet or options.silent):  # as ruff's --add-noqa count
        added = outcome.added
        print(f"Added {added} suppression{'s' if added != 1 else ''}"
              + (f" in {outcome.files} file{'s' if outcome.files != 1 else ''}." if added else "."), file=sys.stderr)
    if not options.silent:
        if outcome.left:
            print(f"{outcome.left} finding{'s' if outcome.left != 1 else ''} could not be silenced by a line "
                  "directive (inside a quoted string or a multi-line macro call); run mc-check to see "
                  f"{'them' if outcome.left != 1 else 'it'}.", file=sys.stderr)
    return status


def _write(text: str, stream: object = None) -> None:
    """Write text as UTF-8; bytes the file could not decode come out backslash-escaped."""
    target = stream if stream is not None else sys.stdout
    buffer = getattr(target, "buffer", None)
    if buffer is None:
        target.write(text.encode("utf-8", "backslashreplace").decode("utf-8"))  # type: ignore[attr-defined]
        return
    target.flush()  # type: ignore[attr-defined]
    buffer.write(text.encode("utf-8", "backslashreplace"))
    buffer.flush()


def _complain(path: str, message: str) -> None:
    from .formats.text import printable

    shown = printable(path).encode("utf-8", "backslashreplace").decode("utf-8")
    print(f"mc-check: {shown}: {message}", file=sys.stderr)


def _config_problem(path: str) -> Optional[str]:
    import os

    if os.path.isdir(path):
        return "is a directory, not a settings file"
    if not os.path.exists(path):
        return "no such settings file"
    return None


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# -- the informational commands --------------------------------------------------


def _explain(code_or_name: str) -> int:
    from .engine_bridge import explain

    text = explain(code_or_name)
    if text is None:
        _complain("--explain", f"no rule has the code or name {code_or_name!r} (see --list-rules)")
        return EXIT_TROUBLE
    _write(text if text.endswith("\n") else text + "\n")
    return EXIT_CLEAN


def _list_rules(output_format: str) -> int:
    from .rules_table import render_rules

    _write(render_rules(output_format))
    return EXIT_CLEAN


def _show_settings(options: argparse.Namespace) -> int:
    from .engine_bridge import SettingsError, describe_settings, load_settings

    path = options.paths[0]
    if path == "-":
        path = options.stdin_filename
    if options.config and _config_problem(options.config):
        _complain(options.config, _config_problem(options.config) or "")
        return EXIT_TROUBLE
    try:
        settings = load_settings(path, _overrides(options))  # type: ignore[arg-type]
    except SettingsError as error:
        _complain(path or "-", f"settings: {error}")
        return EXIT_TROUBLE
    rows = describe_settings(settings)
    if options.output_format == "json":
        import json

        _write(json.dumps([{"key": k, "value": v, "source": s} for k, v, s in rows], indent=2) + "\n")
        return EXIT_CLEAN
    from .rules_table import table

    _write(f"Settings for {path or '(current directory)'}:\n" + "\n".join(table([("key", "value", "from"), *rows])) + "\n")
    return EXIT_CLEAN


def _show_model(options: argparse.Namespace) -> int:
    """Print the model of each PATH: text (full, concise) or data (json: the
    model, or an array of {"path", "model"} for several files; json-lines: one
    such object a line)."""
    from .files import InputError, read_input, read_stream

    status = EXIT_CLEAN
    many = len(options.paths) > 1
    documents: list[dict[str, object]] = []
    texts: list[str] = []
    for path in options.paths:
        shown = options.stdin_filename or "-" if path == "-" else path
        try:
            data = read_stream(sys.stdin.buffer) if path == "-" else read_input(path)
        except InputError as error:
            _complain(shown, str(error))
            status = EXIT_TROUBLE
            continue
        from ..model import resolve
        from ..syntax import parse
        from .engine_bridge import SettingsError, load_settings
        from .engine_bridge import cf_dir as bridge_cf_dir
        from .show_model import model_data, render_text

        named = options.stdin_filename if path == "-" else path
        try:
            # --cf-dir, else the cf-dir of the settings in force for the file.
            cf_dir = bridge_cf_dir(load_settings(named, _overrides(options)))  # type: ignore[arg-type]
        except SettingsError as error:
            _complain(shown, f"settings: {error}")
            status = EXIT_TROUBLE
            continue
        config = resolve(parse(data).syntax, cf_dir=cf_dir, path=None if path == "-" else path)
        if options.output_format in ("json", "json-lines"):
            documents.append({"path": shown, "model": model_data(config)})
        else:
            texts.append((f"== {shown}\n" if many else "") + render_text(config) + "\n")
    import json

    if options.output_format == "json-lines":
        text = "".join(json.dumps(document) + "\n" for document in documents)
    elif options.output_format == "json":
        if not documents:
            text = ""
        else:
            # One file: the model itself, as before; several: one array, so the
            # output stays a single JSON document.
            text = json.dumps(documents[0]["model"] if not many else documents, indent=2) + "\n"
    else:
        text = "".join(texts)
    if not _deliver(options, text, sys.stdout):
        return EXIT_TROUBLE
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
