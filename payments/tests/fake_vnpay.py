"""A fake VNPay merchant API (``querydr``) on 127.0.0.1, to test the client over real HTTP.

It checks the request's hash and signs its answers with its own code, an explicit string
concatenation in the documented order (``docs/payments.md`` 2.7), not the module under
test. A bad request hash gets VNPay's ``97``. What it answers per ``vnp_TxnRef`` is set in
``fake.answers`` (fields over a paid or not-found default); how it answers the next requests
is scripted: ``fake.script = ["500", "sleep", "tamper", "bad_hash", "unsigned", "ok"]``.
"""

import hashlib
import hmac
import json
import uuid

from .fake_server import ScriptedJsonServer

API_PATH = "/merchant_webapi/api/transaction"


def _hmac512(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode("utf-8"), hashlib.sha512).hexdigest()


class FakeVnpay(ScriptedJsonServer):
    path = API_PATH

    def __init__(self, *, tmn_code: str, hash_secret: str) -> None:
        super().__init__()
        self.tmn_code, self.hash_secret = tmn_code, hash_secret
        self.answers: dict[str, dict] = {}  # vnp_TxnRef -> fields of the answer

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

    def respond(self, path: str, body: dict, headers: dict) -> tuple[int, bytes] | None:
        step = self.next_step({"body": body, "path": path})
        if step == "500":
            return 500, b"Internal Server Error"
        answer = self._answer(body)
        if step == "tamper":  # a failure turned into a success after signing
            answer["vnp_TransactionStatus"] = "00"
        if step == "bad_hash":
            answer["vnp_SecureHash"] = answer["vnp_SecureHash"][::-1]
        if step == "unsigned":
            del answer["vnp_SecureHash"]
        return 200, json.dumps(answer, ensure_ascii=False).encode()
