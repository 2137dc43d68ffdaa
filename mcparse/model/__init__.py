"""The semantic model: what m4 and cf.m4 make of a sendmail.mc."""

from .config import (
    ClientOptions,
    ConfVariable,
    Daemon,
    DaemonField,
    Definition,
    Feature,
    LocalSection,
    MacroCall,
    Mailer,
    OutputLine,
    SendmailConfig,
    Site,
    Unknown,
    UserMacro,
)
from .resolve import resolve

__all__ = [
    "ClientOptions", "ConfVariable", "Daemon", "DaemonField", "Definition", "Feature", "LocalSection",
    "MacroCall", "Mailer", "OutputLine", "SendmailConfig", "Site", "Unknown", "UserMacro", "resolve",
]
