"""Language-server latency: didChange -> publishDiagnostics, hover, completion, start-up.

    python benchmarks/lsp.py [--edits N]

Starts the real server (``python -m mcparse_lsp``) over stdio with a minimal
JSON-RPC client of our own (no editor), opens an ordinary sendmail.mc and a
5,000-line one, makes N edits to each and measures how long each edit takes
to come back as diagnostics, and how long hover and completion take.
Budgets (issue #6): p50 <= 30 ms (ordinary) and <= 300 ms (5,000 lines) for
diagnostics after an edit; hover and completion <= 20 ms; start to
initialized <= 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
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


class Client:
    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mcparse_lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=env,
        )
        self.messages: "Queue[dict[str, Any]]" = Queue()
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
            self.messages.put(json.loads(body))

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
            message = self.messages.get(timeout=30)
            if message.get("id") == number and "method" not in message:
                return message.get("result")
            self._answer_server_request(message)

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def _answer_server_request(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:
            # workspace/configuration, registerCapability, ...: answer plainly.
            result: Any = [{}] * len(message.get("params", {}).get("items", [])) if message["method"] == "workspace/configuration" else None
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def wait_diagnostics(self, uri: str, version: int, timeout: float = 30.0) -> float:
        deadline = time.perf_counter() + timeout
        while True:
            try:
                message = self.messages.get(timeout=max(0.0, deadline - time.perf_counter()))
            except Empty:
                raise TimeoutError(f"no diagnostics for version {version}") from None
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] == uri and params.get("version") in (version, None):
                    return time.perf_counter()
            else:
                self._answer_server_request(message)

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        except Exception:
            self.process.kill()


def big_file(lines: int) -> str:
    out = ORDINARY.splitlines()
    number = 0
    while len(out) < lines:
        number += 1
        out.append(f"define(`confMAX_HOP', `{number % 50 + 10}')dnl")
        out.append(f"FEATURE(`access_db')dnl host block {number}")
        out.append(f"dnl a comment line {number} with `quotes' and (parens)")
    return "\n".join(out[:lines]) + "\n"


def measure_edits(client: Client, name: str, text: str, edits: int) -> list[float]:
    uri = f"file:///tmp/mcparse-bench/{name}"
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "sendmail-mc", "version": 1, "text": text}})
    client.wait_diagnostics(uri, 1)
    latencies = []
    line = text.count("\n") // 2
    for version in range(2, edits + 2):
        change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                  "text": f"dnl edit {version}\n"}
        start = time.perf_counter()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        end = client.wait_diagnostics(uri, version)
        latencies.append((end - start) * 1000)
    return latencies


def measure_requests(client: Client, method: str, params: dict[str, Any], count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        client.request(method, params)
        times.append((time.perf_counter() - start) * 1000)
    return times


def p50(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=20)
    options = parser.parse_args()
    start = time.perf_counter()
    client = Client()
    client.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
    client.notify("initialized", {})
    startup = (time.perf_counter() - start) * 1000
    rows: list[tuple[str, float, Optional[float]]] = [("start to initialized (ms)", startup, 1000)]
    ordinary = measure_edits(client, "sendmail.mc", ORDINARY, options.edits)
    rows.append(("didChange -> diagnostics, ordinary file, p50 (ms)", p50(ordinary), 30))
    big = measure_edits(client, "big.mc", big_file(5000), max(5, options.edits // 4))
    rows.append(("didChange -> diagnostics, 5,000 lines, p50 (ms)", p50(big), 300))
    uri = "file:///tmp/mcparse-bench/sendmail.mc"
    line = next(n for n, text in enumerate(ORDINARY.splitlines()) if "M=Ea" in text)
    column = ORDINARY.splitlines()[line].index("M=Ea") + 2
    hover = measure_requests(client, "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": column}}, 50)
    rows.append(("hover p50 (ms)", p50(hover), 20))
    feature_line = next(n for n, text in enumerate(ORDINARY.splitlines()) if text.startswith("FEATURE(`"))
    completion = measure_requests(client, "textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": feature_line, "character": 10}}, 50)
    rows.append(("completion p50 (ms)", p50(completion), 20))
    client.close()
    print(f"{'measure':52} {'value':>9} {'budget':>8}")
    for label, value, budget in rows:
        verdict = "" if budget is None else ("ok" if value <= budget else "OVER")
        print(f"{label:52} {value:9.1f} {budget if budget is not None else '':>8} {verdict}")


if __name__ == "__main__":
    main()
