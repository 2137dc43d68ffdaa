"""LSP's base protocol over stdio, hardened: no input can wedge the server.

pygls' reader takes a header only when it is exactly ``Content-Length: N``,
reads exactly N bytes, and only logs a body that is not JSON. A short
Content-Length left the rest of the body to be read as headers, which then
swallowed the next message whole: the server seemed alive but never answered
again. This reader instead

- finds ``Content-Length`` anywhere in a header block (any case, any other
  headers or garbage around it), so whatever a broken frame left behind is
  skipped up to the next real header;
- when a body is not JSON and holds the start of another frame (a
  Content-Length longer than the body), reads on from that frame;
- answers every body that is not JSON with a -32700 Parse error, a JSON
  value that is not a request/notification/response with -32600;
- refuses absurd lengths without buffering them.

:class:`FrameReader` only splits bytes into frames (no I/O, easy to test);
:func:`serve` runs it over a byte stream read in a daemon thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable, Optional, Union

logger = logging.getLogger(__name__)

_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\d+)", re.IGNORECASE)
_HEADER_END = re.compile(rb"\r\n\r\n|\n\n")
# A body bigger than this is not a sendmail.mc; it is skipped, not buffered.
MAX_BODY = 256 * 1024 * 1024
PARSE_ERROR = -32700
INVALID_REQUEST = -32600


@dataclass(frozen=True)
class Frame:
    """One body as framed by its header (not yet known to be JSON)."""

    body: bytes


@dataclass(frozen=True)
class BadFrame:
    """Input that could not be framed, with why (answered with -32700)."""

    reason: str


class FrameReader:
    """Splits a byte stream into frames, recovering from malformed headers."""

    def __init__(self, max_body: int = MAX_BODY) -> None:
        self._buffer = bytearray()
        self._length: Optional[int] = None  # the body length of the header just read
        self._skip = 0  # bytes of a refused body still to drop
        self._max_body = max_body

    def feed(self, data: bytes) -> None:
        """Add bytes read from the stream."""
        self._buffer += data

    def next(self) -> Union[Frame, BadFrame, None]:
        """The next complete frame (or framing problem), None until more bytes come.

        One at a time, so that :meth:`recover` can put bytes back before
        anything after a broken frame is read."""
        while True:
            if self._skip:
                dropped = min(self._skip, len(self._buffer))
                del self._buffer[:dropped]
                self._skip -= dropped
                if self._skip:
                    return None
            if self._length is None:
                end = _HEADER_END.search(self._buffer)
                if end is None:
                    return None
                header = bytes(self._buffer[: end.start()])
                del self._buffer[: end.end()]
                found = list(_LENGTH.finditer(header))
                if not found:
                    if header.strip():
                        return BadFrame("a header without Content-Length was skipped")
                    continue
                length = int(found[-1].group(1))
                if length > self._max_body:
                    self._skip = length
                    return BadFrame(f"a body of {length} bytes is over the limit of {self._max_body}; skipped")
                self._length = length
            if len(self._buffer) < self._length:
                return None
            body = bytes(self._buffer[: self._length])
            del self._buffer[: self._length]
            self._length = None
            return Frame(body)

    def recover(self, body: bytes) -> bool:
        """A body that was not JSON: if it holds the start of a later frame (its
        Content-Length said more than the client sent), read on from there.
        Returns whether it did."""
        found = _LENGTH.search(body, 1)
        if found is None:
            return False
        self._buffer[:0] = body[found.start() :]
        return True


def error_response(code: int, message: str, msg_id: Any = None) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}}


def decode(body: bytes) -> Union[dict[str, Any], tuple[int, str, Any]]:
    """The message in ``body``, or (error code, message, id) for the reply."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return PARSE_ERROR, f"Parse error: {error}", None
    if not isinstance(data, dict):
        return INVALID_REQUEST, "Invalid Request: a message must be a JSON object (batches are not supported)", None
    msg_id = data.get("id")
    if not isinstance(msg_id, (int, str, type(None))) or isinstance(msg_id, bool):
        msg_id = None
    if data.get("jsonrpc") != "2.0" or not ("method" in data or "id" in data):
        return INVALID_REQUEST, 'Invalid Request: not a JSON-RPC 2.0 message ("jsonrpc": "2.0" and a method or id)', msg_id
    if "method" in data and not isinstance(data["method"], str):
        return INVALID_REQUEST, "Invalid Request: method must be a string", msg_id
    return data


async def serve(
    stream: BinaryIO,
    deliver: Callable[[dict[str, Any]], None],
    reply: Callable[[dict[str, Any]], None],
    stopped: asyncio.Event,
) -> None:
    """Read frames from ``stream`` until EOF or ``stopped``; hand each message to
    ``deliver`` and each error answer to ``reply`` (both called on the loop)."""
    loop = asyncio.get_running_loop()
    chunks: asyncio.Queue[bytes] = asyncio.Queue()

    def read() -> None:
        # A daemon thread: a blocked read must not keep the process alive at exit.
        read_some = getattr(stream, "read1", stream.read)
        while True:
            try:
                chunk = read_some(65536)
            except (OSError, ValueError):
                chunk = b""
            try:
                loop.call_soon_threadsafe(chunks.put_nowait, chunk)
            except RuntimeError:
                return  # the loop is closed
            if not chunk:
                return

    threading.Thread(target=read, name="mcparse-stdin", daemon=True).start()
    frames = FrameReader()
    waiter = asyncio.ensure_future(stopped.wait())
    try:
        while not stopped.is_set():
            getter = asyncio.ensure_future(chunks.get())
            await asyncio.wait({getter, waiter}, return_when=asyncio.FIRST_COMPLETED)
            if not getter.done():
                getter.cancel()
                return
            chunk = getter.result()
            if not chunk:
                return  # EOF: the client is gone
            frames.feed(chunk)
            while (item := frames.next()) is not None:
                if isinstance(item, BadFrame):
                    logger.warning("bad frame: %s", item.reason)
                    reply(error_response(PARSE_ERROR, f"Parse error: {item.reason}"))
                    continue
                message = decode(item.body)
                if isinstance(message, tuple):
                    code, text, msg_id = message
                    logger.warning("bad message: %s", text)
                    reply(error_response(code, text, msg_id))
                    if code == PARSE_ERROR:
                        frames.recover(item.body)
                    continue
                deliver(message)
                if stopped.is_set():
                    return
    finally:
        waiter.cancel()
