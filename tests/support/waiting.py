"""Polling until something is true, failing with what was being waited for and why."""

import asyncio
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def tail(log: Path, chars: int = 3000) -> str:
    """The end of a process's log file ("" while it does not exist)."""
    return log.read_text(errors="replace")[-chars:] if log.exists() else ""


def wait_for(
    predicate: Callable[[], Any],
    timeout: float,
    what: str,
    *,
    interval: float = 0.2,
    details: Callable[[], str] = str,
    procs: dict[str, tuple[subprocess.Popen, Path]] | None = None,
) -> Any:
    """Calls ``predicate`` every ``interval`` seconds until it returns something truthy, and
    returns that. Fails (``AssertionError``) after ``timeout`` seconds with ``details()``, or as
    soon as one of ``procs`` (name -> (process, log)) has exited, with the end of its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        for name, (proc, log) in (procs or {}).items():
            if proc.poll() is not None:
                raise AssertionError(f"{name} exited ({proc.returncode}):\n{tail(log)}")
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}\n{details()}")


async def wait_for_async(
    predicate: Callable[[], Any], timeout: float, what: str, *, interval: float = 0.2
) -> Any:
    """``wait_for`` from a coroutine: the (blocking) predicate runs in a thread."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = await asyncio.to_thread(predicate)
        if value:
            return value
        await asyncio.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def logs(procs: dict[str, tuple[subprocess.Popen, Path]]) -> str:
    """The end of every process's log, each under its name."""
    return "\n".join(f"--- {name}\n{tail(log)}" for name, (_, log) in procs.items())
