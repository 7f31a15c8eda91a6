"""Published page vs the framework's own minimal view, on the same server stack, same run.

Seeds one published page of about 20 KB (a starter template padded with content sections),
serves the app with gunicorn (4 workers, the README's production topology on 2 cores) and
drives both URLs closed-loop over keep-alive connections: ``GET /healthz`` (a minimal Django
JSON view through the whole middleware stack, the baseline) and ``GET /`` with the page's
``Host`` (answered by ``PublishedPagesMiddleware``: one cache lookup, one cache ``INCR`` for
the view count, bytes from the in-process cache). Prints req/s and p99 of each and the ratio
(target: published >= 0.7 x baseline req/s).
"""

import argparse
import http.client
import os
import sys
import tempfile
import threading
import time

from .harness import Result, bench_env, gunicorn, load_average, manage

PAGES_DOMAIN = "pages.bench"
SEED = """
from accounts.models import User
from pages.models import Page
from pages import services
from pages.publishing.publish import page_version_publish
owner, _ = User.objects.get_or_create(email="bench-pages@example.com", defaults={"name": "Bench"})
Page.objects.filter(slug="bench-page").delete()
page = services.page_create(
    owner=owner, title="Bench page", slug="bench-page", template="product-launch"
)
text = "Nội dung trang đích cho doanh nghiệp Việt. " * 8
section = '<section class="lh-section"><h2>Phần %d</h2><p>' + text + "</p></section>"
html = page.html_content
while len(html.encode()) < 16500:
    html += section % len(html)
services.page_update(page=page, html_content=html)
assert page_version_publish(page_id=page.pk).ok
page.refresh_from_db()
print(page.slug)
"""


def closed_loop(
    name: str, port: int, path: str, host: str, *, seconds: float, threads: int
) -> tuple[Result, int]:
    latencies: list[float] = []
    errors = 0
    size = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors, size
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        local: list[float] = []
        bad = 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": host})
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200
                size = len(body)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            local.append((time.perf_counter() - started) * 1000)
            bad += 0 if ok else 1
        conn.close()
        with lock:
            latencies.extend(local)
            errors += bad

    start = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return Result(name, len(latencies), errors, latencies, time.monotonic() - start), size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; medians")
    args = parser.parse_args(argv)

    media = tempfile.mkdtemp(prefix="lh-bench-media-")
    env = bench_env(PUBLISHED_PAGES_DOMAIN=PAGES_DOMAIN, MEDIA_ROOT=media)
    os.environ.setdefault("PGCONNECT_TIMEOUT", "5")
    if "postgres" not in env["DATABASE_URL"]:
        print("Set BENCH_DATABASE_URL to a PostgreSQL database.", file=sys.stderr)
    manage("migrate", "--noinput", env=env)
    slug = manage("shell", "-c", SEED, env=env).strip().splitlines()[-1]
    host = f"{slug}.{PAGES_DOMAIN}"
    print(f"published page: http://{host}/  gunicorn 4 workers, {args.threads} client threads,")
    print(
        f"closed loop, {args.rounds} alternating rounds of {args.seconds:.0f} s each, medians; "
        f"load average {load_average()}"
    )
    base_runs, page_runs, size = [], [], 0
    with gunicorn(env) as port:
        closed_loop("warm-up", port, "/", host, seconds=2, threads=args.threads)
        closed_loop("warm-up", port, "/healthz", "localhost", seconds=2, threads=args.threads)
        for _ in range(args.rounds):
            base_runs.append(
                closed_loop("baseline GET /healthz", port, "/healthz", "localhost",
                            seconds=args.seconds, threads=args.threads)[0]
            )  # fmt: skip
            result, size = closed_loop(
                f"published GET / ({host})", port, "/", host,
                seconds=args.seconds, threads=args.threads,
            )  # fmt: skip
            page_runs.append(result)
    base = sorted(base_runs, key=lambda r: r.sent / r.seconds)[len(base_runs) // 2]
    page = sorted(page_runs, key=lambda r: r.sent / r.seconds)[len(page_runs) // 2]
    print(f"load average {load_average()}")
    print(base.line())
    print(page.line() + f"  ({size / 1024:.1f} KB)")
    ratio = (page.sent / page.seconds) / (base.sent / base.seconds)
    spread = [
        round((p.sent / p.seconds) / (b.sent / b.seconds), 2)
        for b, p in zip(base_runs, page_runs, strict=True)
    ]
    verdict = "PASS" if ratio >= 0.7 else "FAIL"
    print(
        f"req/s ratio published/baseline: {ratio:.2f} (rounds {spread}; target >= 0.7: {verdict})"
    )
    print(f"p99 published/baseline: {page.pct(99) / base.pct(99):.2f}")
    return 0 if page.errors == 0 and base.errors == 0 and ratio >= 0.7 else 1


if __name__ == "__main__":
    raise SystemExit(main())
