"""A least-recently-used cache with a time to live."""
import time
from collections import OrderedDict


class Cache:
    def __init__(self, ttl: float, size: int = 128):
        self.ttl = ttl
        self.size = size
        self._items: OrderedDict[str, tuple[float, object]] = OrderedDict()

    def now(self) -> float:
        return time.monotonic()

    def put(self, key: str, value: object) -> None:
        self._items[key] = (self.now(), value)
        self._items.move_to_end(key)
        self._evict()

    def get(self, key: str):
        entry = self._items.get(key)
        if entry is None or self.now() - entry[0] > self.ttl:
            return None
        self._items.move_to_end(key)
        return entry[1]

    def keys(self):
        return self._items.keys()

    def resize(self, size: int) -> None:
        self.size = size
        self._evict()

    def _evict(self) -> None:
        while len(self._items) > self.size:
            self._items.popitem(last=False)
