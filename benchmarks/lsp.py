"""Language-server latency and memory, measured over the real server's stdio.

    python benchmarks/lsp.py [--edits N] [--skip-large] [--linearity] [--breakdown] [--instructions]

Starts ``python -m mcparse_lsp`` with a minimal JSON-RPC client of our own (no
editor) and measures the per-keystroke path (issue #17; the background compile
with sendmail-cf, 0.4 s after typing stops, is not part of it):

- a 60-line sendmail.mc: didChange -> publishDiagnostics for that version, p50 <= 30 ms;
- a 5,000-line one: didChange -> diagnostics p50 <= 100 ms (until the message's
  last byte is read; this client's own JSON decode is shown apart), then codeAction at
  the edited line p50 <= 50 ms; once with a finding on most lines (the worst
  case: 3,317 diagnostics, 1.7 MB of JSON per version) and once with few;
- hover and completion on the small file, p50 <= 20 ms;
- a 20 MB document: refused above ``maxFileSize`` (default 2 MB) with one
  diagnostic, the server's peak memory staying under 400 MB;
- with ``--linearity``: the check phase alone (in this process, CPU time) at
  10,000 and 40,000 lines, whose per-line cost should stay flat;
- with ``--breakdown``: one edit of the 5,000-line file stage by stage
  (parse from the previous tree, resolve, rules, diagnostics to JSON,
  freeing the old version), in this process;
- with ``--instructions``: the machine instructions one edit of each
  5,000-line file costs in this process, counted by valgrind's callgrind:
  the same from run to run, where times on a shared VM vary by a third,
  so it is what shows whether a change made the per-edit path cheaper.

Prints p50/p95 per measure, the budget and the verdict, and the load average
(timings on a busy machine are not budgets' figures).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any, Optional

REPO = Path(__file__).resolve().parents[1]
ORDINARY = (REPO / "examples" / "submission-split.mc").read_text()
BASE = "file:///tmp/mcparse-bench"


class Client:
    """JSON-RPC over the server's stdin/stdout; a thread queues what it sends."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mcparse_lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=env,
        )
        self.messages: "Queue[tuple[float, dict[str, Any]]]" = Queue()
        self.decode_ms: list[float] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                key, _, value = line.decode().partition(":")
                headers[key.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            # Arrival is when the last byte is read: decoding 1.7 MB in this
            # Python client takes 15-25 ms of its own (an editor's JSON.parse a
            # few), which is the client's cost, not the server's. It is timed
            # apart (decode_ms) so the figures show both.
            arrived = time.perf_counter()
            message = json.loads(body)
            self.decode_ms.append((time.perf_counter() - arrived) * 1000)
            self.messages.put((arrived, message))

    def send(self, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        number = self.next_id
        self.send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        while True:
            _, message = self.messages.get(timeout=120)
            if message.get("id") == number and "method" not in message:
                return message.get("result")
            self._answer_server_request(message)

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def _answer_server_request(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:
            # workspace/configuration, registerCapability, ...: answer plainly.
            items = message.get("params", {}).get("items", [])
            result: Any = [{}] * len(items) if message["method"] == "workspace/configuration" else None
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def wait_diagnostics(self, uri: str, version: int, timeout: float = 120.0) -> tuple[float, list[Any]]:
        deadline = time.perf_counter() + timeout
        while True:
            try:
                arrived, message = self.messages.get(timeout=max(0.0, deadline - time.perf_counter()))
            except Empty:
                raise TimeoutError(f"no diagnostics for version {version}") from None
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] == uri and params.get("version") == version:
                    return arrived, params["diagnostics"]
            else:
                self._answer_server_request(message)

    def peak_memory_mb(self) -> Optional[float]:
        """The server's peak resident memory (Linux only)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()


def small_file(lines: int = 60) -> str:
    """The example config padded with ordinary lines to ``lines`` lines."""
    out = ORDINARY.splitlines()
    number = 0
    while len(out) < lines:
        number += 1
        out.append(f"dnl note {number}: relays for the branch offices")
        out.append(f"define(`confTO_QUEUEWARN', `{number}h')dnl")
    return "\n".join(out[:lines]) + "\n"


def big_file(lines: int) -> str:
    """Thousands of lines, most of them findings (the worst case for conversion)."""
    out = ORDINARY.splitlines()
    number = 0
    while len(out) < lines:
        number += 1
        out.append(f"define(`confMAX_HOP', `{number % 50 + 10}')dnl")
        out.append(f"FEATURE(`access_db')dnl host block {number}")
        out.append(f"dnl a comment line {number} with `quotes' and (parens)")
    return "\n".join(out[:lines]) + "\n"


def quiet_big_file(lines: int) -> str:
    """Thousands of lines the way large real configs have them: masquerading and
    relay lists, then hand-written rules in LOCAL_RULESETS; almost no findings."""
    out = ORDINARY.splitlines()
    number = 0
    while len(out) < lines // 2:
        number += 1
        out.append(f"MASQUERADE_DOMAIN(`branch{number}.example.com')dnl")
        out.append(f"dnl branch {number}: mail for the office at site {number}")
    out.append("LOCAL_RULESETS")
    while len(out) < lines:
        number += 1
        out.append(f"R$* < @ host{number} . example . com . > $*\t$#esmtp $@ relay{number % 7}.example.com $: $1 < @ host{number} > $2")
    return "\n".join(out[:lines]) + "\n"


def open_document(client: Client, name: str, text: str) -> str:
    uri = f"{BASE}/{name}"
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "sendmail-mc", "version": 1, "text": text}})
    client.wait_diagnostics(uri, 1)
    return uri


def measure_edits(client: Client, uri: str, line: int, edits: int, first_version: int = 2) -> list[float]:
    """Insert a comment line at ``line`` again and again; ms until each version's diagnostics."""
    latencies = []
    for version in range(first_version, first_version + edits):
        change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                  "text": f"dnl edit {version}\n"}
        start = time.perf_counter()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        end, _ = client.wait_diagnostics(uri, version)
        latencies.append((end - start) * 1000)
    return latencies


def measure_requests(client: Client, method: str, params: dict[str, Any], count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        client.request(method, params)
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    return statistics.median(values), statistics.quantiles(values, n=20, method="inclusive")[-1]


def code_action_params(uri: str, line: int) -> dict[str, Any]:
    span = {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 10}}
    return {"textDocument": {"uri": uri}, "range": span, "context": {"diagnostics": []}}


def large_document(client: Client, megabytes: int) -> tuple[float, Optional[float], str]:
    """ms from a didOpen of ``megabytes`` MB to its diagnostics, the server's peak
    memory after it, and the message it published."""
    text = big_file(megabytes * 1_000_000 // 40)
    uri = f"{BASE}/huge.mc"
    start = time.perf_counter()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "sendmail-mc", "version": 1, "text": text}})
    end, diagnostics = client.wait_diagnostics(uri, 1)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    message = diagnostics[0]["message"] if len(diagnostics) == 1 else f"{len(diagnostics)} diagnostics"
    return (end - start) * 1000, client.peak_memory_mb(), message


def linearity() -> list[tuple[int, float]]:
    """CPU seconds of the check phase alone per 10,000 lines, at 10,000 and 40,000 lines."""
    sys.path.insert(0, str(REPO))
    from mcparse.model import resolve
    from mcparse.settings import load_settings
    from mcparse.engine import check_parsed
    from mcparse.syntax import parse

    settings = load_settings(None)
    rows = []
    for lines in (10_000, 40_000):
        parsed = parse(big_file(lines))
        model = resolve(parsed.tree, path=None, compile=False)
        start = time.process_time()
        check_parsed(parsed, model, settings, None)
        rows.append((lines, (time.process_time() - start) / (lines / 10_000)))
    return rows


def edit_stages(text: str, edits: int, collect: bool = True) -> list[list[float]]:
    """What the server does for each of ``edits`` new versions of ``text``, in
    this process: ms per stage of each (see breakdown). Each version inserts
    a line in the middle, as measure_edits does. With ``collect``, a full
    collection before each version, outside the timed stages (the server
    runs one when typing pauses), so that no version is timed on a heap
    the ones before left behind."""
    sys.path.insert(0, str(REPO))
    from mcparse_lsp import convert
    from mcparse_lsp.analysis import ClientSettings, load_settings
    from mcparse_lsp.collector import Collector
    from mcparse_lsp.documents import DocumentState

    settings = load_settings(None, ClientSettings())
    collector = Collector()  # as the server: what a version built is frozen, not rescanned
    encoder = convert.DiagnosticsJson()
    middle = text.index("\n", len(text) // 2) + 1
    previous = DocumentState(f"{BASE}/big.mc", 0, text, collector.settle)
    encoder.array(convert.Positions(previous.index), previous.findings(settings))
    runs: list[list[float]] = []
    for version in range(1, edits + 1):
        if collect:
            collector.collect()
        line = f"dnl edit {version}\n"
        index = previous.index.edited(middle, middle, line)  # as the server's didChange
        text = index.text
        marks = [time.perf_counter()]
        state = DocumentState(f"{BASE}/big.mc", version, text, collector.settle, index, previous=previous.nearest_parse(),
                              checkpoints=previous.nearest_checkpoints())
        state.parsed()
        marks.append(time.perf_counter())
        state.model()
        marks.append(time.perf_counter())
        findings = state.findings(settings)
        marks.append(time.perf_counter())
        convert.publish_json(state.uri, version, encoder.array(convert.Positions(state.index), findings))
        marks.append(time.perf_counter())
        previous = state  # the version before is freed here
        marks.append(time.perf_counter())
        runs.append([(after - before) * 1000 for before, after in zip(marks, marks[1:])])
    return runs


BREAKDOWN_STAGES = ("parse (from the previous tree)", "resolve", "rules", "diagnostics to JSON", "free the old version")


def breakdown(lines: int = 5000) -> list[tuple[str, float]]:
    """Where one edit of the 5,000-line file goes, in this process: ms per stage
    of what the server does for a new version (median of five edits): the
    parse from the previous version's tree, the model, the rules, the
    diagnostics' JSON, and freeing the version it replaced."""
    runs = edit_stages(big_file(lines), 5)
    return [(stage, statistics.median(run[number] for run in runs)) for number, stage in enumerate(BREAKDOWN_STAGES)]


# The two 5,000-line files, by the name --pipeline takes.
FILES = {"findings": big_file, "rules": quiet_big_file}


def instructions(kind: str) -> Optional[float]:
    """Millions of machine instructions one edit of a 5,000-line file costs in
    this process, counted by valgrind (None without it). Unlike time on a
    shared VM, the count is the same from run to run, so it shows what a
    change did; the edits of a run of three minus those of a run of one,
    halved, leave out start-up and the first version."""
    if shutil.which("valgrind") is None:
        return None
    counts = []
    for edits in (1, 3):
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
             "--pipeline", kind, str(edits)],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(REPO)},
        )
        found = re.search(r"Collected : (\d+)", result.stderr)
        if result.returncode != 0 or found is None:
            raise RuntimeError(f"valgrind failed: {result.stderr[-500:]}")
        counts.append(int(found.group(1)))
    return (counts[1] - counts[0]) / 2 / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=40, help="edits per file (default 40)")
    parser.add_argument("--skip-large", action="store_true", help="skip the 20 MB document")
    parser.add_argument("--linearity", action="store_true", help="also time the check phase at 10k and 40k lines")
    parser.add_argument("--breakdown", action="store_true", help="also time each stage of one 5,000-line version")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the machine instructions of one edit of each 5,000-line file (valgrind)")
    parser.add_argument("--pipeline", nargs=2, metavar=("FILE", "EDITS"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.pipeline:  # the work --instructions counts, in a process of its own
        edit_stages(FILES[options.pipeline[0]](5000), int(options.pipeline[1]), collect=False)
        return
    rows: list[tuple[str, float, Optional[float], Optional[float], str]] = []

    start = time.perf_counter()
    client = Client()
    client.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
    client.notify("initialized", {})
    rows.append(("start to initialized (ms)", (time.perf_counter() - start) * 1000, None, 1000, "ms"))

    small = small_file()
    uri = open_document(client, "sendmail.mc", small)
    p50, p95 = percentiles(measure_edits(client, uri, small.count("\n") // 2, options.edits))
    rows.append(("60 lines: didChange -> diagnostics", p50, p95, 30, "ms"))
    line = next(n for n, text in enumerate(small.splitlines()) if "M=Ea" in text)
    column = small.splitlines()[line].index("M=Ea") + 2
    hover = measure_requests(client, "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": column}}, 50)
    rows.append(("60 lines: hover", *percentiles(hover), 20, "ms"))
    feature_line = next(n for n, text in enumerate(small.splitlines()) if text.startswith("FEATURE(`"))
    completion = measure_requests(client, "textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": feature_line, "character": 10}}, 50)
    rows.append(("60 lines: completion", *percentiles(completion), 20, "ms"))

    big = big_file(5000)
    big_uri = open_document(client, "big.mc", big)
    edited = big.count("\n") // 2
    edits = max(10, options.edits // 2)
    decoded = len(client.decode_ms)
    rows.append(("5,000 lines: didChange -> diagnostics", *percentiles(measure_edits(client, big_uri, edited, edits)), 100, "ms"))
    rows.append(("  (then this client's JSON decode, not counted)", *percentiles(client.decode_ms[decoded:]), None, "ms"))
    actions = measure_requests(client, "textDocument/codeAction", code_action_params(big_uri, edited + 1), 30)
    rows.append(("5,000 lines: codeAction", *percentiles(actions), 50, "ms"))
    client.notify("textDocument/didClose", {"textDocument": {"uri": big_uri}})

    quiet = quiet_big_file(5000)
    quiet_uri = open_document(client, "quiet.mc", quiet)
    latencies = measure_edits(client, quiet_uri, quiet.count("\n") // 2, edits)
    rows.append(("5,000 lines, few findings: didChange -> diagnostics", *percentiles(latencies), 100, "ms"))
    actions = measure_requests(client, "textDocument/codeAction", code_action_params(quiet_uri, 10), 30)
    rows.append(("5,000 lines, few findings: codeAction", *percentiles(actions), 50, "ms"))
    client.notify("textDocument/didClose", {"textDocument": {"uri": quiet_uri}})

    if not options.skip_large:
        took, memory, message = large_document(client, 20)
        rows.append(("20 MB didOpen -> refusal published", took, None, None, "ms"))
        if memory is not None:
            rows.append(("20 MB: server peak memory", memory, None, 400, "MB"))
        print(f"20 MB document: {message}")
    client.close()

    if options.linearity:
        for lines, seconds in linearity():
            rows.append((f"check phase per 10k lines, at {lines:,} lines (CPU s)", seconds, None, None, "s"))

    if options.breakdown:
        for stage, took in breakdown():
            rows.append((f"5,000 lines, one edit, in-process: {stage}", took, None, None, "ms"))

    if options.instructions:
        for kind, label in (("findings", "5,000 lines"), ("rules", "5,000 lines, few findings")):
            count = instructions(kind)
            if count is not None:
                rows.append((f"{label}: one edit in-process (M instructions)", count, None, None, ""))

    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")
    print(f"{'measure':52} {'p50':>9} {'p95':>9} {'budget':>8}")
    for label, value, high, budget, unit in rows:
        verdict = "" if budget is None else ("ok" if value <= budget else "OVER")
        high_text = f"{high:9.1f}" if high is not None else " " * 9
        budget_text = f"{budget:g} {unit}" if budget is not None else ""
        print(f"{label:52} {value:9.1f} {high_text} {budget_text:>8} {verdict}")


if __name__ == "__main__":
    main()
