"""Django's Redis cache, with one Redis client per connection pool instead of a new one per
operation: building a client copies redis-py's ~300 response callbacks, which cost more than the
GET itself (0.14 against 0.06 ms here). Clients are thread-safe; the pools are Django's own."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _Client(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PageCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
