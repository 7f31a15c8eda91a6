"""Support chat delivery: REST ``POST .../messages`` by the user → ``chat:new_message`` on the
admin's socket, with 1,000 sockets connected over channels-redis (target p99 < 50 ms).

HTTP is served by gunicorn and ``/ws/`` by daphne, as in production, both on PostgreSQL
(``BENCH_DATABASE_URL``) and Redis (``BENCH_REDIS_URL``). The baseline, from the same run, is a
bare Channels ``group_send`` over the same Redis to the same admin socket: what the channel
layer costs on its own. Latency is measured from just before the POST (or the group_send) to
the frame's arrival; messages are sent one at a time at a fixed pace.
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager

import httpx
import websockets

from .harness import ROOT, Result, bench_env, free_port, gunicorn, manage

SEED = """
import json
from accounts.models import User
from rest_framework_simplejwt.tokens import AccessToken
from support import services
from support.models import ChatRoom
get = User.objects.get_or_create
admin, _ = get(email="bench-admin@example.com", defaults={{"name": "Admin", "role": "admin"}})
user, _ = get(email="bench-user@example.com", defaults={{"name": "User"}})
fillers = []
for i in range({users}):
    u, _ = get(email=f"bench-filler-{{i}}@example.com", defaults={{"name": f"F{{i}}"}})
    fillers.append(u)
ChatRoom.objects.filter(user=user).update(status="closed")
room = services.room_open(user=user)
services.room_assign(actor=admin, room_id=room.pk)
print(json.dumps({{
    "room": room.pk, "admin_id": admin.pk,
    "user": str(AccessToken.for_user(user)), "admin": str(AccessToken.for_user(admin)),
    "fillers": [str(AccessToken.for_user(u)) for u in fillers],
}}))
"""


@contextmanager
def daphne(env: dict[str, str]):
    port = free_port()
    command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "-v", "0"]
    proc = subprocess.Popen([*command, "landinghub.asgi:application"], cwd=ROOT, env=env)
    try:
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=15)


async def _connect(url: str, attempts: int = 100):
    error: Exception | None = None
    for _ in range(attempts):
        try:
            return await websockets.connect(url, open_timeout=20, max_queue=None)
        except (TimeoutError, OSError, websockets.InvalidHandshake) as exc:
            error = exc
            await asyncio.sleep(0.2)
    raise SystemExit(f"could not connect to {url.split('?')[0]}: {error!r}")


async def _wait_for(ws, predicate) -> float:
    while True:
        frame = json.loads(await ws.recv())
        if predicate(frame):
            return time.perf_counter()


async def _run(args, seed: dict, ws_port: int, http_port: int) -> tuple[Result, Result]:
    from channels_redis.core import RedisChannelLayer

    base_ws = f"ws://127.0.0.1:{ws_port}/ws/?token="
    fillers = seed["fillers"]
    sockets = []
    for start in range(0, args.sockets - 1, 100):  # in batches: daphne accepts at its pace
        batch = [
            _connect(base_ws + fillers[i % len(fillers)])
            for i in range(start, min(start + 100, args.sockets - 1))
        ]
        sockets += await asyncio.gather(*batch)
    admin_ws = await _connect(base_ws + seed["admin"])
    print(f"{len(sockets) + 1} sockets connected", flush=True)

    layer = RedisChannelLayer(hosts=[os.environ["BENCH_REDIS_URL_RESOLVED"]], prefix="landinghub")
    group = f"user.{seed['admin_id']}"
    baseline, rest = [], []
    errors = 0
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{http_port}",
        headers={"Authorization": f"Bearer {seed['user']}", "Host": "localhost"},
        timeout=10,
    ) as http:
        for i in range(args.warmup + args.messages):
            t0 = time.perf_counter()
            await layer.group_send(
                group, {"type": "realtime.event", "event": "bench:ping", "data": {"i": i}}
            )
            t1 = await _wait_for(
                admin_ws, lambda f, i=i: f["event"] == "bench:ping" and f["data"]["i"] == i
            )
            t2 = time.perf_counter()
            response = await http.post(
                f"/api/chat/rooms/{seed['room']}/messages",
                json={"message": f"bench {i}", "client_id": f"bench-{time.time_ns()}-{i}"},
            )
            if response.status_code != 201:
                errors += 1
                continue
            sent_id = response.json()["message"]["id"]
            t3 = await _wait_for(
                admin_ws,
                lambda f, sid=sent_id: f["event"] == "chat:new_message" and f["data"]["id"] == sid,
            )
            if i >= args.warmup:
                baseline.append((t1 - t0) * 1000)
                rest.append((t3 - t2) * 1000)
            await asyncio.sleep(1 / args.rate)
    for ws in [*sockets, admin_ws]:
        await ws.close()
    seconds = args.messages / args.rate
    return (
        Result("baseline group_send → socket", len(baseline), 0, baseline, seconds),
        Result("REST POST → other side's socket", len(rest), errors, rest, seconds),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--users", type=int, default=200, help="distinct users behind them")
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--rate", type=float, default=20.0, help="messages per second")
    args = parser.parse_args(argv)

    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    env = bench_env(
        REDIS_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="true",
        SUPPORT_MESSAGE_RATE="100000000/min",
        CHANNEL_LAYER_CAPACITY="1000",
    )
    if "postgres" not in env["DATABASE_URL"]:
        print("This benchmark runs on PostgreSQL: set BENCH_DATABASE_URL.", file=sys.stderr)
        return 2
    os.environ["BENCH_REDIS_URL_RESOLVED"] = redis_url
    manage("migrate", "--noinput", env=env)
    output = manage("shell", "-c", SEED.format(users=args.users), env=env)
    seed = json.loads(output.strip().splitlines()[-1])
    print(
        f"support chat: {args.sockets} sockets ({args.users} users + the admin) on daphne, "
        f"REST on gunicorn 4 workers, channels-redis, {args.messages} messages at "
        f"{args.rate:.0f}/s",
        flush=True,
    )
    with gunicorn(env) as http_port, daphne(env) as ws_port:
        baseline, rest = asyncio.run(_run(args, seed, ws_port, http_port))
    print(baseline.line())
    print(rest.line())
    print(
        f"p99 ratio REST/baseline: {rest.pct(99) / baseline.pct(99):.2f}  "
        f"(target: p99 < 50 ms -> {'PASS' if rest.pct(99) < 50 else 'FAIL'})"
    )
    return 0 if rest.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
