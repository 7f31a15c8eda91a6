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
import tempfile
import time
from contextlib import contextmanager

import httpx
import websockets

from tests.support import free_port, python_m

from .harness import ROOT, Result, bench_env, gunicorn, manage

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
def daphne(env: dict[str, str], app: str = "landinghub.asgi:application"):
    port = free_port()
    command = python_m("daphne", "-b", "127.0.0.1", "-p", str(port), "-v", "0", app)
    proc = subprocess.Popen(command, cwd=ROOT, env=env)
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


class _Inbox:
    """Reads the admin's socket all along and stamps each frame as it arrives, so a frame is
    timed at its arrival, not when the client gets round to waiting for it."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.waiting: dict[tuple[str, object], asyncio.Future] = {}
        self.task = asyncio.create_task(self._read())

    def expect(self, event: str, key: object) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.waiting[(event, key)] = future
        return future

    async def _read(self) -> None:
        async for raw in self.ws:
            arrived = (time.perf_counter(), time.time())
            frame = json.loads(raw)
            data = frame.get("data") or {}
            key = data.get("i") if frame["event"] == "bench:ping" else data.get("client_id")
            future = self.waiting.pop((frame["event"], key), None)
            if future is not None and not future.done():
                future.set_result(arrived)


async def _run(args, seed: dict, ws_port: int, http_port: int) -> dict[str, Result]:
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
    inbox = _Inbox(admin_ws)
    print(f"{len(sockets) + 1} sockets connected", flush=True)

    layer = RedisChannelLayer(hosts=[os.environ["BENCH_REDIS_URL_RESOLVED"]], prefix="landinghub")
    group = f"user.{seed['admin_id']}"
    baseline, rest, responses, samples = [], [], [], []
    errors = 0
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{http_port}",
        headers={"Authorization": f"Bearer {seed['user']}", "Host": "localhost"},
        timeout=10,
    ) as http:
        for i in range(args.warmup + args.messages):
            ping = inbox.expect("bench:ping", i)
            t0 = time.perf_counter()
            await layer.group_send(
                group, {"type": "realtime.event", "event": "bench:ping", "data": {"i": i}}
            )
            t1, _ = await asyncio.wait_for(ping, 10)
            client_id = f"bench-{time.time_ns()}-{i}"
            frame = inbox.expect("chat:new_message", client_id)
            posted = time.time()
            t2 = time.perf_counter()
            response = await http.post(
                f"/api/chat/rooms/{seed['room']}/messages",
                json={"message": f"bench {i}", "client_id": client_id},
            )
            t_response = time.perf_counter()
            if response.status_code != 201:
                errors += 1
                inbox.waiting.pop(("chat:new_message", client_id), None)
                continue
            t3, arrived = await asyncio.wait_for(frame, 10)
            if i >= args.warmup:
                baseline.append((t1 - t0) * 1000)
                rest.append((t3 - t2) * 1000)
                responses.append((t_response - t2) * 1000)
                samples.append(
                    {
                        "id": response.json()["message"]["id"],
                        "posted": posted,
                        "response": posted + (t_response - t2),
                        "arrived": arrived,
                        "latency": (t3 - t2) * 1000,
                        "n": i,
                    }
                )
            await asyncio.sleep(1 / args.rate)
    inbox.task.cancel()
    for ws in [*sockets, admin_ws]:
        await ws.close()
    seconds = args.messages / args.rate
    return {
        "baseline": Result("baseline group_send → socket", len(baseline), 0, baseline, seconds),
        "rest": Result("REST POST → other side's socket", len(rest), errors, rest, seconds),
        "response": Result("REST POST → its 201", len(responses), errors, responses, seconds),
        "samples": samples,
    }


SEGMENTS = [  # (label, from, to): consecutive hops of one message
    ("client POST → view starts", "posted", "request"),
    ("view → commit", "request", "committed"),
    ("commit → publishing starts", "committed", "send_started"),
    ("1st group_send (Redis)", "send_started", "first_send"),
    ("group_send → daphne consumer", "first_send", "received"),
    ("consumer → client has frame", "received", "arrived"),
    ("(all sends done)", "committed", "delivered"),
    ("(sends done → view returns)", "delivered", "returned"),
    ("(view returns → client has 201)", "returned", "response"),
]


def _decompose(samples: list[dict], trace_file: str, slowest: int = 8) -> None:
    hops: dict[int, dict] = {}
    pauses: list[dict] = []
    with open(trace_file) as f:
        for line in f:
            entry = json.loads(line)
            if entry["hop"] == "gc":
                pauses.append(entry)
                continue
            entry[f"{entry['hop']}_pid"] = entry.pop("pid")
            hops.setdefault(entry.pop("id"), {}).update(entry)
    rows = [{**hops.get(s["id"], {}), **s} for s in samples]
    rows = [r for r in rows if all(r.get(k) for _, a, b in SEGMENTS for k in (a, b))]
    print(f"decomposition of {len(rows)} messages (ms; wall clock shared by all processes):")
    for label, a, b in SEGMENTS:
        values = Result(label, 0, 0, [(r[b] - r[a]) * 1000 for r in rows], 1)
        print(
            f"  {label:<34} p50 {values.pct(50):7.2f}  p99 {values.pct(99):7.2f}"
            f"  max {values.pct(100):7.2f}"
        )
    print(f"the {slowest} slowest, hop by hop:")
    for r in sorted(rows, key=lambda r: -r["latency"])[:slowest]:
        parts = "  ".join(f"{(r[b] - r[a]) * 1000:6.1f}" for _, a, b in SEGMENTS[:6])
        before = sum(
            1 for o in rows if o["deliver_pid"] == r["deliver_pid"] and o["posted"] < r["posted"]
        )
        during = [
            f"gen{p['generation']} gc {p['ms']:.0f} ms in {p['server']} {p['pid']}"
            for p in pauses
            if r["posted"] <= p["start"] <= r["arrived"]
        ]
        print(
            f"  {r['latency']:7.1f} ms = {parts}   (message {r['n']}, gunicorn worker"
            f" {r['deliver_pid']}, after {before} measured messages on it)"
            + (f"  during: {', '.join(during)}" if during else "")
        )
    first, last = samples[0]["posted"], samples[-1]["arrived"]
    measured = [p for p in pauses if first <= p["start"] <= last]
    print(f"collections of 5 ms or more while measuring: {len(measured)}")
    for p in measured:
        print(
            f"  {p['server']} {p['pid']}: gen{p['generation']} {p['ms']:.1f} ms"
            f" ({p['collected']} collected)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--users", type=int, default=200, help="distinct users behind them")
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--rate", type=float, default=20.0, help="messages per second")
    parser.add_argument(
        "--trace", action="store_true", help="stamp every hop and print where the time goes"
    )
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
        f"{args.rate:.0f}/s  (load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})",
        flush=True,
    )
    wsgi, asgi = "landinghub.wsgi:application", "landinghub.asgi:application"
    trace_file = ""
    if args.trace:
        fd, trace_file = tempfile.mkstemp(prefix="support_chat_trace_", suffix=".jsonl")
        os.close(fd)
        env["BENCH_TRACE_FILE"] = trace_file
        wsgi, asgi = "bench.tracing:wsgi_application", "bench.tracing:asgi_application"
    wsgi_env = {**env, "BENCH_TRACE_SERVER": "wsgi"} if args.trace else env
    asgi_env = {**env, "BENCH_TRACE_SERVER": "asgi"} if args.trace else env
    with gunicorn(wsgi_env, app=wsgi) as http_port, daphne(asgi_env, app=asgi) as ws_port:
        results = asyncio.run(_run(args, seed, ws_port, http_port))
    baseline, rest = results["baseline"], results["rest"]
    print(baseline.line())
    print(rest.line())
    print(results["response"].line())
    print(
        f"p99 ratio REST/baseline: {rest.pct(99) / baseline.pct(99):.2f}  "
        f"(target: p99 < 50 ms -> {'PASS' if rest.pct(99) < 50 else 'FAIL'})"
        f"  load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    if trace_file:
        _decompose(results["samples"], trace_file)
        os.unlink(trace_file)
    return 0 if rest.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
