"""Scale-out (issue 8 item 5): more processes are more capacity.

Two ``daphne`` processes (A and B) and one ``celery worker`` process, started as
subprocesses, share the test's PostgreSQL database and channels-redis on REDIS_URL (their own
key prefixes), as N machines behind a load balancer would. Nothing is shared in memory, so an
event reaches a socket on the other process only through the Redis channel layer:

* a user on A and an admin on B chat live over REST + sockets, in both directions, and the
  bot's answer is computed by the worker (sent to the broker by A) and reaches the user on A;
* a MoMo IPN posted to A delivers the order, and the seller's socket on B gets ``sale:new``
  (the buyer's socket, on A, gets ``order:updated``).
"""

import asyncio
import json
import os
import subprocess
import uuid
from pathlib import Path

import httpx
import pytest
import websockets
from django.db import connection
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import UserFactory
from orders.models import Order
from payments.tests.helpers import MOMO_IPN, momo_ipn, start
from support import services as support_services
from support.models import ChatMessage
from tests.support import (
    ROOT,
    SOLO_WORKER,
    celery,
    conninfo,
    daphne,
    free_port,
    listening,
    logs,
    stop,
    tail,
    wait_for,
)

REDIS_URL = os.environ.get("REDIS_URL", "")
EVENT_TIMEOUT = 10

pytestmark = [
    pytest.mark.slow,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI sets it)"),
]


@pytest.fixture
def cluster(tmp_path):
    """Starts daphne A, daphne B and a Celery worker; yields their base URLs; always stops
    them (before the test database is flushed)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the processes share the test database (CI sets it)")
    tag = uuid.uuid4().hex[:8]
    queue = f"lh-scale-{tag}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "landinghub.tests.scale_out_settings",
        "DATABASE_URL": conninfo(),
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "CHANNEL_LAYER_PREFIX": f"lh-scale-{tag}",
        "CACHE_KEY_PREFIX": f"lh-scale-{tag}",
        "LH_TEST_CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "MOMO_PARTNER_CODE": "",  # the simulator's keys sign the IPN, as in payments/tests
        "MOMO_ACCESS_KEY": "",
        "MOMO_SECRET_KEY": "",
        "PYTHONPATH": str(ROOT),
    }
    procs: dict[str, tuple[subprocess.Popen, Path]] = {}
    ports = {"daphne-a": free_port(), "daphne-b": free_port()}
    try:
        for name, port in ports.items():
            log = tmp_path / f"{name}.log"
            procs[name] = (daphne(port, env=env, log=log), log)
        log = tmp_path / "worker.log"
        options = [*SOLO_WORKER, "-Q", queue, "--loglevel=INFO", f"--hostname={queue}@test"]
        worker = celery("worker", *options, env=env, log=log)
        procs["worker"] = (worker, log)
        for name, port in ports.items():
            wait_for(
                lambda port=port: listening(port),
                30,
                f"{name} to listen",
                interval=0.1,
                details=lambda: logs(procs),
                procs=procs,
            )
        worker_log = procs["worker"][1]
        wait_for(
            lambda: " ready." in tail(worker_log),
            30,
            "the worker to start",
            interval=0.1,
            details=lambda: logs(procs),
            procs=procs,
        )
        yield {name: f"http://localhost:{port}" for name, port in ports.items()}, procs
    finally:
        for proc, _ in procs.values():
            stop(proc, grace=5)


def _token(user) -> str:
    return str(AccessToken.for_user(user))


def _connect(base: str, token: str):
    return websockets.connect(
        base.replace("http", "ws", 1) + f"/ws/?token={token}",
        origin=base,  # a browser's Origin: the site's own host passes the origin check
        open_timeout=EVENT_TIMEOUT,
    )


async def _next_event(ws, name: str, **match) -> dict:
    """The next ``name`` event whose data has the given values (others are skipped)."""
    async with asyncio.timeout(EVENT_TIMEOUT):
        while True:
            frame = json.loads(await ws.recv())
            if frame["event"] == name and all(frame["data"].get(k) == v for k, v in match.items()):
                return frame["data"]


async def _ready(ws) -> None:
    # The consumer has joined its user's group once it answers a ping.
    await ws.send(json.dumps({"action": "ping"}))
    await _next_event(ws, "pong")


def test_two_daphne_processes_and_a_worker_share_one_realtime_system(cluster):
    urls, procs = cluster
    a, b = urls["daphne-a"], urls["daphne-b"]
    user, admin = UserFactory(), UserFactory(role="admin")
    room = support_services.room_open(user=user)
    order, attempt = start("momo")
    buyer_token, seller_token = _token(order.buyer), _token(order.seller)
    user_token, admin_token = _token(user), _token(admin)
    ipn = momo_ipn(attempt)

    async def chat_and_pay() -> None:
        async with (
            httpx.AsyncClient(timeout=EVENT_TIMEOUT) as http,
            _connect(a, user_token) as user_ws,
            _connect(b, admin_token) as admin_ws,
            _connect(b, seller_token) as seller_ws,
            _connect(a, buyer_token) as buyer_ws,
        ):
            for ws in (user_ws, admin_ws, seller_ws, buyer_ws):
                await _ready(ws)

            # 1. The user writes to A; the unassigned room reaches every admin (on B), and the
            # bot's answer, computed by the worker from A's task, reaches the user on A.
            sent = await http.post(
                f"{a}/api/chat/rooms/{room.pk}/messages",
                json={"message": "How do I publish my page?", "client_id": "scale-1"},
                headers={"Authorization": f"Bearer {user_token}"},
            )
            assert sent.status_code == 201, sent.text
            first = sent.json()["message"]
            seen = await _next_event(admin_ws, "chat:new_message", id=first["id"])
            assert seen["sender_type"] == "user"
            bot = await _next_event(user_ws, "chat:new_message", sender_type="bot")
            assert bot["client_id"] == f"bot:{first['id']}"

            # 2. The admin answers on B (taking the room); the user's socket on A gets it.
            reply = await http.post(
                f"{b}/api/chat/rooms/{room.pk}/messages",
                json={"message": "Hi, I'm here to help.", "client_id": "scale-2"},
                headers={"Authorization": f"Bearer {admin_token}"},
            )
            assert reply.status_code == 201, reply.text
            got = await _next_event(user_ws, "chat:new_message", id=reply.json()["message"]["id"])
            assert got["message"] == "Hi, I'm here to help." and got["sender_type"] == "admin"

            # 3. The user answers on A; the assigned admin's socket on B gets it.
            again = await http.post(
                f"{a}/api/chat/rooms/{room.pk}/messages",
                json={"message": "Thanks!", "client_id": "scale-3"},
                headers={"Authorization": f"Bearer {user_token}"},
            )
            assert again.status_code == 201, again.text
            got = await _next_event(admin_ws, "chat:new_message", id=again.json()["message"]["id"])
            assert got["message"] == "Thanks!" and got["sender_type"] == "user"

            # 4. MoMo's IPN lands on A; the seller on B hears of the sale, the buyer on A of
            # the order.
            paid = await http.post(f"{a}{MOMO_IPN}", json=ipn)
            assert paid.status_code == 204, paid.text
            sale = await _next_event(seller_ws, "sale:new")
            assert sale["order_id"] == order.order_id
            updated = await _next_event(buyer_ws, "order:updated", status="delivered")
            assert updated["order_id"] == order.order_id

    try:
        asyncio.run(chat_and_pay())
    except (AssertionError, TimeoutError) as exc:
        raise AssertionError(f"{exc!r}\n{logs(procs)}") from exc

    # The bot's answer was the worker's work: the daphne processes only enqueue.
    assert "support.bot_reply" in tail(procs["worker"][1])
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED
    texts = list(room.messages.order_by("pk").values_list("sender_type", "message"))
    assert [t for t, _ in texts].count(ChatMessage.SenderType.BOT) == 1  # answered once
    assert texts[-2:] == [("admin", "Hi, I'm here to help."), ("user", "Thanks!")]
