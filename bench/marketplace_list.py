"""Marketplace list p99 with 10,000 active listings on PostgreSQL (target < 25 ms).

Seeds the benchmark database (``BENCH_DATABASE_URL``, default a ``landinghub_bench`` database
on the local PostgreSQL), serves the app with gunicorn (2 workers, as in production) and sends
a fixed request rate to the minimal view (``/healthz``, the baseline) and to
``/api/marketplace?search=…&category=…&sort=popular``, printing p50/p99 side by side.
"""

import argparse
import os
import sys

from .harness import bench_env, fixed_rate, gunicorn, manage

SEED = """
import random
from accounts.models import User
from marketplace.models import Category, MarketplacePage, Tag
from marketplace.search import search_text_build
from django.utils import timezone
N = {n}
if MarketplacePage.objects.filter(status="ACTIVE").count() < N:
    MarketplacePage.objects.all().delete()
    seller, _ = User.objects.get_or_create(
        email="bench-seller@example.com", defaults={{"name": "Bench"}}
    )
    cats = list(Category.objects.all())
    words = ["banh mi", "pho", "spa", "bat dong san", "khoa hoc", "su kien", "app", "cafe",
             "nha hang", "thoi trang", "my pham", "du lich", "yoga", "tiếng anh", "xe hơi"]
    rng = random.Random(7)
    rows = []
    for i in range(N):
        title = f"{{rng.choice(words).title()}} {{rng.choice(words)}} template {{i}}"
        desc = " ".join(rng.choice(words) for _ in range(12))
        rows.append(MarketplacePage(seller=seller, title=title, description=desc,
            category=rng.choice(cats), price=rng.choice([0, 49000, 99000, 199000, 499000]),
            status="ACTIVE", likes=rng.randint(0, 500), views=rng.randint(0, 5000),
            sold_count=rng.randint(0, 50), approved_at=timezone.now(),
            search_text=search_text_build(title=title, description=desc, tags=[])))
    MarketplacePage.objects.bulk_create(rows, batch_size=1000)
print(MarketplacePage.objects.filter(status="ACTIVE").count())
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=100.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args(argv)

    env = bench_env()
    if "postgres" not in env["DATABASE_URL"]:
        print("This benchmark runs on PostgreSQL: set BENCH_DATABASE_URL.", file=sys.stderr)
        return 2
    os.environ.setdefault("PGCONNECT_TIMEOUT", "5")
    manage("migrate", "--noinput", env=env)
    count = manage("shell", "-c", SEED.format(n=args.listings), env=env).strip()
    manage(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('ANALYZE marketplace_marketplacepage')",
        env=env,
    )
    query = "/api/marketplace?search=banh&category=food-drink&sort=popular"
    print(
        f"marketplace list: {count} active listings, {args.rate:.0f} req/s "
        f"for {args.seconds:.0f} s, gunicorn 4 workers (2 cores), PostgreSQL"
    )
    with gunicorn(env) as port:
        fixed_rate("warm-up", port, query, rate=args.rate, seconds=2)
        baseline = fixed_rate(
            "baseline GET /healthz", port, "/healthz", rate=args.rate, seconds=args.seconds
        )
        listing = fixed_rate(f"GET {query}", port, query, rate=args.rate, seconds=args.seconds)
    print(baseline.line())
    print(listing.line())
    print(
        f"p99 ratio list/baseline: {listing.pct(99) / baseline.pct(99):.2f}  "
        f"(target: list p99 < 25 ms -> {'PASS' if listing.pct(99) < 25 else 'FAIL'})"
    )
    return 0 if listing.errors == 0 and baseline.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
