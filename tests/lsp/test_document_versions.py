"""A new version of a document is parsed from the previous one's tree, and
what it finds is what a fresh analysis of the same text finds."""

from __future__ import annotations

from mcparse.syntax import incremental
from mcparse_lsp.analysis import ClientSettings, load_settings
from mcparse_lsp.documents import DocumentState, DocumentStore

URI = "file:///tmp/versions/sendmail.mc"
TEXT = (
    "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
    "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\nMAILER(`smtp')dnl\nFEATURE(`smrsh')dnl\n"
    "define(`confLOG_LEVEL', `9')dnl\n# FEATURE(`access_db')\n"
)
# Each edit: replace the first occurrence of the first text with the second.
EDITS = [
    ("OSTYPE", "dnl edit\nOSTYPE"),  # a line inserted
    ("DAEMON_OPTIONS", "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS"),  # a call that changes findings
    ("MAILER", "`MAILER"),  # an unbalanced quote: the whole text is parsed again
    ("`MAILER", "MAILER"),  # and balanced again
]


def test_each_version_finds_what_a_fresh_analysis_finds(monkeypatch) -> None:
    settings = load_settings(None, ClientSettings())
    store = DocumentStore()
    used: list[bool] = []
    real = incremental._window
    monkeypatch.setattr(incremental, "_window", lambda *args: used.append(real(*args) is not None) or real(*args))
    text = TEXT
    store.get(URI, 1, text).findings(settings)
    for version, (old, new) in enumerate(EDITS, start=2):
        text = text.replace(old, new, 1)
        state = store.get(URI, version, text)
        fresh = DocumentState(URI, version, text)
        assert state.findings(settings) == fresh.findings(settings)
        assert [(d.code, d.span) for d in state.parsed().diagnostics] == [
            (d.code, d.span) for d in fresh.parsed().diagnostics
        ]
    # The clean versions took the incremental path; after the broken one, the whole text.
    assert used == [True, True, True, False]
