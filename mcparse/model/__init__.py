"""The semantic model: what m4 and cf.m4 make of a sendmail.mc."""

from .checkpoints import Checkpoints
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
    "Checkpoints", "ClientOptions", "ConfVariable", "Daemon", "DaemonField", "Definition", "Feature", "LocalSection",
    "MacroCall", "Mailer", "OutputLine", "SendmailConfig", "Site", "Unknown", "UserMacro", "resolve",
]
