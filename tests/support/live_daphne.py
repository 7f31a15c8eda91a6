"""The whole site (HTTP and ``/ws/``) under daphne, in a daemon thread of the test process.

Twisted's reactor runs once per process, so there is one server per test session whoever asks
first (the browser journey or the socket end-to-end test). It shares the test database (the
same process) and uses whatever channel layer the settings name (channels-redis in CI).
"""

import threading

from .ports import NEVER_PORT, free_port, listening
from .waiting import wait_for

_url: str | None = None
_lock = threading.Lock()


def daphne_url() -> str:
    global _url
    with _lock:
        if _url is None:
            # Imported late: it installs the asyncio reactor, once, in this process.
            from daphne.server import Server

            from landinghub.asgi import application

            port = free_port()
            server = Server(
                application=application,
                endpoints=[f"tcp:port={port}:interface=127.0.0.1"],
                signal_handlers=False,
                verbosity=0,
            )
            threading.Thread(target=server.run, daemon=True, name="daphne").start()
            wait_for(lambda: listening(port), 10, "the daphne thread", interval=0.05)
            _url = f"http://localhost:{port}"
    assert not _url.endswith(f":{NEVER_PORT}"), "the test server must not use port 8000"
    return _url


def fresh_channel_layer() -> None:
    """Forget the process's channel layer instances. channels-redis binds a layer's receive
    lock to the event loop that first receives; earlier tests ran consumers on their own loops,
    so the daphne thread's consumers need an instance of their own (as a real server has)."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
