"""A byte-counting TCP relay between the browser and a Streamlit server: what really crossed the wire.

Playwright reports a websocket frame's payload after the browser has inflated it; with the server's
websocket compression on (``server.enableWebsocketCompression`` in .streamlit/config.toml), the bytes
a classroom's Wi-Fi carries are fewer. The browser bench opens each app through a ``Relay`` and reads
``Relay.down`` (server → browser bytes, TCP payload: HTTP and websocket framing included) before and
after a step.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

CHUNK = 1 << 16


class Relay:
    """Forwards every connection on a local port to ``target`` (``http://host:port``), counting bytes."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self.down = 0  # bytes server -> browser
        self.socket_down = 0  # of those, the bytes of Streamlit's websocket (/_stcore/stream)
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._server: asyncio.base_events.Server | None = None
        self.url = ""

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, downstream: bool, socket: list[bool]
    ) -> None:
        """Copy one direction of a connection; ``socket[0]`` says whether it is Streamlit's websocket,
        as the browser's request line says (the browser speaks first)."""
        try:
            while data := await reader.read(CHUNK):
                if downstream:
                    with self._lock:
                        self.down += len(data)
                        if socket[0]:
                            self.socket_down += len(data)
                elif not socket[0] and b"/_stcore/stream" in data.split(b"\r\n", 1)[0]:
                    socket[0] = True
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(self._host, self._port)
        except OSError:
            client_writer.close()
            return
        socket = [False]
        await asyncio.gather(
            self._pipe(client_reader, server_writer, downstream=False, socket=socket),
            self._pipe(server_reader, client_writer, downstream=True, socket=socket),
        )

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> Relay:
        threading.Thread(target=self._run, name="wire-relay", daemon=True).start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def received(self) -> int:
        """Bytes sent to the browser so far."""
        with self._lock:
            return self.down

    def socket_received(self) -> int:
        """Bytes sent to the browser so far on Streamlit's websocket: what a lesson sends, without the
        static files (Streamlit's JavaScript, plotly.js) a browser keeps between visits."""
        with self._lock:
            return self.socket_down


@contextmanager
def relay(target: str) -> Iterator[Relay]:
    """A running ``Relay`` to ``target``; its ``url`` is where the browser should go."""
    r = Relay(target).start()
    try:
        yield r
    finally:
        r.stop()
