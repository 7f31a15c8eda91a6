"""A live ASGI server (daphne, in a thread of the test process) for browser tests that need the
socket: Django's ``live_server`` speaks WSGI only. Being in-process, it shares the test
database and settings overrides with the test, like ``live_server`` does.

Twisted's reactor runs once per process, so the server is session-scoped.
"""

import socket
import threading
import time

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def asgi_live_server(django_db_blocker):
    from daphne.server import Server
    from twisted.internet import reactor

    from landinghub.asgi import application

    port = _free_port()
    server = Server(
        application=application,
        endpoints=[f"tcp:port={port}:interface=127.0.0.1"],
        signal_handlers=False,
        verbosity=0,
    )
    thread = threading.Thread(target=server.run, name="daphne-live", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        pytest.fail("daphne did not start")
    yield f"http://localhost:{port}"
    reactor.callFromThread(reactor.stop)
    thread.join(timeout=10)
    with django_db_blocker.unblock():
        _close_server_connections()


def _close_server_connections() -> None:
    """The server's worker threads keep database connections that only they could close;
    PostgreSQL would then refuse to drop the test database. End those sessions."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()
