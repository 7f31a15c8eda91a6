"""The gateways' callbacks in the OpenAPI schema, marked gateway-only.

They are plain Django views that answer each gateway its own way (no session, JWT or CSRF),
so drf-spectacular does not see them; this postprocessing hook adds them, tagged
``gateway-only`` and flagged ``x-gateway-only``, so a client knows they exist and not to call
them.
"""

from typing import Any

GATEWAY_ONLY = "gateway-only"

_SIGNED = "Signed by the gateway with the merchant's secret and verified before anything changes."
_REDIRECT = {"302": {"description": "To the order's page, which shows the live status."}}
_INVALID_PAGE = {"400": {"description": "An HTML page: the result could not be verified."}}

CALLBACKS: list[dict[str, Any]] = [
    {
        "path": "/api/payment/momo/ipn",
        "method": "post",
        "summary": "MoMo IPN (server to server)",
        "description": f"MoMo's instant payment notification, a JSON body. {_SIGNED}",
        "responses": {
            "204": {"description": "Recorded (duplicates too)."},
            "400": {"description": "Rejected, in the error envelope (junk is recorded first)."},
            "413": {"description": "Body over 8 KB: refused unread, nothing recorded."},
            "429": {"description": "Over the per-address rate (THROTTLE_IPN)."},
        },
    },
    {
        "path": "/api/payment/momo/return",
        "method": "get",
        "summary": "MoMo browser return",
        "description": f"Where MoMo sends the buyer's browser back, with a query. {_SIGNED}",
        "responses": {**_REDIRECT, **_INVALID_PAGE},
    },
    {
        "path": "/api/payment/vnpay/ipn",
        "method": "get",
        "summary": "VNPay IPN (server to server)",
        "description": f"VNPay's IPN, a signed query string. {_SIGNED}",
        "responses": {
            "200": {"description": '`{"RspCode", "Message"}`.'},
            "400": {"description": 'Query over 8 KB: `{"RspCode": "99"}`, nothing recorded.'},
            "429": {"description": 'Over the per-address rate: `{"RspCode": "99"}`.'},
        },
    },
    {
        "path": "/api/payment/vnpay/callback",
        "method": "get",
        "summary": "VNPay browser return",
        "description": f"Where VNPay sends the buyer's browser back (`vnp_ReturnUrl`). {_SIGNED}",
        "responses": {**_REDIRECT, **_INVALID_PAGE},
    },
]


def gateway_callbacks_hook(result: dict, generator: Any, request: Any, public: bool) -> dict:
    paths = result.setdefault("paths", {})
    for callback in CALLBACKS:
        name = callback["path"].removeprefix("/api/").replace("/", "_")
        paths.setdefault(callback["path"], {})[callback["method"]] = {
            "operationId": name,
            "summary": callback["summary"],
            "description": f"**Gateway-only**: called by the payment gateway, never by a "
            f"client. {callback['description']}",
            "tags": [GATEWAY_ONLY],
            "security": [],
            "responses": callback["responses"],
            "x-gateway-only": True,
        }
    tags = result.setdefault("tags", [])
    if not any(tag.get("name") == GATEWAY_ONLY for tag in tags):
        tags.append(
            {
                "name": GATEWAY_ONLY,
                "description": "Payment gateway callbacks (MoMo, VNPay). Not for API clients.",
            }
        )
    return result
