"""``python -m bench [scenario ...]`` (``make bench``): runs the named scenarios, or all."""

import importlib
import sys

SCENARIOS = [
    "published_page",
    "marketplace_list",
    "dashboard",
    "support_chat",
    "mixed_load",
    "lighthouse",
]


def main(argv: list[str]) -> int:
    names = [a for a in argv if a in SCENARIOS] or SCENARIOS
    rest = [a for a in argv if a not in SCENARIOS]  # options, passed on when one scenario runs
    status = 0
    for name in names:
        print(f"== {name} ==", flush=True)
        module = importlib.import_module(f"bench.{name}")
        status |= module.main(rest if len(names) == 1 else [])
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
