"""The sandboxes' price lists: Xendit's fees per method and Biteship-like courier rates.

The figures are plausible, deterministic stand-ins (integer rupiah) so that settlement maths
downstream has real fees to split; they are not the providers' contracts.
"""

from __future__ import annotations

import math

# Xendit invoice fees, VAT (PPN 11%) included
_FLAT_FEES = {"BANK_TRANSFER": 4_440, "RETAIL_OUTLET": 5_550, "DIRECT_DEBIT": 2_220}
_PERCENT_FEES = {"EWALLET": 0.01665, "QR_CODE": 0.00777, "CREDIT_CARD": 0.0322, "PAYLATER": 0.0255}


def xendit_fee(payment_method: str, amount: int) -> int:
    """The gateway fee Xendit keeps from ``amount`` paid with ``payment_method``."""
    method = payment_method.upper()
    if method in _PERCENT_FEES:
        return max(1, round(amount * _PERCENT_FEES[method]))
    return min(_FLAT_FEES.get(method, 4_440), amount)


# courier → [(service code, service name, type, base price, price per kg, days)]
COURIERS: dict[str, list[tuple[str, str, str, int, int, str]]] = {
    "jne": [
        ("reg", "Reguler", "regular", 9_000, 9_000, "2 - 3"),
        ("yes", "Yakin Esok Sampai", "express", 18_000, 15_000, "1 - 1"),
    ],
    "sicepat": [
        ("reg", "Reguler", "regular", 8_000, 8_500, "2 - 3"),
        ("best", "Besok Sampai Tujuan", "express", 16_000, 14_000, "1 - 1"),
    ],
    "jnt": [("ez", "EZ", "regular", 8_500, 8_500, "2 - 3")],
    "anteraja": [("reg", "Regular", "regular", 8_000, 9_000, "2 - 4")],
}


def courier_price(
    base: int, per_kg: int, origin_postal_code: str, destination_postal_code: str, grams: int
) -> int:
    """A rate that grows with weight (whole kilograms) and with the postal-zone distance."""
    kilos = max(1, math.ceil(grams / 1000))
    zones = abs(int(origin_postal_code[:2]) - int(destination_postal_code[:2]))
    return base + per_kg * (kilos - 1) + 1_000 * min(zones, 40)
