"""The kinds of message the service sends: category, placeholders, channels, WhatsApp template.

A kind is what a message *is* (a payment receipt, a verification code); a template renders one
kind for one channel and locale. The placeholders a kind declares are the only ones its templates
may use (checked when a template is saved) and the only parameters ``/internal/messages`` takes.
Secret placeholders are rendered into what is sent and masked in what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from api.events.values import Channel

Category = Literal["security", "transactional", "account", "marketing"]
CATEGORIES: tuple[Category, ...] = get_args(Category)
CHANNELS: tuple[Channel, ...] = get_args(Channel)
Locale = Literal["id", "en"]
LOCALES: tuple[Locale, ...] = get_args(Locale)
DEFAULT_LOCALE: Locale = "id"

# What a stored copy shows where a secret was sent.
SECRET_MASK = "••••••"

BUYER_CHANNELS: tuple[Channel, ...] = ("email", "sms", "whatsapp", "push", "in_app")
STAFF_CHANNELS: tuple[Channel, ...] = ("email", "push", "in_app")


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of message and what its templates may say."""

    code: str
    category: Category
    params: tuple[str, ...]
    channels: tuple[Channel, ...]
    secret_params: tuple[str, ...] = ()
    # The pre-approved WhatsApp template's parameters, in order (placeholders of this kind).
    whatsapp_params: tuple[str, ...] = ()
    # A security notice that carries no code: never held, never off, but queued for the worker
    # instead of sent within the caller's request (so the caller's answer waits on no provider).
    queued: bool = False

    @property
    def urgent(self) -> bool:
        """Security messages are never held (quiet hours) and cannot be turned off."""
        return self.category == "security"

    @property
    def sent_within_request(self) -> bool:
        """``/internal/messages`` sends it before answering (a code the caller waits for)."""
        return self.urgent and not self.queued

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset((*self.params, *self.secret_params))

    @property
    def whatsapp_template(self) -> str:
        """The name of the WhatsApp template this kind is sent with."""
        return f"lakoo_{self.code}"


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind(
            "verification_code",
            "security",
            ("name", "minutes"),
            ("email", "sms"),
            secret_params=("code",),
        ),
        Kind(
            "password_reset",
            "security",
            ("name", "minutes"),
            ("email",),
            secret_params=("reset_link",),
        ),
        # auth, when someone registers with an email that already has an account: its owner is
        # told, and the registration's answer says nothing (no account enumeration)
        Kind("registration_attempt", "security", ("name",), ("email",), queued=True),
        Kind("welcome", "account", ("name",), ("email", "push", "in_app")),
        Kind(
            "payment_received",
            "transactional",
            ("name", "payment_number", "amount", "order_count"),
            BUYER_CHANNELS,
            whatsapp_params=("name", "payment_number", "amount"),
        ),
        Kind(
            "order_shipped",
            "transactional",
            ("name", "order_number", "courier", "tracking_number"),
            BUYER_CHANNELS,
            whatsapp_params=("name", "order_number", "courier", "tracking_number"),
        ),
        Kind(
            "order_delivered",
            "transactional",
            ("name", "order_number"),
            BUYER_CHANNELS,
            whatsapp_params=("name", "order_number"),
        ),
        Kind(
            "refund_completed",
            "transactional",
            ("name", "refund_number", "amount", "method"),
            BUYER_CHANNELS,
            whatsapp_params=("name", "refund_number", "amount"),
        ),
        Kind(
            "settlement_completed",
            "transactional",
            ("name", "settlement_number", "period_start", "period_end", "payout", "net"),
            BUYER_CHANNELS,
            whatsapp_params=("name", "settlement_number", "payout"),
        ),
        Kind(
            "withdrawal_completed",
            "transactional",
            ("name", "amount", "bank_code", "account_last4"),
            BUYER_CHANNELS,
            whatsapp_params=("name", "amount", "bank_code", "account_last4"),
        ),
        Kind(
            "low_stock",
            "transactional",
            ("name", "variant_id", "available", "reorder_point"),
            STAFF_CHANNELS,
        ),
        # an approved PO goes to the factory's WhatsApp, with its lines (one parameter: a
        # WhatsApp template parameter holds no line breaks, so they are joined by "; ")
        Kind(
            "purchase_order_approved",
            "transactional",
            (
                "name",
                "supplier_name",
                "po_number",
                "total_cost",
                "expected_date",
                "line_count",
                "lines",
            ),
            ("whatsapp",),
            whatsapp_params=("name", "po_number", "lines", "total_cost", "expected_date"),
        ),
        Kind(
            "ticket_created",
            "transactional",
            ("name", "ticket_number", "subject"),
            STAFF_CHANNELS,
        ),
        Kind(
            "ticket_assigned",
            "transactional",
            ("name", "ticket_number", "priority"),
            STAFF_CHANNELS,
        ),
        Kind(
            "ticket_resolved",
            "transactional",
            ("name", "ticket_number", "resolution"),
            STAFF_CHANNELS,
        ),
    )
}


def default_enabled(category: Category, channel: Channel) -> bool:
    """DOMAIN.md's defaults: email, push and in-app on; SMS for security only; WhatsApp off;
    marketing off everywhere until the user opts in."""
    if category == "security":
        return channel != "whatsapp"
    if category == "marketing":
        return False
    return channel in ("email", "push", "in_app")
