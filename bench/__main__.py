"""``python -m bench [scenario ...] [options]`` (``make bench``): runs the named scenarios, or
all of them. ``python -m bench --help`` lists the scenarios and their options and starts
nothing; ``python -m bench <scenario> --help`` prints that scenario's options in full."""

import contextlib
import importlib
import io
import sys

SCENARIOS = [
    "published_page",
    "marketplace_list",
    "dashboard",
    "support_chat",
    "mixed_load",
    "lighthouse",
]
HELP = {"-h", "--help"}


def scenario_help(name: str) -> str:
    """The scenario's own argparse help (every ``main`` parses its arguments before it starts
    anything, so ``--help`` exits there)."""
    module = importlib.import_module(f"bench.{name}")
    out = io.StringIO()
    argv0, sys.argv[0] = sys.argv[0], f"python -m bench {name}"
    try:
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            module.main(["--help"])
    finally:
        sys.argv[0] = argv0
    return out.getvalue()


def overview() -> str:
    lines = [__doc__.strip(), "", "scenarios:"]
    for name in SCENARIOS:
        text = scenario_help(name)
        doc = (importlib.import_module(f"bench.{name}").__doc__ or "").strip()
        summary = " ".join(doc.split("\n\n", 1)[0].split()).split(". ", 1)[0]
        options = text.split("options:", 1)[1] if "options:" in text else ""
        lines.append(f"\n  {name}: {summary}")
        lines += [f"  {line}" for line in options.strip("\n").splitlines() if "--help" not in line]
    lines.append("\nEnvironment: BENCH_DATABASE_URL (PostgreSQL), BENCH_REDIS_URL (Redis).")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    split = next((i for i, a in enumerate(argv) if a.startswith("-")), len(argv))
    names, rest = argv[:split], argv[split:]  # scenarios first, then one scenario's options
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        print(f"unknown scenario {unknown[0]!r}; one of: {', '.join(SCENARIOS)}", file=sys.stderr)
        return 2
    if HELP & set(rest):
        print(overview() if len(names) != 1 else scenario_help(names[0]))
        return 0
    if rest and len(names) != 1:
        print("options need exactly one scenario (python -m bench --help)", file=sys.stderr)
        return 2
    status = 0
    for name in names or SCENARIOS:
        print(f"== {name} ==", flush=True)
        module = importlib.import_module(f"bench.{name}")
        status |= module.main(rest)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
