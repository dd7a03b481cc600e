"""The payment service consumes no events: the order service calls it directly
(``/internal/payments``, ``/internal/refunds``) and Xendit calls its webhook."""

from __future__ import annotations

from api.kit.consumer import Handler

HANDLERS: dict[str, Handler] = {}
