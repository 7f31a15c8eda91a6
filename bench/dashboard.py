"""User dashboard API p99 on PostgreSQL with the issue's dataset (target < 50 ms).

10,000 active listings, 100,000 page-view rows (``PageViewDaily``: one per page and day),
10,000 leads and 5,000 delivered orders, spread over many users; the measured user owns 100
pages with 30 days of views, 2,000 of the leads and 1,000 of the sales (a busy seller, the
worst case the dashboard meets). gunicorn serves the app as in production; a fixed request
rate goes to ``/healthz`` (the baseline) and to ``GET /api/dashboard/stats`` with a JWT,
answered from the per-user cache (``dashboard.cache``) after the first request, as a
dashboard's refetches are. A second server with the cache off shows the cold cost of the
aggregates at a fifth of the rate.
"""

import argparse
import sys

from .harness import bench_env, fixed_rate, gunicorn, load_average, manage, redis_env

SEED = """
import random
from datetime import timedelta
from django.db import connection
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken
from accounts.models import User
from marketplace.models import Category, ListingRevision, MarketplacePage
from orders.models import Order
from pages.models import Lead, Page, PageViewDaily
N_LISTINGS, N_VIEW_ROWS, N_LEADS, N_ORDERS = {listings}, {views}, {leads}, {orders}
MARK = "bench-dash@example.com"
if not User.objects.filter(email=MARK).exists():
    rng = random.Random(11)
    today, now, days = timezone.localdate(), timezone.now(), 30
    me = User.objects.create_user(email=MARK, name="Bench dashboard", password=None)
    others = User.objects.bulk_create(
        [User(email=f"bench-dash-{{i}}@example.com", name=f"B{{i}}") for i in range(N_ORDERS)])
    n_pages = N_VIEW_ROWS // days
    owners = [me] * 100 + [others[i % 200] for i in range(n_pages - 100)]
    pages = Page.objects.bulk_create(
        [Page(owner=o, title=f"Bench {{i}}", slug=f"bench-dash-{{i}}", status="published",
              views=rng.randint(0, 5000)) for i, o in enumerate(owners)], batch_size=2000)
    PageViewDaily.objects.bulk_create(
        [PageViewDaily(page=p, date=today - timedelta(days=d), views=rng.randint(0, 300))
         for p in pages for d in range(days)], batch_size=5000)
    Lead.objects.bulk_create(
        [Lead(page=pages[i % 100] if i < 2000 else rng.choice(pages),
              data={{"name": "Lan", "email": f"l{{i}}@example.vn"}}) for i in range(N_LEADS)],
        batch_size=5000)
    # spread the leads over the month
    with connection.cursor() as c:
        c.execute("UPDATE pages_lead SET created_at = now() - (id % 30) * interval '1 day'")
    cat = Category.objects.first()
    def listing(seller, i):
        return MarketplacePage(seller=seller, title=f"Tpl {{i}}", category=cat, price=99000,
                               status="ACTIVE", approved_at=now)
    mine = MarketplacePage.objects.bulk_create([listing(me, i) for i in range(50)])
    fill = max(100, N_LISTINGS - MarketplacePage.objects.filter(status="ACTIVE").count())
    theirs = MarketplacePage.objects.bulk_create(
        [listing(others[i % 200], i) for i in range(fill)], batch_size=2000)[:100]
    revisions = ListingRevision.objects.bulk_create(
        [ListingRevision(listing=l, number=1, status="APPROVED", title=l.title, category=cat,
                         price=l.price) for l in mine + theirs])
    rev = {{r.listing_id: r for r in revisions}}
    orders = []
    for i in range(N_ORDERS):
        if i < 1000:
            item, buyer = mine[i % 50], others[i]
        elif i % 50 == 0:
            item, buyer = theirs[(i // 50) % 100], me
        else:
            item, buyer = theirs[i % 100], others[i]
        when = now - timedelta(days=rng.randint(0, 29), hours=rng.randint(0, 23))
        orders.append(Order(order_id=f"BD{{i:07d}}", buyer=buyer, seller_id=item.seller_id,
            marketplace_page=item, revision=rev[item.pk], amount=99000, platform_fee=9900,
            seller_revenue=89100, status="delivered", payment_method="momo",
            transaction_id=f"BD{{i}}", delivered_at=when))
    Order.objects.bulk_create(orders, batch_size=2000)
    with connection.cursor() as c:
        c.execute("ANALYZE")
print(str(AccessToken.for_user(User.objects.get(email=MARK))))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args(argv)

    env = bench_env(**redis_env())
    if "postgres" not in env["DATABASE_URL"]:
        print("This benchmark runs on PostgreSQL: set BENCH_DATABASE_URL.", file=sys.stderr)
        return 2
    manage("migrate", "--noinput", env=env)
    seed = SEED.format(listings=10_000, views=100_000, leads=10_000, orders=5_000)
    token = manage("shell", "-v0", "-c", seed, env=env).strip().splitlines()[-1]
    counts = manage(
        "shell",
        "-v0",
        "-c",
        "from pages.models import *; from orders.models import Order; "
        "from marketplace.models import MarketplacePage as M; "
        "print(M.objects.filter(status='ACTIVE').count(), PageViewDaily.objects.count(), "
        "Lead.objects.count(), Order.objects.filter(status='delivered').count())",
        env=env,
    ).split()
    path = "/api/dashboard/stats"
    print(
        f"dashboard: {counts[0]} active listings, {counts[1]} page-view rows, {counts[2]} leads, "
        f"{counts[3]} delivered orders; {args.rate:.0f} req/s for {args.seconds:.0f} s, "
        f"gunicorn 4 workers (2 cores), PostgreSQL; load average {load_average()}"
    )
    auth = {"Authorization": f"Bearer {token}"}
    with gunicorn(env) as port:
        fixed_rate("warm-up", port, path, rate=args.rate, seconds=2, headers=auth)
        baseline = fixed_rate(
            "baseline GET /healthz", port, "/healthz", rate=args.rate, seconds=args.seconds
        )
        stats = fixed_rate(
            f"GET {path} (cached)", port, path, rate=args.rate, seconds=args.seconds, headers=auth
        )
    cold_rate = max(args.rate / 5, 1.0)
    with gunicorn(bench_env(DASHBOARD_CACHE_SECONDS="0", **redis_env())) as port:
        fixed_rate("warm-up", port, path, rate=cold_rate, seconds=2, headers=auth)
        cold = fixed_rate(
            f"cache off, {cold_rate:.0f} req/s", port, path, rate=cold_rate,
            seconds=args.seconds, headers=auth,
        )  # fmt: skip
    print(f"load average {load_average()}")
    print(baseline.line())
    print(stats.line())
    print(cold.line())
    print(
        f"p99 ratio dashboard/baseline: {stats.pct(99) / baseline.pct(99):.2f}  "
        f"(target: dashboard p99 < 50 ms -> {'PASS' if stats.pct(99) < 50 else 'FAIL'})"
    )
    return 0 if stats.errors == 0 and baseline.errors == 0 and cold.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
