"""Starting and stopping the real processes some tests run: redis-server, daphne and Celery
(worker and beat), each on this checkout's code."""

import shutil
import subprocess
import sys
from pathlib import Path

from .ports import listening
from .waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")

# The editable install's import finder may resolve the apps to another checkout (the one the
# virtualenv was installed from); a process a test starts must import this tree's code (cwd and
# PYTHONPATH), so it drops that finder before importing anything of the project.
THIS_TREE = (
    "import sys; sys.meta_path[:] = [f for f in sys.meta_path"
    " if 'editable' not in repr(f).lower()];"
)
# A worker that only runs the tasks it is sent: no heartbeat, gossip or mingle with others.
SOLO_WORKER = ["--pool=solo", "--without-heartbeat", "--without-gossip", "--without-mingle"]


def python_c(code: str, *args: str) -> list[str]:
    """``python -c code args...`` on this tree's code."""
    return [sys.executable, "-c", f"{THIS_TREE} {code}", *args]


def python_m(module: str, *args: str) -> list[str]:
    """``python -m module args...`` on this tree's code."""
    run = (
        f"import runpy; sys.argv = [{module!r}] + sys.argv[1:];"
        f" runpy.run_module({module!r}, run_name='__main__', alter_sys=True)"
    )
    return python_c(run, *args)


def spawn(
    command: list[str], *, env: dict[str, str], log: Path, stderr_only: bool = False
) -> subprocess.Popen:
    """Starts ``command`` in the repository's root, its output appended to ``log`` (only its
    stderr with ``stderr_only``)."""
    out = log.open("ab")
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL if stderr_only else out,
        stderr=out if stderr_only else subprocess.STDOUT,
    )


def stop(proc: subprocess.Popen, *, grace: float = 10) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds (at once with ``grace=0``); reaps it."""
    if proc.poll() is None:
        if grace:
            proc.terminate()
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                proc.kill()
        else:
            proc.kill()
    proc.wait(timeout=10)


def redis_server(port: int) -> subprocess.Popen:
    """A private, empty redis-server (no persistence) on the loopback ``port``, listening."""
    assert REDIS_SERVER, "redis-server is not installed (the README's set-up installs it)"
    proc = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1",
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(lambda: listening(port), 10, f"redis-server on port {port}", interval=0.05)
    except AssertionError:
        proc.kill()
        proc.wait()
        raise
    return proc


def daphne(
    port: int, *, env: dict[str, str], log: Path, verbosity: int | None = None, **options
) -> subprocess.Popen:
    """The site under a daphne process on the loopback ``port`` (not waited for)."""
    args = ["-b", "127.0.0.1", "-p", str(port)]
    if verbosity is not None:
        args += ["-v", str(verbosity)]
    return spawn(
        python_m("daphne", *args, "landinghub.asgi:application"), env=env, log=log, **options
    )


def celery(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    """``celery -A landinghub args...`` (a worker, beat) on this tree's code."""
    return spawn(python_m("celery", "-A", "landinghub", *args), env=env, log=log)
