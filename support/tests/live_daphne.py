"""The whole site (HTTP and ``/ws/``) under daphne, in a daemon thread of the test process.

Twisted's reactor runs once per process, so there is one server per test session whoever asks
first (the browser journey or the socket end-to-end test). It shares the test database (the
same process) and uses whatever channel layer the settings name (channels-redis in CI).
"""

import socket
import threading
import time

_url: str | None = None
_lock = threading.Lock()


NEVER_PORT = 8000  # the README's `make run`: tests never use (or clash with) it


def _free_port() -> int:
    """A free port the OS picks at random, never 8000."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port != NEVER_PORT:
            return port


def daphne_url() -> str:
    global _url
    with _lock:
        if _url is None:
            # Imported late: it installs the asyncio reactor, once, in this process.
            from daphne.server import Server

            from landinghub.asgi import application

            port = _free_port()
            server = Server(
                application=application,
                endpoints=[f"tcp:port={port}:interface=127.0.0.1"],
                signal_handlers=False,
                verbosity=0,
            )
            threading.Thread(target=server.run, daemon=True, name="daphne").start()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            _url = f"http://localhost:{port}"
    assert not _url.endswith(f":{NEVER_PORT}"), "the test server must not use port 8000"
    return _url


def fresh_channel_layer() -> None:
    """Forget the process's channel layer instances. channels-redis binds a layer's receive
    lock to the event loop that first receives; earlier tests ran consumers on their own loops,
    so the daphne thread's consumers need an instance of their own (as a real server has)."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
