"""gunicorn's threaded worker, with each request read whole before a thread takes it.

gunicorn's ``gthread`` worker hands a connection to a thread as soon as its first byte
arrives; the thread then waits for the rest of the request. A client sending its headers a
byte at a time (a slow phone line, or someone doing it on purpose) holds a thread for as
long as it likes, and a few dozen such clients hold every thread of every worker: nobody
else gets an answer. This worker reads the request head, and a body of a stated length, on
the worker's event loop without blocking (as nginx would in front), and gives the request
to a thread only once it has all arrived. A client that has not sent its head within
``HEAD_TIMEOUT_S`` is disconnected.
"""

from __future__ import annotations

import contextlib
import errno
import re
import selectors
import time
from collections import deque
from functools import partial
from typing import Any, Final

from gunicorn.workers.gthread import ThreadWorker

HEAD_TIMEOUT_S: Final = 20.0
MAX_HEAD_BYTES: Final = 64 * 1024
# Bodies up to this size are read before a thread is given the request; larger ones (there
# are none below the upload limit) go to a thread as they come.
MAX_BUFFERED_BODY: Final = 64 * 1024 * 1024
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)
_RECV = 64 * 1024


class BufferingThreadWorker(ThreadWorker):
    """``gthread`` with requests buffered on the event loop (``make serve``'s worker)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading: deque[Any] = deque()

    def enqueue_req(self, conn: Any) -> None:
        if getattr(conn, "diemtua_ready", False):
            conn.diemtua_ready = False
            super().enqueue_req(conn)
            return
        conn.diemtua_buffer = bytearray()
        conn.diemtua_deadline = time.monotonic() + HEAD_TIMEOUT_S
        if self._complete(conn):  # a pipelined request already read
            self._dispatch(conn)
            return
        conn.sock.setblocking(False)
        self.reading.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _on_readable(self, conn: Any, _sock: Any) -> None:
        try:
            data = conn.sock.recv(_RECV)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                return
            data = b""
        if not data:  # the client went away
            self._drop(conn)
            return
        conn.diemtua_buffer += data
        if self._complete(conn):
            self._forget(conn)
            self._dispatch(conn)
        elif b"\r\n\r\n" not in self._pending(conn) and len(conn.diemtua_buffer) > MAX_HEAD_BYTES:
            self._drop(conn)  # no head ends this late: not HTTP

    def _pending(self, conn: Any) -> bytes:
        """What the request so far holds: bytes a previous read left over, then new ones."""
        leftover = b""
        if conn.parser is not None:
            leftover = conn.parser.unreader.buf.getvalue()
        return leftover + bytes(conn.diemtua_buffer)

    def _complete(self, conn: Any) -> bool:
        pending = self._pending(conn)
        end = pending.find(b"\r\n\r\n")
        if end < 0:
            return False
        found = _CONTENT_LENGTH.search(pending, 0, end + 2)
        length = int(found.group(1)) if found else 0
        return length > MAX_BUFFERED_BODY or len(pending) - (end + 4) >= length

    def _dispatch(self, conn: Any) -> None:
        """Give the buffered request to the parser, then to a thread."""
        conn.sock.setblocking(True)
        conn.init()
        unreader = conn.parser.unreader
        pending = self._pending(conn)
        unreader.buf.seek(0)
        unreader.buf.truncate()
        unreader.unread(pending)
        conn.diemtua_buffer = bytearray()
        conn.data_ready = True
        conn.diemtua_ready = True
        self.enqueue_req(conn)

    def _forget(self, conn: Any) -> None:
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(conn.sock)
        with contextlib.suppress(ValueError):
            self.reading.remove(conn)

    def _drop(self, conn: Any) -> None:
        self._forget(conn)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c in self.reading if c.diemtua_deadline < now]:
            self._drop(conn)
