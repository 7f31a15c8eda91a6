"""The whole API fuzzed from its own OpenAPI schema on a live server (issue 8, item 1).

Schemathesis reads ``/api/schema/`` from a running server and sends generated requests, valid
and invalid, to every operation. Whatever it sends, the API must never answer 5xx, every 2xx
body must match the schema, and every error must be the one envelope
``{"error": {"code", "message", "details"}}``. Two passes: as a new user who owns nothing
(ownership and validation errors), and as a staff member who owns a page of each kind, a
listing, an order and a chat room, with the ``{id}`` of two generated requests in three pointed at
those objects so the code past the 404 (updates, deploys, reviews, downloads, messages) is
fuzzed too. Bounded: a few examples per operation, so the run takes a couple of minutes.
"""

import itertools
import zlib

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from accounts.tests.factories import UserFactory

EXAMPLES = 12
SEEDED_EXAMPLES = 10

# A live server and generated requests to every endpoint: tens of seconds.
pytestmark = pytest.mark.slow


@pytest.fixture
def token(transactional_db) -> str:
    return str(RefreshToken.for_user(UserFactory()).access_token)


def _check_envelope(response) -> None:
    if response.status_code < 400:
        return
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert {"code", "message", "details"} <= set(error), error
    assert isinstance(error["code"], str) and error["code"], error
    assert isinstance(error["message"], str) and error["message"], error


_worlds = itertools.count(1)


def _seed_world(staff) -> dict[str, list[int]]:
    """Objects the staff fuzzer owns or may act on, keyed by the API prefix of their ids."""
    from marketplace import services as marketplace_services
    from marketplace.tests.factories import active_listing, listing_for
    from orders import services as order_services
    from orders.tests.factories import pending_order
    from pages.tests.factories import LeadFactory, PageFactory
    from support import services as support

    n = next(_worlds)
    draft = PageFactory(owner=staff, title="Fuzz draft", slug=f"fuzz-draft-{n}")
    published = PageFactory(
        owner=staff, title="Fuzz live", slug=f"fuzz-live-{n}", status="published"
    )
    LeadFactory(page=published)
    mine = listing_for(staff)
    pending = listing_for(UserFactory())
    marketplace_services.listing_submit(listing=pending)
    for_sale = active_listing(UserFactory(), price=99_000)
    order = pending_order(staff, listing=for_sale)
    order_services.order_deliver(
        order_id=order.order_id, amount=99_000, transaction_id=f"F{order.pk}"
    )
    customer = UserFactory()
    room = support.room_open(user=customer)
    support.message_send(actor=customer, room_id=room.pk, text="help")
    own_room = support.room_open(user=staff)
    return {
        "/api/pages/": [draft.pk, published.pk],
        "/api/marketplace/": [mine.pk, pending.pk, for_sale.pk],
        "/api/orders/": [order.pk],
        "/api/chat/": [room.pk, own_room.pk],
    }


def _fuzz(operation, token: str, ids: dict[str, list[int]] | None = None) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=SEEDED_EXAMPLES if ids else EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case) -> None:
        pool = next((v for k, v in (ids or {}).items() if case.path.startswith(k)), None)
        if pool and case.path_parameters and "id" in case.path_parameters:
            pick = zlib.crc32(repr(case.path_parameters["id"]).encode())
            if pick % 3:  # two cases in three hit a real object, the rest keep the fuzzed id
                case.path_parameters["id"] = pool[pick % len(pool)]
        response = case.call(headers={"Authorization": f"Bearer {token}"}, timeout=20)
        case.validate_response(
            response,
            checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
        )
        _check_envelope(response)

    run()


def _run_all(base_url: str, token: str, world=None) -> None:
    # (schemathesis's own pytest loader does not support pytest 9 yet, so operations are
    # driven here one by one and every failing one is reported together.)
    schema = schemathesis.openapi.from_url(f"{base_url}/api/schema/")
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if "gateway-only" in (operation.tags or []):
            continue  # the gateways' callbacks answer each gateway its own way (payments tests)
        operations += 1
        cache.clear()  # throttle counters: each operation starts with its own budget
        ids = world() if world else None  # a fresh world: an earlier DELETE took nothing away
        try:
            _fuzz(operation, token, ids)
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}".splitlines()[0:12])
    assert operations > 30
    assert not failures, "\n\n".join("\n".join(f) for f in failures)


def test_api_never_fails_and_errors_are_enveloped(live_server, token):
    _run_all(live_server.url, token)


def test_api_as_staff_on_real_objects_never_fails(
    live_server, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    staff = UserFactory(role="admin", subscription="enterprise")
    token = str(RefreshToken.for_user(staff).access_token)
    _run_all(live_server.url, token, world=lambda: _seed_world(staff))
