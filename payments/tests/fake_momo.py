"""A fake MoMo create endpoint on 127.0.0.1, to test the client over real HTTP.

It checks the request signature with its own code (an explicit string concatenation, like
MoMo's Node sample, not the module under test), remembers answers per ``requestId`` as MoMo
does (idempotency), and answers a bad signature the way MoMo does: HTTP 400, resultCode 20,
"Bad format request." with a ``subErrors`` entry for ``signature`` (momo-wallet/payment#39).
Behaviour per request is scripted: ``fake.script = ["500", "ok"]``.
"""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


class FakeMomo:
    def __init__(self, *, partner_code: str, access_key: str, secret_key: str) -> None:
        self.partner_code, self.access_key, self.secret_key = partner_code, access_key, secret_key
        self.script: list[str] = []
        self.requests: list[dict] = []
        self.answers: dict[str, dict] = {}
        self.sleep_seconds = 2.0
        self.query_answers: dict[str, dict] = {}  # orderId -> what /query answers
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v2/gateway/api/create"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def expected_signature(self, body: dict) -> str:
        raw = (
            "accessKey=" + self.access_key
            + "&amount=" + str(body["amount"])
            + "&extraData=" + body["extraData"]
            + "&ipnUrl=" + body["ipnUrl"]
            + "&orderId=" + body["orderId"]
            + "&orderInfo=" + body["orderInfo"]
            + "&partnerCode=" + body["partnerCode"]
            + "&redirectUrl=" + body["redirectUrl"]
            + "&requestId=" + body["requestId"]
            + "&requestType=" + body["requestType"]
        )  # fmt: skip
        digest = hmac.new(self.secret_key.encode(), raw.encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()

    def answer(self, body: dict) -> tuple[int, dict]:
        now = int(time.time() * 1000)
        if body.get("signature") != self.expected_signature(body):
            return 400, {
                "responseTime": now,
                "message": "Bad format request.",
                "resultCode": 20,
                "subErrors": [{"field": "signature", "message": "Chữ ký không hợp lệ."}],
            }
        with self._lock:
            if body["requestId"] in self.answers:
                return 200, self.answers[body["requestId"]]
            answer = {
                "partnerCode": body["partnerCode"],
                "requestId": body["requestId"],
                "orderId": body["orderId"],
                "amount": body["amount"],
                "responseTime": now,
                "message": "Thành công.",
                "resultCode": 0,
                "payUrl": f"https://test-payment.momo.vn/v2/gateway/pay?t={body['requestId']}",
                "deeplink": "momo://app?action=payWithApp",
                "qrCodeUrl": "2|99|0912345678|||0|0|10000",
            }
            self.answers[body["requestId"]] = answer
        return 200, answer

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep the test output clean
                pass

            def _send(self, status: int, payload: dict | None) -> None:
                data = json.dumps(payload).encode() if payload is not None else b"oops"
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                if self.path.endswith("/query"):
                    with fake._lock:
                        fake.requests.append({"body": body, "path": self.path})
                    pending = {"orderId": body["orderId"], "resultCode": 1000}
                    return self._send(200, fake.query_answers.get(body["orderId"], pending))
                with fake._lock:
                    fake.requests.append({"body": body, "headers": dict(self.headers)})
                    step = fake.script.pop(0) if fake.script else "ok"
                if step == "sleep":
                    fake._release.wait(fake.sleep_seconds)
                if step == "500":
                    return self._send(500, None)
                if step == "in_flight":
                    return self._send(422, {"resultCode": 7000, "message": "In progress."})
                if step == "drop":
                    self.close_connection = True
                    return None
                return self._send(*fake.answer(body))

        return Handler
