"""A live ASGI server (daphne, in a thread of the test process) for browser tests that need the
socket: Django's ``live_server`` speaks WSGI only. Being in-process, it shares the test
database and settings overrides with the test, like ``live_server`` does.

Twisted's reactor runs once per process, so this is the one server of the session that
``tests.support.live_daphne`` starts for whoever asks first; starting a second ``Server`` here
would call ``reactor.run()`` again from another thread.
"""

import pytest

from tests.support import live_daphne


@pytest.fixture(scope="session")
def asgi_live_server(django_db_setup, django_db_blocker):
    # After the test database exists, so its teardown (below) runs before the database goes.
    url = live_daphne.daphne_url()
    # Earlier socket tests ran consumers on loops of their own; the server's need a fresh layer.
    live_daphne.fresh_channel_layer()
    yield url
    with django_db_blocker.unblock():
        _close_server_connections()


def _close_server_connections() -> None:
    """The server's worker threads keep database connections that only they could close;
    PostgreSQL would then refuse to drop the test database. End those sessions, from a
    connection of our own (this thread's may itself be one the server shared)."""
    import psycopg
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    connection.close()
    params = {
        k: v for k, v in connection.get_connection_params().items() if k not in ("cursor_factory",)
    }
    with psycopg.connect(**params, autocommit=True) as own:
        own.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def live_site(asgi_live_server, settings):
    """The daphne live server, with every address the site builds (links, published pages,
    previews, the payment return) pointing at its port, as ``PORT=<port> make run`` does."""
    port = asgi_live_server.rsplit(":", 1)[1]
    settings.SITE_URL = settings.PAYMENT_RETURN_BASE_URL = asgi_live_server
    settings.PUBLISHED_PAGES_DOMAIN = f"pages.localhost:{port}"
    return asgi_live_server
