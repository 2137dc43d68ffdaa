"""A document opened before the editor has answered the settings request is
analysed once, with those settings, not first with the defaults.

The raw client holds back its answer to ``workspace/configuration`` on
purpose, so the order is fixed rather than left to the race it used to be
(a hover in the window between the two analyses found no findings and
showed no sendmail.cf lines).
"""

from __future__ import annotations

from typing import Any

from raw_client import RawServer

TEXT = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\nFEATURE(`nosuchfeature')dnl\n"
URI = "file:///tmp/mcparse-settings-first/sendmail.mc"



def _until(server: RawServer, wanted: Any) -> dict[str, Any]:
    while True:
        message = server.next_message()
        if wanted(message):
            return message
        if "id" in message and "method" in message:  # another request of the server's
            server.send({"jsonrpc": "2.0", "id": message["id"], "result": None})


def test_first_diagnostics_already_use_the_editors_settings(server: RawServer) -> None:
    capabilities = {"workspace": {"configuration": True}}
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": None, "capabilities": capabilities}})
    _until(server, lambda m: m.get("id") == 1 and "result" in m)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    asked = _until(server, lambda m: m.get("method") == "workspace/configuration")
    # The document arrives while the settings are still on their way.
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": URI, "languageId": "sendmail-mc", "version": 1, "text": TEXT}}})
    assert server.no_message(0.5), "diagnostics published before the settings arrived"
    server.send({"jsonrpc": "2.0", "id": asked["id"], "result": [{"ignore": ["MC202"]}]})
    published = _until(server, lambda m: m.get("method") == "textDocument/publishDiagnostics")
    codes = {item.get("code") for item in published["params"]["diagnostics"]}
    assert "MC202" not in codes  # unknown-feature, ignored by the settings
    assert codes, "the other findings are still there"
