"""``mc-check compile``: write the sendmail.cf a .mc compiles to, as ``m4 FILE.mc`` would.

The installed sendmail-cf is run by mcparse's own sandboxed m4: the output is
the same as m4's except the three ``##### built by / in / using`` header
lines, nothing is executed and nothing outside the cf directory and the
.mc's folder is read. m4's messages go to standard error as m4 prints them.

Exit status: m4's (0, or 1 after an m4 error such as an include that cannot
be read); 2 when there is no sendmail-cf, the input cannot be read or the
output cannot be written.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn, Optional, Sequence

EXIT_TROUBLE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_TROUBLE, f"mc-check compile: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mc-check compile",
        allow_abbrev=False,
        description="Write the sendmail.cf that FILE compiles to with the installed sendmail-cf "
        "(the same as `m4 FILE` apart from the 'built by' header; nothing is executed).",
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE",
        help="the .mc to compile ('-' reads standard input); with several, -o names a directory",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT",
        help="write sendmail.cf here (default: standard output); with several FILEs a directory that "
        "gets NAME.cf for each NAME.mc",
    )
    parser.add_argument("--cf-dir", metavar="DIR", help="the sendmail-cf directory (default: found as described in the README)")
    return parser


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    options = parser.parse_args(list(argv))
    if options.cf_dir is not None and not os.path.isfile(os.path.join(options.cf_dir, "m4", "cf.m4")):
        print(f"mc-check compile: --cf-dir {options.cf_dir}: not a sendmail-cf directory (no m4/cf.m4)", file=sys.stderr)
        return EXIT_TROUBLE
    if len(options.files) == 1:
        return _compile_one(options.files[0], options.output, options.cf_dir)
    if options.output is None or "-" in options.files:
        parser.error("several FILEs need -o DIRECTORY (and none of them may be '-')")
    try:
        os.makedirs(options.output, exist_ok=True)
    except OSError as error:
        print(f"mc-check compile: cannot create {options.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_TROUBLE
    jobs = [
        # Many generated files into a directory: renamed into place, not synced one by one.
        (name, os.path.join(options.output, os.path.splitext(os.path.basename(name))[0] + ".cf"), options.cf_dir, False, True)
        for name in options.files
    ]
    workers = _workers(len(jobs))
    if workers <= 1:
        return max(_compile_one(*job) for job in jobs)
    import concurrent.futures
    import multiprocessing

    # Fork after the engine is imported and the cf.m4 prelude recorded, so
    # every worker starts warm; messages are printed in the files' order.
    _compile_one(*jobs[0])
    context = multiprocessing.get_context("fork")
    status = 0
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for result, messages in pool.map(_compile_captured, jobs[1:], chunksize=max(1, len(jobs) // (workers * 4))):
            sys.stderr.write(messages)
            status = max(status, result)
    return status


def _workers(count: int) -> int:
    # A compile costs ~10-35 ms (a check ~5 ms), so a pool pays from fewer files
    # than runner.PARALLEL_THRESHOLD.
    if count < 8 or sys.platform != "linux":
        return 1
    from .runner import usable_cpus

    return max(1, min(usable_cpus(), count // 4))


def _compile_captured(job: tuple[str, str, Optional[str], bool, bool]) -> tuple[int, str]:
    import io

    saved, sys.stderr = sys.stderr, io.StringIO()
    try:
        result = _compile_one(*job)
        return result, sys.stderr.getvalue()
    finally:
        sys.stderr = saved


def _compile_one(
    file: str, output: Optional[str], cf_dir: Optional[str], durable: bool = True, replay: bool = False
) -> int:
    from ..compiler import CompileError, run as compile_raw
    from ..m4 import memo

    try:
        if file == "-":
            text = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
            path: Optional[str] = None
        else:
            with open(file, "rb") as handle:
                text = handle.read().decode("utf-8", "surrogateescape")
            path = file
    except OSError as error:
        print(f"mc-check compile: cannot read {file}: {error.strerror or error}", file=sys.stderr)
        return EXIT_TROUBLE
    try:
        # Only the text is written: no tracing to .mc lines; over several files,
        # sendmail-cf's own calls are replayed from earlier ones (m4/memo.py).
        raw = compile_raw(text, cf_dir, path=path, provenance=False, replay=memo.SHARED if replay else None)
    except CompileError as error:
        print(f"mc-check compile: {error}", file=sys.stderr)
        return EXIT_TROUBLE
    sys.stderr.write(raw.stderr)
    stopped = raw.engine.stopped
    if stopped and stopped not in raw.stderr:
        # A bound of mcparse's own (m4 has none): without this line the exit
        # status 1 and a short sendmail.cf would be all the user saw.
        print(f"mc-check compile: {file}: {stopped}; the sendmail.cf written is incomplete", file=sys.stderr)
    for command in raw.engine.shell_commands:
        if not command.emulated:
            print(f"mc-check compile: {command.builtin}({command.command}) was not run (mcparse never runs "
                  "shell commands); its output is missing", file=sys.stderr)
    data = raw.cf.encode("utf-8", "surrogateescape")
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return raw.exit_status
    try:
        from .fixing import replace_file

        mode = os.stat(output).st_mode & 0o7777 if os.path.exists(output) else 0o644
        replace_file(output, data, mode, durable=durable)
    except OSError as error:
        print(f"mc-check compile: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_TROUBLE
    return raw.exit_status
