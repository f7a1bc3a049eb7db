from decimal import Decimal

import pytest

from shop.models import Order, round_price

@pytest.mark.parametrize(("price", "expected"), [("with space", 100), (99.5, 100)])
def test_price_rounding(price, expected):
    assert round_price(price) == 100


class TestOrder:
    """Order totals."""

    def test_lines(self):
        order = Order()
        order.add("A1", Decimal("4.99"))
        assert len(order.lines) == 1

    def test_total(self):
        order = Order(lines=[("A1", Decimal("4.99")), ("B2", Decimal("5.01"))])
        assert order.total() == Decimal("10.00")
