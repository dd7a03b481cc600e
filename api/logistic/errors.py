"""The logistic service's errors (subclasses of the kit's tree).

NotFound      ShipmentNotFound, NoRate
Unauthorized  SignatureRejected
"""

from __future__ import annotations

from api.kit.errors import NotFound, Unauthorized, Unprocessable


class ShipmentNotFound(NotFound):
    """No shipment with that id (or courier order id)."""


class NoRate(Unprocessable):
    """No courier serves that route (422 naming the destination)."""


class SignatureRejected(Unauthorized):
    """The webhook's HMAC signature did not match its body."""
