"""The channel layer: channels-redis's core layer with a bounded, *waiting* connection pool.

channels-redis opens one redis-py ``ConnectionPool`` per event loop, and redis-py's default pool
has no real limit (2**31): every coroutine that runs a Redis command while the others are busy
opens one more connection, so the count grows with the concurrency of a reconnect storm (a
deploy restart: 1,000 sockets drop and come back at once, 1,000 ``group_discard`` then 1,000
``group_add``) and with the number of processes, up to Redis's ``maxclients`` or a hosted
plan's limit ("max number of clients reached"). Capping it the obvious way, ``max_connections``
on the stock pool, is worse: a command that finds the pool full fails at once with
"Too many connections" (measured: 263 failed ``group_add``/``group_discard`` in one 1,000-socket
storm with a cap of 20), so sockets stay open but never join their group, and dropped channels
stay members until ``group_expiry``.

``BoundedRedisChannelLayer`` swaps in redis-py's ``BlockingConnectionPool``: at most
``pool_size`` connections per event loop, and a command that finds them all busy *waits* (up to
``pool_timeout`` seconds) for one to come back instead of failing. Commands are sub-millisecond,
so a queue of 1,000 drains in well under a second. ``client_name`` tags the connections
(``CLIENT LIST``) so they can be counted per deployment.
"""

from typing import Any

from channels_redis.core import RedisChannelLayer
from redis import asyncio as aioredis


class BoundedRedisChannelLayer(RedisChannelLayer):
    def __init__(
        self,
        *args: Any,
        pool_size: int = 50,
        pool_timeout: float = 10.0,
        client_name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The receive loop holds one connection in BZPOPMIN for up to brpop_timeout seconds.
        self.pool_size = max(int(pool_size), 4)
        self.pool_timeout = pool_timeout
        self.client_name = client_name

    def create_pool(self, index: int) -> aioredis.BlockingConnectionPool:
        host = dict(self.hosts[index])
        options: dict[str, Any] = {"max_connections": self.pool_size, "timeout": self.pool_timeout}
        if self.client_name and "client_name" not in host:
            options["client_name"] = self.client_name
        if "address" in host:
            address = host.pop("address")
            return aioredis.BlockingConnectionPool.from_url(address, **options, **host)
        if "master_name" in host:  # Sentinel: keep channels-redis's own pool
            return super().create_pool(index)
        return aioredis.BlockingConnectionPool(**options, **host)
