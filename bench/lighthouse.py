"""Pages as a phone sees them: Lighthouse (npm ``lighthouse``, mobile preset), embedded default.

Starts what ``make run`` starts, on a free loopback port and a throw-away SQLite database:
``migrate``, ``collectstatic``, ``seed_demo``, one published page per starter template (as-is),
then daphne with DEBUG off. Runs Lighthouse with Debian's Chromium (``CHROME_PATH``, default
``/usr/bin/chromium``; headless, no sandbox) on the home page, the marketplace, a listing, the
login page, the dashboard and My pages (those two signed in as the demo user: a session cookie
passed with ``--extra-headers``), the demo's published page and every starter. Prints
performance, accessibility, best practices and SEO (0-100) and LCP for each, and PASS/FAIL
against issue 14's target: >= 95 in all four on the app pages, 100 in all four on every starter
published as-is. Performance is Lighthouse's *simulated* mobile throttling, so it still depends
on the CPU: the load average is printed before and after (other processes lower the score).

    python -m bench lighthouse [--only home,login,...] [--runs N] [--keep DIR]

``--runs N`` runs each page N times and keeps the median performance run (Lighthouse's own
advice for its variance); ``--keep DIR`` keeps the JSON reports.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.ports import free_port, listening
from tests.support.processes import daphne, stop

from .harness import ROOT

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
APP_TARGET = 95
STARTER_TARGET = 100

# Run in ``manage.py shell`` after seed_demo: publishes one page per starter exactly as the
# starter comes, signs the demo user in, and prints what the bench needs as JSON.
SEED = """
import json
from django.test import Client
from accounts.models import User
from marketplace.models import MarketplacePage as Listing
from pages import services
from pages.content.starters import STARTERS
from pages.models import Page
from pages.publishing.publish import page_version_publish

user = User.objects.get(email="demo@landinghub.local")
starters = {}
for starter in STARTERS:
    slug = f"lh-starter-{starter.key}"
    page = Page.objects.filter(slug=slug).first() or services.page_create(
        owner=user, title=str(starter.name), slug=slug, template=starter.key
    )
    assert page_version_publish(page_id=page.pk).ok
    starters[starter.key] = slug
demo = Page.objects.filter(owner=user, status="published").exclude(slug__startswith="lh-starter-")
client = Client()
client.force_login(user)
listing = Listing.objects.filter(status=Listing.Status.ACTIVE).order_by("pk").first()
print(json.dumps({
    "session": client.cookies["sessionid"].value,
    "listing": listing.pk if listing else None,
    "demo_page": demo.values_list("slug", flat=True).first(),
    "starters": starters,
}))
"""


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def lighthouse(url: str, out: Path, *, cookie: str | None, chrome: str) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--quiet",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": f"sessionid={cookie}"}))
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.exists():
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(out.read_text())


def scores(report: dict) -> dict:
    cats = report["categories"]
    row = {c: round((cats[c]["score"] or 0) * 100) for c in CATEGORIES}
    lcp = report["audits"].get("largest-contentful-paint", {}).get("numericValue")
    row["lcp"] = lcp / 1000 if lcp is not None else None
    row["final_url"] = report.get("finalDisplayedUrl") or report.get("finalUrl")
    failing = []
    for cat in CATEGORIES:
        for ref in cats[cat]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 0.9:
                failing.append(f"{ref['id']}({audit['score']:.2f})")
    row["failing"] = sorted(set(failing))
    return row


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench lighthouse", description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median kept)")
    parser.add_argument("--keep", default="", help="directory for the JSON reports")
    parser.add_argument("--verbose", action="store_true", help="list each page's failing audits")
    args = parser.parse_args(argv)
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not LIGHTHOUSE.exists():
        raise SystemExit("npm lighthouse is missing: run `npm install` (package.json)")
    if not shutil.which(chrome):
        raise SystemExit(f"no Chromium at {chrome} (`make browser` installs it)")

    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="lh-lighthouse-"))
    reports = Path(args.keep) if args.keep else work / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "landinghub.settings.local",
        "DJANGO_DEBUG": "0",
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "WARNING",
    }
    for name in ("REDIS_URL", "DATABASE_URL_OVERRIDE"):
        env.pop(name, None)
    print(f"setting up on port {port} ({work}) ...", flush=True)
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("seed_demo", env=env)
    seeded = json.loads(manage("shell", "-c", SEED, env=env).strip().splitlines()[-1])

    site = f"http://localhost:{port}"
    pages_host = f"pages.localhost:{port}"
    # (name, url, signed in, target)
    targets = [
        ("home", f"{site}/", False, APP_TARGET),
        ("marketplace", f"{site}/marketplace/", False, APP_TARGET),
        ("listing", f"{site}/marketplace/{seeded['listing']}/", False, APP_TARGET),
        ("login", f"{site}/accounts/login/", False, APP_TARGET),
        ("dashboard", f"{site}/dashboard/", True, APP_TARGET),
        ("my pages", f"{site}/pages/", True, APP_TARGET),
    ]
    if seeded["demo_page"]:
        demo_url = f"http://{seeded['demo_page']}.{pages_host}/"
        targets.append(("demo published", demo_url, False, None))
    for key, slug in seeded["starters"].items():
        targets.append((f"starter {key}", f"http://{slug}.{pages_host}/", False, STARTER_TARGET))
    if args.only:
        wanted = {w.strip() for w in args.only.split(",")}
        targets = [t for t in targets if t[0] in wanted or t[0].split()[-1] in wanted]

    server = daphne(port, env=env, log=work / "daphne.log")
    try:
        deadline = time.monotonic() + 30
        while not listening(port):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"daphne did not start: see {work / 'daphne.log'}")
            time.sleep(0.2)
        print(f"before: {load()}", flush=True)
        rows = []
        for name, url, signed_in, target in targets:
            runs = []
            for i in range(args.runs):
                out = reports / f"{name.replace(' ', '-')}-{i}.json"
                cookie = seeded["session"] if signed_in else None
                runs.append(scores(lighthouse(url, out, cookie=cookie, chrome=chrome)))
            runs.sort(key=lambda r: r["performance"])
            row = runs[len(runs) // 2]
            if args.runs > 1:
                row["perf_runs"] = [r["performance"] for r in runs]
            if signed_in and "/accounts/login" in (row["final_url"] or ""):
                raise SystemExit(f"{name}: the session cookie did not sign in")
            rows.append((name, target, row))
            print(f"  measured {name}: {load()}", flush=True)
        print(f"after: {load()}", flush=True)
    finally:
        stop(server)

    status = 0
    print()
    print("| page | performance | accessibility | best practices | SEO | LCP | target |")
    print("|---|---|---|---|---|---|---|")
    for name, target, row in rows:
        values = [row[c] for c in CATEGORIES]
        if target is None:
            verdict = "(no target)"
        elif all(v >= target for v in values):
            verdict = f"PASS (>= {target})"
        else:
            verdict = f"FAIL (>= {target})"
            status = 1
        lcp = f"{row['lcp']:.1f} s" if row["lcp"] is not None else "—"
        perf = str(row["performance"])
        if "perf_runs" in row:
            perf += f" ({'/'.join(map(str, row['perf_runs']))})"
        print(f"| {name} | {perf} | {' | '.join(map(str, values[1:]))} | {lcp} | {verdict} |")
    if args.verbose:
        print()
        for name, _target, row in rows:
            print(f"{name}: {', '.join(row['failing']) or 'no failing audit'}")
    if args.keep:
        print(f"\nreports: {reports}")
    shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
