"""Shared pieces of the benchmarks: a production-like server, a fixed-rate client, percentiles.

Rules: loopback only, bounded in count and time, the baseline
measured in the same run on the same server stack, latency measured from the *scheduled*
send time so a stalled server cannot hide its queue (no coordinated omission).
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH_DB = "postgres://postgres@127.0.0.1:5432/landinghub_bench"


def ensure_database(url: str) -> None:
    """Create the benchmark's own PostgreSQL database when it is missing (never the app's)."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def load_average() -> str:
    """The 1/5/15-minute load averages: every bench prints them before and after its run, since
    the 2 cores are often shared and a figure means little without them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def redis_env() -> dict[str, str]:
    """The cache on Redis, shared by every gunicorn worker as in production (a per-process
    local-memory cache would make each worker miss on its own and never see invalidations).
    Tasks stay eager: the benchmarks run no worker."""
    return {
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }


def bench_env(**extra: str) -> dict[str, str]:
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_BENCH_DB)
    ensure_database(database_url)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "landinghub.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "60",
        # The benchmark is the only client: throttles would measure themselves.
        "THROTTLE_ANON": "100000000/min",
        "THROTTLE_USER": "100000000/min",
        # The purchases' IPNs all come from 127.0.0.1, and the counts outlive a run in Redis.
        "THROTTLE_IPN": "100000000/min",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


@contextmanager
def gunicorn(
    env: dict[str, str], workers: int = 4, app: str = "landinghub.wsgi:application"
) -> Iterator[int]:
    """gunicorn (WSGI), as production serves HTTP (2 workers per core, the README's topology);
    yields its port and stops it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", app]
    command += ["-b", f"127.0.0.1:{port}", "-w", str(workers), "--log-level", "warning"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@dataclass
class Result:
    name: str
    sent: int
    errors: int
    latencies_ms: list[float]
    seconds: float

    def pct(self, p: float) -> float:
        data = sorted(self.latencies_ms)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, round(p / 100 * (len(data) - 1)))]

    def line(self) -> str:
        return (
            f"{self.name:<40} {self.sent / self.seconds:7.1f} req/s  p50 {self.pct(50):7.2f} ms"
            f"  p99 {self.pct(99):7.2f} ms  errors {self.errors}"
        )


def fixed_rate(
    name: str,
    port: int,
    path: str | list[str],
    *,
    rate: float,
    seconds: float,
    threads: int = 8,
    headers: dict[str, str] | None = None,
) -> Result:
    """Sends ``rate`` requests/s for ``seconds`` over ``threads`` keep-alive connections;
    with a list of paths, request ``i`` asks for ``paths[i % len(paths)]``."""
    paths = [path] if isinstance(path, str) else path
    request_headers = {"Host": "localhost", **(headers or {})}
    total = int(rate * seconds)
    start = time.monotonic() + 0.2
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker(index: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for i in range(index, total, threads):
            scheduled = start + i / rate
            delay = scheduled - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                conn.request("GET", paths[i % len(paths)], headers=request_headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            elapsed = (time.monotonic() - scheduled) * 1000
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1
        conn.close()

    pool = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return Result(name, total, errors, latencies, time.monotonic() - start)
