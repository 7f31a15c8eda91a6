"""Server start-up: load what the first requests would, then freeze it out of the collector.

CPython's full (generation 2) collection walks every object the process tracks. A gunicorn
worker tracks ~270,000 once Django, DRF and the URLconf with every view module are loaded,
and almost none of them ever become garbage, yet a full collection comes every few dozen
requests and walks them all: in the support-chat benchmark (README, "Benchmarks") it stopped
each worker for 180 to 525 ms once every ~60 requests: the chat REST path's ~200 ms tail.
``gc.freeze()`` moves everything alive at start-up into a permanent generation that no
collection walks again; cycles made afterwards (per request) are still collected, and the
collections that find them walk only what was made since. (The same call before ``fork()``
also keeps a preloading server's children from touching, and so copying, the parent's pages.)
"""

import gc

from django.urls import get_resolver


def warm_up_and_freeze() -> None:
    """Call once the WSGI application is built (``landinghub.wsgi``). Not in daphne: there the
    objects that matter are made later, per socket, and with its start-up set frozen the
    reconnect-storm test's handshakes timed out in 3 runs of 3 (cause not found; its pauses
    were not what the chat's tail was made of)."""
    get_resolver().reverse_dict  # noqa: B018  imports the URLconf, every view, builds reverse()
    gc.collect()  # start-up's own garbage goes now rather than into the frozen set
    gc.freeze()
