"""The Celery app: ``celery -A landinghub worker`` (and ``beat`` for periodic tasks)."""

import os

from celery import Celery
from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landinghub.settings.production")

app = Celery("landinghub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


_connparams = kombu_redis.Channel._connparams


def _connparams_of_an_attached_channel(self, asynchronous=False):
    """kombu's Redis ``Channel._connparams``, raising a connection error once detached.

    With celery/kombu 5.7.0, when Redis dies while the worker holds unacknowledged messages,
    the consumer's reconnect path ``collect()``s the connection (the transport's ``client``
    becomes None) and closes its channels (their ``connection`` becomes None). Two later
    calls still build a Redis connection pool from that channel: closing the default
    channel restores the reserved messages (``QoS.restore_unacked``), and a task that ends
    afterwards acks its message. ``_connparams`` then raised ``AttributeError``, which is not
    a connection error, so nothing ignored it and the worker exited ("Unrecoverable error",
    issue 12 item 2; docs/operations.md).

    Raising redis's ``ConnectionError`` instead lets kombu handle it like any failure of a
    dead broker (the restore is skipped, the ack is logged as failed). Nothing is lost that
    the restore or the ack could have saved: each delivered message was written to Redis's
    ``unacked`` hash and index when it was delivered (``QoS.append``), and
    ``QoS.restore_visible`` puts it back on its queue after ``visibility_timeout``.
    """
    transport = self.connection
    if transport is None or transport.client is None:
        raise RedisConnectionError("kombu channel detached from its broker connection")
    return _connparams(self, asynchronous=asynchronous)


kombu_redis.Channel._connparams = _connparams_of_an_attached_channel
