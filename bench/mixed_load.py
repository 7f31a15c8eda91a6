"""Mixed load (issue 8 item 6): browsing, page views, lead posts, chat and sockets at once.

One bounded run on loopback, production topology: HTTP on gunicorn (4 workers), ``/ws/`` on
daphne, both on PostgreSQL (``BENCH_DATABASE_URL``) and Redis (``BENCH_REDIS_URL``: cache,
throttles, channels-redis). For ``--seconds`` these streams run side by side, each at a fixed
rate with latency measured from its *scheduled* send time (no coordinated omission):

* ``GET /healthz`` (the baseline, same run, same server);
* marketplace browsing: ``GET /api/marketplace`` over a rotation of searches/categories/sorts;
* published page views: ``GET /`` with a published page's ``Host``;
* lead posts: ``POST /_leads`` to that page (form fields, JSON reply);
* chat: ``POST /api/chat/rooms/{id}/messages`` by ``--chat-users`` users, each with a room
  assigned to one of ``--admins`` admins;
* purchases: ``POST /api/orders`` (MoMo) by ``--buyers`` buyers, each for another listing, then
  the gateway's signed IPN ``POST /api/payment/momo/ipn`` for it (signed with the local
  simulator's keys, verified by the real IPN path), timed as one purchase.

Meanwhile every chat user, every admin and the page's owner hold a socket on daphne (plus
``--idle-sockets`` idle ones). Each chat message must reach two sockets (the poster's and the
room admin's) as ``chat:new_message``; each lead must reach the owner's socket as a
``dashboard:update``; each paid order must reach the seller's socket as ``sale:new``.
Afterwards the database is counted: leads stored == lead posts answered 2xx, chat messages
stored == chat posts answered 2xx, orders delivered == IPNs answered 204 (and no order
delivered twice or without its IPN), socket events received == expected.
"""

import argparse
import asyncio
import http.client
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit

import websockets

from .harness import Result, bench_env, gunicorn, load_average, manage
from .marketplace_list import SEED as LISTINGS_SEED
from .published_page import PAGES_DOMAIN
from .published_page import SEED as PAGE_SEED
from .support_chat import daphne

SEED = """
import json
from accounts.models import User
from pages.models import Page
from rest_framework_simplejwt.tokens import AccessToken
from support import services
from support.models import ChatRoom
get = User.objects.get_or_create
admins = [get(email=f"mixed-admin-{{i}}@example.com",
              defaults={{"name": f"Admin {{i}}", "role": "admin"}})[0] for i in range({admins})]
users = [get(email=f"mixed-user-{{i}}@example.com", defaults={{"name": f"U{{i}}"}})[0]
         for i in range({chat_users})]
idle = [get(email=f"mixed-idle-{{i}}@example.com", defaults={{"name": f"I{{i}}"}})[0]
        for i in range({idle})]
ChatRoom.objects.filter(user__in=users).update(status="closed")
rooms = []
for i, user in enumerate(users):
    room = services.room_open(user=user)
    admin = admins[i % len(admins)]
    services.room_assign(actor=admin, room_id=room.pk, admin_id=admin.pk)
    rooms.append({{"room": room.pk, "user": str(AccessToken.for_user(user)), "admin": admin.pk}})
page = Page.objects.get(slug="bench-page")
from marketplace.models import MarketplacePage
from django.db.models import Max
from marketplace.models import ListingRevision
seller = User.objects.get(email="bench-seller@example.com")
# The bench seller's listings only: its socket is the one listening for sale:new (the dashboard
# bench leaves listings of other sellers in a reused database).
listings = list(MarketplacePage.objects.filter(status="ACTIVE", price__gt=0, seller=seller)
                .order_by("?")[:{orders}])
for listing in listings:  # the seeded listings have no frozen snapshot yet: give them one
    if listing.approved_revision_id is None:
        # Another bench (or an earlier run) may have left revisions on it: number after them.
        last = listing.revisions.aggregate(n=Max("number"))["n"] or 0
        listing.approved_revision = ListingRevision.objects.create(
            listing=listing, number=last + 1, status="APPROVED", title=listing.title,
            category_id=listing.category_id, price=listing.price,
            html_content="<section><h1>" + listing.title + "</h1></section>",
            css_content="h1{{color:#5b4bdb}}")
        listing.save(update_fields=["approved_revision"])
listings = [listing.pk for listing in listings]
buyers = [User.objects.create(email=f"{tag}-buyer-{{i}}@example.com", name=f"B{{i}}")
          for i in range({buyers})]
from allauth.account.models import EmailAddress  # buying needs a confirmed address
EmailAddress.objects.bulk_create([EmailAddress(user=b, email=b.email, verified=True, primary=True)
                                  for b in buyers])
print(json.dumps({{
    "listings": listings,
    "buyers": [str(AccessToken.for_user(b)) for b in buyers],
    "seller": str(AccessToken.for_user(seller)),
    "rooms": rooms,
    "admins": {{a.pk: str(AccessToken.for_user(a)) for a in admins}},
    "idle": [str(AccessToken.for_user(u)) for u in idle],
    "owner": str(AccessToken.for_user(page.owner)),
}}))
"""

COUNT = """
from orders.models import Order
from pages.models import Lead
from support.models import ChatMessage
orders = Order.objects.filter(buyer__email__startswith="{tag}-buyer-")
print(Lead.objects.filter(page__slug="bench-page", data__run="{tag}").count(),
      ChatMessage.objects.filter(client_id__startswith="{tag}").count(),
      orders.filter(status="delivered").count(), orders.count(),
      orders.filter(status="delivered", page__isnull=True).count())
"""

SEARCHES = ["", "pho", "spa", "cafe", "yoga", "khoa hoc", "du lich", "app"]
SORTS = ["", "newest", "popular", "price_asc"]


class Stream(threading.Thread):
    """One request type at a fixed rate over ``threads`` keep-alive connections."""

    def __init__(self, name, port, make, *, rate, seconds, start, ok=(200,), threads=4):
        super().__init__(daemon=True)
        self.name_, self.port, self.make, self.ok = name, port, make, ok
        self.rate, self.total, self.start_at, self.threads = (
            rate,
            int(rate * seconds),
            start,
            threads,
        )
        self.latencies: list[float] = []
        self.errors = 0
        self.answers: list[tuple[int, bytes]] = []  # (index, body) of the answered-ok requests
        self.lock = threading.Lock()

    def exchange(self, conn: http.client.HTTPConnection, i: int) -> tuple[bool, bytes]:
        """Request ``i`` on ``conn``: whether it was answered as expected, and the body."""
        method, path, body, headers = self.make(i)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status in self.ok, data

    def worker(self, index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        for i in range(index, self.total, self.threads):
            scheduled = self.start_at + i / self.rate
            delay = scheduled - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                ok, data = self.exchange(conn, i)
            except Exception:  # any failure is this request's error, never the thread's end
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                ok, data = False, b""
            elapsed = (time.monotonic() - scheduled) * 1000
            with self.lock:
                self.latencies.append(elapsed)
                if ok:
                    self.answers.append((i, data))
                else:
                    self.errors += 1
        conn.close()

    def run(self) -> None:
        pool = [threading.Thread(target=self.worker, args=(t,)) for t in range(self.threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()

    def result(self, seconds: float) -> Result:
        return Result(self.name_, self.total, self.errors, self.latencies, seconds)


class PurchaseStream(Stream):
    """Buy, then the gateway's IPN for that order: two requests, timed as one purchase."""

    def exchange(self, conn: http.client.HTTPConnection, i: int) -> tuple[bool, bytes]:
        """The order, then its signed IPN; the body kept is the order id."""
        from payments.simulator import momo_simulated_callback, momo_simulated_checkout

        conn.request(*self.make(i))
        response = conn.getresponse()
        created = json.loads(response.read() or b"{}")
        if response.status != 201:
            return False, b""
        order_id = created["order"]["order_id"]
        query = dict(parse_qsl(urlsplit(created["payment_url"]).query, keep_blank_values=True))
        pay = momo_simulated_checkout(query)
        ipn = momo_simulated_callback(
            order_id=pay.order_id, request_id=pay.request_id, amount=pay.amount,
            order_info=pay.order_info, extra_data=pay.extra_data,
        )  # fmt: skip
        conn.request(
            "POST", "/api/payment/momo/ipn", body=json.dumps(ipn),
            headers={"Host": "localhost", "Content-Type": "application/json"},
        )  # fmt: skip
        answer = conn.getresponse()
        answer.read()
        return answer.status == 204, order_id.encode()


async def _connect(url: str, deadline: float):
    while True:
        try:
            return await websockets.connect(url, open_timeout=30, max_queue=None)
        except (TimeoutError, OSError, websockets.InvalidHandshake):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


class Sockets(threading.Thread):
    """Holds every socket in an asyncio loop of its own and records what each receives."""

    def __init__(self, ws_port: int, seed: dict, idle: int):
        super().__init__(daemon=True)
        base = f"ws://127.0.0.1:{ws_port}/ws/?token="
        self.urls = {f"user-{r['room']}": base + r["user"] for r in seed["rooms"]}
        self.urls |= {f"admin-{pk}": base + token for pk, token in seed["admins"].items()}
        self.urls["owner"] = base + seed["owner"]
        self.urls["seller"] = base + seed["seller"]
        self.urls |= {f"idle-{i}": base + t for i, t in enumerate(seed["idle"][:idle])}
        self.chat: dict[str, set[int]] = {key: set() for key in self.urls}
        self.leads: set[int] = set()
        self.sales: set[str] = set()
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.failed: list[str] = []

    async def _listen(self, key: str, ws) -> None:
        try:
            async for raw in ws:
                frame = json.loads(raw)
                if frame["event"] == "chat:new_message":
                    self.chat[key].add(frame["data"]["id"])
                elif frame["event"] == "dashboard:update" and frame["data"].get("kind") == "lead":
                    self.leads.add(frame["data"]["lead_id"])
                elif frame["event"] == "sale:new" and key == "seller":
                    self.sales.add(frame["data"].get("order_id") or json.dumps(frame["data"]))
        except websockets.ConnectionClosed as exc:
            if not self.stop.is_set():
                self.failed.append(f"{key}: {exc!r}")

    async def _main(self) -> None:
        deadline = time.monotonic() + 60
        keys = list(self.urls)
        sockets = {}
        for start in range(0, len(keys), 100):  # in waves: daphne accepts at its own pace
            batch = keys[start : start + 100]
            opened = await asyncio.gather(*[_connect(self.urls[k], deadline) for k in batch])
            sockets.update(zip(batch, opened, strict=True))
        await sockets["owner"].send(json.dumps({"action": "dashboard:join"}))
        async with asyncio.timeout(20):
            while json.loads(await sockets["owner"].recv())["event"] != "dashboard:joined":
                pass
        tasks = [asyncio.create_task(self._listen(k, ws)) for k, ws in sockets.items()]
        self.ready.set()
        while not self.stop.is_set():
            await asyncio.sleep(0.1)
        for ws in sockets.values():
            await ws.close()
        await asyncio.gather(*tasks, return_exceptions=True)

    def run(self) -> None:
        asyncio.run(self._main())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--listings", type=int, default=2000)
    parser.add_argument("--healthz-rate", type=float, default=10.0)
    parser.add_argument("--browse-rate", type=float, default=30.0)
    parser.add_argument("--page-rate", type=float, default=30.0)
    parser.add_argument("--lead-rate", type=float, default=5.0)
    parser.add_argument("--chat-rate", type=float, default=10.0)
    parser.add_argument("--order-rate", type=float, default=2.0, help="purchases per second")
    parser.add_argument("--buyers", type=int, default=20)
    parser.add_argument("--chat-users", type=int, default=100)
    parser.add_argument("--admins", type=int, default=5)
    parser.add_argument("--idle-sockets", type=int, default=200)
    parser.add_argument("--drain", type=float, default=5.0, help="s to wait for late events")
    args = parser.parse_args(argv)

    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    media = tempfile.mkdtemp(prefix="lh-bench-media-")
    env = bench_env(
        REDIS_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="true",
        SUPPORT_MESSAGE_RATE="100000000/min",
        PAGES_LEAD_RATE_PER_MINUTE="100000000",
        PUBLISHED_PAGES_DOMAIN=PAGES_DOMAIN,
        MEDIA_ROOT=media,
    )
    if "postgres" not in env["DATABASE_URL"]:
        print("This benchmark runs on PostgreSQL: set BENCH_DATABASE_URL.", file=sys.stderr)
        return 2
    manage("migrate", "--noinput", env=env)
    manage("shell", "-c", LISTINGS_SEED.format(n=args.listings), env=env)
    manage("shell", "-c", PAGE_SEED, env=env)
    tag = f"mx{uuid.uuid4().hex[:10]}"
    orders_total = int(args.order_rate * args.seconds)
    seed_out = manage(
        "shell",
        "-c",
        SEED.format(
            admins=args.admins, chat_users=args.chat_users, idle=args.idle_sockets,
            tag=tag, buyers=args.buyers, orders=orders_total,
        ),
        env=env,
    )  # fmt: skip
    seed = json.loads(seed_out.strip().splitlines()[-1])
    rooms = seed["rooms"]
    page_host = f"bench-page.{PAGES_DOMAIN}"

    def browse(i: int):
        query = {"search": SEARCHES[i % len(SEARCHES)], "sort": SORTS[(i // 8) % len(SORTS)]}
        query = urlencode({k: v for k, v in query.items() if v})
        return "GET", f"/api/marketplace?{query}", None, {"Host": "localhost"}

    def lead(i: int):
        body = urlencode({"name": f"Lead {i}", "email": f"lead{i}@example.com", "run": tag})
        headers = {
            "Host": page_host,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return "POST", "/_leads", body, headers

    def chat(i: int):
        room = rooms[i % len(rooms)]
        body = json.dumps({"message": f"{tag} message {i}", "client_id": f"{tag}-{i}"})
        headers = {
            "Host": "localhost",
            "Authorization": f"Bearer {room['user']}",
            "Content-Type": "application/json",
        }
        return "POST", f"/api/chat/rooms/{room['room']}/messages", body, headers

    def purchase(i: int):
        body = json.dumps({"marketplace_page_id": seed["listings"][i], "payment_method": "momo"})
        headers = {
            "Host": "localhost",
            "Authorization": f"Bearer {seed['buyers'][i % len(seed['buyers'])]}",
            "Content-Type": "application/json",
        }
        return "POST", "/api/orders", body, headers

    sockets_total = len(rooms) + len(seed["admins"]) + 2 + args.idle_sockets
    print(
        f"mixed load: {args.seconds:.0f} s on gunicorn (4 workers) + daphne, PostgreSQL + Redis; "
        f"{sockets_total} sockets ({len(rooms)} chat users, {len(seed['admins'])} admins, "
        f"1 page owner, {args.idle_sockets} idle); {args.listings} listings; "
        f"load average {load_average()}",
        flush=True,
    )
    with gunicorn(env) as http_port, daphne(env) as ws_port:
        listener = Sockets(ws_port, seed, args.idle_sockets)
        listener.start()
        if not listener.ready.wait(90):
            raise SystemExit("the sockets did not connect")
        # Warm-up: every worker imports, connects to the DB and fills its caches.
        warm = time.monotonic() + 0.1
        warmups = [
            Stream("warm", http_port, lambda i: ("GET", "/healthz", None, {"Host": "localhost"}),
                   rate=20, seconds=2, start=warm),
            Stream("warm", http_port, browse, rate=20, seconds=2, start=warm),
            Stream("warm", http_port, lambda i: ("GET", "/", None, {"Host": page_host}),
                   rate=20, seconds=2, start=warm),
        ]  # fmt: skip
        for s in warmups:
            s.start()
        for s in warmups:
            s.join()

        start = time.monotonic() + 0.5
        streams = [
            Stream("baseline GET /healthz", http_port,
                   lambda i: ("GET", "/healthz", None, {"Host": "localhost"}),
                   rate=args.healthz_rate, seconds=args.seconds, start=start),
            Stream("browse GET /api/marketplace", http_port, browse,
                   rate=args.browse_rate, seconds=args.seconds, start=start),
            Stream("page view GET / (published)", http_port,
                   lambda i: ("GET", "/", None, {"Host": page_host}),
                   rate=args.page_rate, seconds=args.seconds, start=start),
            Stream("lead POST /_leads", http_port, lead, ok=(201,),
                   rate=args.lead_rate, seconds=args.seconds, start=start),
            Stream("chat POST .../messages", http_port, chat, ok=(201,),
                   rate=args.chat_rate, seconds=args.seconds, start=start),
            PurchaseStream("purchase POST /api/orders + IPN", http_port, purchase,
                           rate=args.order_rate, seconds=args.seconds, start=start, threads=2),
        ]  # fmt: skip
        for s in streams:
            s.start()
        for s in streams:
            s.join()
        seconds = time.monotonic() - start
        leads_ok, chats_ok = streams[3].answers, streams[4].answers
        paid = {body.decode() for _, body in streams[5].answers}
        chat_ids = {json.loads(body)["message"]["id"]: i for i, body in chats_ok}
        expected_chat = 2 * len(chat_ids)

        def delivered_chat() -> int:
            total = 0
            for mid, i in chat_ids.items():
                room = rooms[i % len(rooms)]
                total += mid in listener.chat[f"user-{room['room']}"]
                total += mid in listener.chat[f"admin-{room['admin']}"]
            return total

        drain_until = time.monotonic() + args.drain
        while time.monotonic() < drain_until:
            if (
                delivered_chat() == expected_chat
                and len(listener.leads) >= len(leads_ok)
                and paid <= listener.sales
            ):
                break
            time.sleep(0.1)
        listener.stop.set()
        listener.join(30)

    counted = manage("shell", "-c", COUNT.format(tag=tag), env=env).strip().splitlines()[-1]
    leads_stored, chats_stored, delivered_orders, orders_stored, orders_without_copy = map(
        int, counted.split()
    )
    results = [s.result(seconds) for s in streams]
    print(f"load average {load_average()}")
    total = sum(r.sent for r in results)
    errors = sum(r.errors for r in results)
    for r in results:
        print(r.line())
    print(f"{'all HTTP':<40} {total / seconds:7.1f} req/s  errors {errors}")
    base = results[0]
    for r in results[1:]:
        print(f"  p99 {r.name:<36} / baseline: {r.pct(99) / base.pct(99):6.2f}")
    delivered = delivered_chat()
    stray = [k for k, ids in listener.chat.items() if k.startswith("idle") and ids]
    lost_leads = len(leads_ok) - leads_stored
    lost_chats = len(chat_ids) - chats_stored
    lost_orders = abs(len(paid) - delivered_orders) + orders_without_copy
    lost_sales = len(paid - listener.sales)
    lost_events = (expected_chat - delivered) + (len(leads_ok) - len(listener.leads)) + lost_sales
    print(f"leads: {len(leads_ok)} answered 201, {leads_stored} stored, "
          f"{len(listener.leads)} dashboard events on the owner's socket")  # fmt: skip
    print(f"chat: {len(chat_ids)} answered 201, {chats_stored} stored, "
          f"{delivered}/{expected_chat} socket deliveries (poster + admin)")  # fmt: skip
    print(f"orders: {len(paid)} paid (IPN 204), {delivered_orders} delivered of {orders_stored} "
          f"stored, {orders_without_copy} without the buyer's copy, "
          f"{len(paid & listener.sales)} sale:new on the seller's socket")  # fmt: skip
    print(f"sockets: {sockets_total} connected, {len(listener.failed)} dropped, "
          f"{len(stray)} idle sockets got chat they should not")  # fmt: skip
    lost = lost_leads + lost_chats + lost_orders + lost_events
    print(
        f"lost: leads {lost_leads}, chat messages {lost_chats}, orders {lost_orders}, "
        f"socket events {lost_events} -> "
        f"{'ZERO LOST' if lost == 0 else 'LOST'}; HTTP errors {errors} -> "
        f"{'PASS' if lost == 0 and errors == 0 and not listener.failed else 'FAIL'}"
    )
    return 0 if lost == 0 and errors == 0 and not listener.failed and not stray else 1


if __name__ == "__main__":
    raise SystemExit(main())
