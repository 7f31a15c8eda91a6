"""Per-request cost of the API throttle, in process: ``allow_request`` timed ``--n`` times for
one client against Redis (``--redis``, default db 13, flushed first), DRF's sliding-window
``UserRateThrottle`` beside the project's fixed-window counter. Not a scenario of ``make bench``:
``python -m bench.throttle_cost``."""

import argparse
import os
import time

from .harness import load_average


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args(argv)
    os.environ.update(DJANGO_SETTINGS_MODULE="landinghub.settings.local", REDIS_URL=args.redis)
    import django

    django.setup()
    from django.core.cache import cache
    from rest_framework import throttling as drf
    from rest_framework.test import APIRequestFactory

    from landinghub.api import throttling as ours

    cache.clear()  # FLUSHDB on --redis only
    request = APIRequestFactory().get("/api/marketplace")
    request.user = type("U", (), {"is_authenticated": True, "pk": 1})()
    print(f"{args.n} x allow_request, Redis {args.redis}; load average {load_average()}")
    for label, cls in (("DRF UserRateThrottle", drf.UserRateThrottle),
                       ("fixed-window UserRateThrottle", ours.UserRateThrottle)):  # fmt: skip
        cls.rate = f"{args.n * 10}/min"  # never throttled: the history grows to n entries
        throttle = cls()
        throttle.allow_request(request, None)  # connect
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.n):
            assert throttle.allow_request(request, None)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"{label:<32} {wall / args.n * 1e3:.3f} ms wall, {cpu / args.n * 1e3:.3f} ms CPU"
              " per request")  # fmt: skip
        cache.clear()
    print(f"load average {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
