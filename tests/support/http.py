"""A threaded HTTP server on a free loopback port, for the fakes of the services the site
calls (payment gateways, the AI API, Google's keys)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LoopbackHTTPServer(ThreadingHTTPServer):
    """Serves ``handler`` on 127.0.0.1 from a daemon thread once started; ``stop`` returns
    within a short poll interval (the default half second would be paid by every test)."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self.server_address[1]

    def start(self) -> "LoopbackHTTPServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
