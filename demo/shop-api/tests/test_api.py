import time
import pytest
from shop.client import ApiClient


@pytest.fixture
def client():
    return ApiClient("https://api.example.com")

def test_get_user(client):
    response = client.get("/users/1")
    assert response.status_code == 200


def test_retry_backoff(client):
    """Retries a 503 with a backoff, within the request timeout."""
    # The client retries a 503 twice with a 0.1 s backoff, so three calls
    # should take a little over 0.2 s; shared runners are slower now and then.
    client.fail_next(503, times=2)
    started = time.monotonic()
    response = client.get("/users/1")
    # Measured around the whole call, retries included.
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert client.calls == 3
    # Each retry waits 0.1 s: two retries.
    assert elapsed >= 0.2
    # And it gives up waiting well before the request timeout.
    # (The timeout is 1 s.)
    assert elapsed < 0.5


class TestPagination:
    """Cursor pagination over /items."""

    @pytest.mark.parametrize(
        ("cursor", "size"),
        [(2, 50), ("ünï", 10)],
    )
    def test_next_page(self, client, cursor, size):
        first = client.page(1, size)
        page = first
        assert page.next == 3
        assert len(page.items) <= size

        page = client.page(cursor, size)
        assert page.items
