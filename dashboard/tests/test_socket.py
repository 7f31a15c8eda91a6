"""dashboard:join and dashboard:update over /ws/: a lead, a sale and a deployment reach the
owner's dashboard; admin updates reach staff who joined the admin dashboard, and nobody else."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction
from rest_framework_simplejwt.tokens import AccessToken

from accounts.services import user_register
from accounts.tests.factories import UserFactory
from landinghub.asgi import application
from pages.services import lead_create
from pages.tests.factories import PageFactory

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost:8000")


async def _joined(user, scope="user") -> WebsocketCommunicator:
    token = await sync_to_async(lambda: str(AccessToken.for_user(user)))()
    ws = WebsocketCommunicator(application, f"/ws/?token={token}", headers=[ORIGIN])
    connected, _ = await ws.connect()
    assert connected
    await ws.send_json_to({"action": "dashboard:join", "scope": scope})
    return ws


@sync_to_async
def _make(factory, **kwargs):
    return factory(**kwargs)


@sync_to_async
def _lead(page):
    with transaction.atomic():
        return lead_create(page_id=page.pk, fields={"email": ["a@b.vn"]}, ip_address=None)


async def test_lead_sends_dashboard_update_to_the_owner_only():
    owner, stranger = await _make(UserFactory), await _make(UserFactory)
    page = await _make(PageFactory, owner=owner)
    ws, other = await _joined(owner), await _joined(stranger)
    assert (await ws.receive_json_from())["event"] == "dashboard:joined"
    assert (await other.receive_json_from())["event"] == "dashboard:joined"
    lead = await _lead(page)
    update = await ws.receive_json_from()
    assert update["event"] == "dashboard:update"
    assert update["data"]["kind"] == "lead" and update["data"]["lead_id"] == lead.pk
    assert await other.receive_nothing(timeout=0.2)
    await ws.disconnect()
    await other.disconnect()


async def test_non_staff_cannot_join_the_admin_dashboard_nor_get_admin_updates():
    user = await _make(UserFactory)
    ws = await _joined(user, scope="admin")
    error = await ws.receive_json_from()
    assert error == {
        "event": "error",
        "data": {"code": "forbidden", "message": "The admin dashboard is for staff only."},
    }
    await ws.send_json_to({"action": "dashboard:join"})  # their own dashboard is fine
    assert (await ws.receive_json_from())["data"]["scope"] == "user"
    await sync_to_async(user_register)(email="new@example.vn", name="Mới", password="x-Long-pass-9")
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_staff_on_the_admin_dashboard_get_signup_updates():
    admin = await _make(UserFactory, role="admin")
    staff_own = await _joined(admin)  # a staff member's own dashboard gets no admin updates
    ws = await _joined(admin, scope="admin")
    assert (await ws.receive_json_from())["data"] == {"user_id": admin.pk, "scope": "admin"}
    assert (await staff_own.receive_json_from())["data"]["scope"] == "user"
    await sync_to_async(user_register)(email="new@example.vn", name="Mới", password="x-Long-pass-9")
    update = await ws.receive_json_from()
    assert update == {"event": "dashboard:update", "data": {"scope": "admin", "kind": "signup"}}
    assert await staff_own.receive_nothing(timeout=0.2)
    await ws.disconnect()
    await staff_own.disconnect()


async def test_invalid_dashboard_scope_is_an_error():
    ws = await _joined(await _make(UserFactory), scope="everything")
    assert (await ws.receive_json_from())["data"]["code"] == "invalid_scope"
    await ws.disconnect()
