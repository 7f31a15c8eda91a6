"""A fake VNPay merchant API (``querydr``) on 127.0.0.1, to test the client over real HTTP.

It checks the request's hash and signs its answers with its own code, an explicit string
concatenation in the documented order (``research/payments.md`` 2.7), not the module under
test. A bad request hash gets VNPay's ``97``. What it answers per ``vnp_TxnRef`` is set in
``fake.answers`` (fields over a paid or not-found default); how it answers the next requests
is scripted: ``fake.script = ["500", "sleep", "tamper", "bad_hash", "unsigned", "ok"]``.
"""

import hashlib
import hmac
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_PATH = "/merchant_webapi/api/transaction"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


def _hmac512(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode("utf-8"), hashlib.sha512).hexdigest()


class FakeVnpay:
    def __init__(self, *, tmn_code: str, hash_secret: str) -> None:
        self.tmn_code, self.hash_secret = tmn_code, hash_secret
        self.script: list[str] = []
        self.requests: list[dict] = []
        self.answers: dict[str, dict] = {}  # vnp_TxnRef -> fields of the answer
        self.sleep_seconds = 2.0
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{API_PATH}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def request_hash(self, body: dict) -> str:
        data = (
            body["vnp_RequestId"] + "|" + body["vnp_Version"] + "|" + body["vnp_Command"]
            + "|" + body["vnp_TmnCode"] + "|" + body["vnp_TxnRef"]
            + "|" + body["vnp_TransactionDate"] + "|" + body["vnp_CreateDate"]
            + "|" + body["vnp_IpAddr"] + "|" + body["vnp_OrderInfo"]
        )  # fmt: skip
        return _hmac512(self.hash_secret, data)

    def sign(self, answer: dict) -> str:
        def value(name: str) -> str:
            return str(answer.get(name, ""))

        data = (
            value("vnp_ResponseId") + "|" + value("vnp_Command") + "|" + value("vnp_ResponseCode")
            + "|" + value("vnp_Message") + "|" + value("vnp_TmnCode") + "|" + value("vnp_TxnRef")
            + "|" + value("vnp_Amount") + "|" + value("vnp_BankCode") + "|" + value("vnp_PayDate")
            + "|" + value("vnp_TransactionNo") + "|" + value("vnp_TransactionType")
            + "|" + value("vnp_TransactionStatus") + "|" + value("vnp_OrderInfo")
            + "|" + value("vnp_PromotionCode") + "|" + value("vnp_PromotionAmount")
        )  # fmt: skip
        return _hmac512(self.hash_secret, data)

    @staticmethod
    def paid(*, amount_x100: int, transaction_no: str = "14226112", **fields) -> dict:
        return {
            "vnp_ResponseCode": "00",
            "vnp_Message": "QueryDR Success",
            "vnp_Amount": str(amount_x100),
            "vnp_BankCode": "NCB",
            "vnp_PayDate": "20261201170112",
            "vnp_TransactionNo": transaction_no,
            "vnp_TransactionType": "01",
            "vnp_TransactionStatus": "00",
            **fields,
        }

    def _answer(self, body: dict) -> dict:
        if body.get("vnp_SecureHash") != self.request_hash(body):
            answer = {"vnp_ResponseCode": "97", "vnp_Message": "Invalid Checksum"}
        else:
            not_found = {"vnp_ResponseCode": "91", "vnp_Message": "Khong tim thay giao dich"}
            answer = dict(self.answers.get(body["vnp_TxnRef"], not_found))
        answer = {
            "vnp_ResponseId": uuid.uuid4().hex,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": body.get("vnp_TxnRef", ""),
            "vnp_OrderInfo": body.get("vnp_OrderInfo", ""),
            **answer,
        }
        answer["vnp_SecureHash"] = self.sign(answer)
        return answer

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep the test output clean
                pass

            def _send(self, status: int, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                with fake._lock:
                    fake.requests.append({"body": body, "path": self.path})
                    step = fake.script.pop(0) if fake.script else "ok"
                if step == "sleep":
                    fake._release.wait(fake.sleep_seconds)
                if step == "500":
                    return self._send(500, b"Internal Server Error")
                answer = fake._answer(body)
                if step == "tamper":  # a failure turned into a success after signing
                    answer["vnp_TransactionStatus"] = "00"
                if step == "bad_hash":
                    answer["vnp_SecureHash"] = answer["vnp_SecureHash"][::-1]
                if step == "unsigned":
                    del answer["vnp_SecureHash"]
                return self._send(200, json.dumps(answer, ensure_ascii=False).encode())

        return Handler
