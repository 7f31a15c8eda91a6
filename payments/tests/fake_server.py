"""The loopback HTTP plumbing the fake gateways share: a threaded server on 127.0.0.1, a
recorded list of requests, and a script of how to answer the next ones (``fake.script =
["500", "sleep", "ok"]``; ``"sleep"`` waits ``sleep_seconds`` or until the fake stops).
A fake says what a gateway answers in ``respond``; the HTTP is done here."""

import json
import threading
from http.server import BaseHTTPRequestHandler

from tests.support.http import LoopbackHTTPServer


class ScriptedJsonServer:
    path = "/"  # the endpoint ``url`` names

    def __init__(self) -> None:
        self.script: list[str] = []
        self.requests: list[dict] = []
        self.sleep_seconds = 2.0
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server = LoopbackHTTPServer(self._handler())

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{self.path}"

    def start(self) -> None:
        self._server.start()

    def stop(self) -> None:
        self._release.set()
        self._server.stop()

    def record(self, entry: dict) -> None:
        with self._lock:
            self.requests.append(entry)

    def next_step(self, entry: dict) -> str:
        """Records the request and takes the next scripted behaviour (``ok`` when none)."""
        with self._lock:
            self.requests.append(entry)
            step = self.script.pop(0) if self.script else "ok"
        if step == "sleep":
            self._release.wait(self.sleep_seconds)
        return step

    def respond(self, path: str, body: dict, headers: dict) -> tuple[int, bytes] | None:
        """``(status, JSON body bytes)``, or None to drop the connection unanswered."""
        raise NotImplementedError

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep the test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                answer = fake.respond(self.path, body, dict(self.headers))
                if answer is None:
                    self.close_connection = True
                    return
                status, data = answer
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
