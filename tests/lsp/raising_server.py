"""The real language server plus one command that always raises, for test_robustness.py.

Every handler of the real server guards its input, so no request makes one
raise; this adds one that does, to show that an exception inside a handler
becomes a JSON-RPC error reply and the server goes on answering. Started as a
script (``python raising_server.py``) by the ``raising_client`` fixture.
"""

from __future__ import annotations

from typing import Any

from mcparse_lsp.server import McServer, create_server

RAISE_COMMAND = "mcparse.test.raise"


def main() -> None:
    server = create_server()

    @server.command(RAISE_COMMAND)
    def always_raise(ls: McServer, *args: Any) -> None:
        raise RuntimeError("raised on purpose by the test server")

    server.start_io()


if __name__ == "__main__":
    main()
