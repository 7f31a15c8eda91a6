"""A local fake of the OpenAI HTTP API: ``POST /v1/chat/completions`` on loopback.

The real ``openai`` client talks to it (``OPENAI_BASE_URL=http://127.0.0.1:<port>/v1``).
``mode`` picks the behaviour: ``ok``, ``hang`` (never answers within the client's timeout),
``500``, ``429``, ``malformed`` (200 with a body that is not a completion), ``empty``.
"""

import json
import time
from http.server import BaseHTTPRequestHandler

from tests.support.http import LoopbackHTTPServer


class FakeOpenAI:
    def __init__(self) -> None:
        self.mode = "ok"
        self.reply = "Bấm Xuất bản để đưa trang lên mạng."
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(
                    {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                )
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": {"message": "not found"}})
                if fake.mode == "hang":
                    time.sleep(3)
                    return self._send(200, {})
                if fake.mode == "500":
                    return self._send(500, {"error": {"message": "boom", "type": "server"}})
                if fake.mode == "429":
                    return self._send(429, {"error": {"message": "slow down"}})
                if fake.mode == "malformed":
                    return self._send(200, {"unexpected": True})
                content = "" if fake.mode == "empty" else fake.reply
                return self._send(
                    200,
                    {
                        "id": "chatcmpl-1",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": body.get("model", "fake"),
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": content},
                            }
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    },
                )

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to answer

        self.server = LoopbackHTTPServer(Handler)
        self.url = f"http://127.0.0.1:{self.server.port}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self.server.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.stop()
