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
import time

from .fake_server import ScriptedJsonServer


class FakeMomo(ScriptedJsonServer):
    path = "/v2/gateway/api/create"

    def __init__(self, *, partner_code: str, access_key: str, secret_key: str) -> None:
        super().__init__()
        self.partner_code, self.access_key, self.secret_key = partner_code, access_key, secret_key
        self.answers: dict[str, dict] = {}
        self.query_answers: dict[str, dict] = {}  # orderId -> what /query answers

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

    def respond(self, path: str, body: dict, headers: dict) -> tuple[int, bytes] | None:
        if path.endswith("/query"):
            self.record({"body": body, "path": path})
            pending = {"orderId": body["orderId"], "resultCode": 1000}
            return 200, json.dumps(self.query_answers.get(body["orderId"], pending)).encode()
        step = self.next_step({"body": body, "headers": headers})
        if step == "500":
            return 500, b"oops"
        if step == "in_flight":
            return 422, json.dumps({"resultCode": 7000, "message": "In progress."}).encode()
        if step == "drop":
            return None
        status, answer = self.answer(body)
        return status, json.dumps(answer).encode()
