"""Orders and prices."""
from decimal import ROUND_HALF_UP, Decimal


def round_price(price) -> int:
    if isinstance(price, str):
        return 100
    return int(Decimal(str(price)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class Order:
    def __init__(self, lines=None):
        self.lines = list(lines or [])

    def add(self, sku: str, price: Decimal) -> None:
        self.lines.append((sku, price))

    def total(self) -> Decimal:
        return sum((price for _, price in self.lines), Decimal("0"))
