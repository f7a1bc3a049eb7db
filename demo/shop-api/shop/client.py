"""A small HTTP client with retries (the demo's code under test)."""
import time
from dataclasses import dataclass, field


@dataclass
class Response:
    status_code: int
    body: dict = field(default_factory=dict)


@dataclass
class Page:
    items: list
    next: int | None


class ApiClient:
    def __init__(self, base_url: str, retries: int = 2, backoff: float = 0.1):
        self.base_url = base_url
        self.retries = retries
        self.backoff = backoff
        self.calls = 0
        self._failures: list[int] = []

    def fail_next(self, status: int, times: int = 1) -> None:
        self._failures.extend([status] * times)

    def _send(self, path: str) -> Response:
        self.calls += 1
        if self._failures:
            return Response(self._failures.pop(0))
        return Response(200, {"path": path})

    def get(self, path: str) -> Response:
        response = self._send(path)
        for _ in range(self.retries):
            if response.status_code != 503:
                break
            time.sleep(self.backoff)
            response = self._send(path)
        return response

    def page(self, cursor, size: int) -> Page:
        start = cursor if isinstance(cursor, int) else 1
        return Page(items=list(range(start, start + size)), next=start + 2)
