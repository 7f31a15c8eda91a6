"""Loopback ports for the servers the tests start."""

import socket

NEVER_PORT = 8000  # the README's `make run`: a test must never use (or clash with) it


def free_port() -> int:
    """A free loopback port the OS picks at random, never 8000."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port != NEVER_PORT:
            return port


def listening(port: int) -> bool:
    """Whether something accepts connections on the loopback ``port``."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False
