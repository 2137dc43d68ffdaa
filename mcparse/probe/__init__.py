"""Check a running sendmail against what its .mc promises (``mc-check probe``).

``expect`` turns the resolved model into per-port promises, ``smtp`` talks to
the server and records what it does, ``report`` lines the two up, and
``command`` is the command line. Only the standard library touches the network.
"""

from __future__ import annotations

from .expect import Expected, PortPromise, promises
from .report import ProbeReport, PortReport, Row, compare, render_json, render_text
from .smtp import Observed, PortObservation, ProbeOptions, observe_port

__all__ = [
    "Expected",
    "Observed",
    "PortObservation",
    "PortPromise",
    "PortReport",
    "ProbeOptions",
    "ProbeReport",
    "Row",
    "compare",
    "observe_port",
    "promises",
    "render_json",
    "render_text",
]
