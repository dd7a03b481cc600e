"""The catalog is complete, routed per DESIGN §2, and named and documented consistently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import api.events as events
from api.events import EventPayload, registry

# Every event type named in DOMAIN.md, written out so a missing or misspelt one fails here.
DOMAIN_EVENT_TYPES = {
    "user.registered", "user.verified", "user.login", "user.password_reset", "user.role_changed",
    "product.created", "product.updated", "product.deleted", "product.variant_added",
    "brand.product_assigned", "brand.price_updated", "brand.collection_created",
    "cart.item_added", "cart.item_removed", "cart.cleared",
    "order.created", "order.paid", "order.cancelled", "order.expired", "order.shipped",
    "order.delivered", "order.completed", "order.return_requested", "order.returned",
    "payment.paid", "payment.expired", "refund.requested", "refund.completed", "refund.failed",
    "settlement.completed",
    "shipment.created", "shipment.picked_up", "shipment.in_transit", "shipment.delivered",
    "shipment.failed",
    "address.created", "address.updated",
    "wallet.credited", "wallet.debited", "withdrawal.requested", "withdrawal.completed",
    "inventory.reserved", "inventory.released", "inventory.confirmed", "inventory.adjusted",
    "inventory.low_stock", "inventory.out_of_stock", "inventory.variant_locked",
    "inventory.variant_unlocked",
    "purchase_order.created", "purchase_order.approved", "purchase_order.received",
    "campaign.created", "campaign.activated", "campaign.paused", "campaign.exhausted",
    "ad.impression", "ad.clicked",
    "notification.sent", "notification.failed",
    "supplier.created", "supplier.updated", "supplier.performance_updated",
    "ticket.created", "ticket.assigned", "ticket.resolved", "ticket.sla_breached",
    "seller.registered", "seller.verified", "seller.product_listed", "seller.payout_scheduled",
    "review.created", "review.approved", "review.flagged",
}  # fmt: skip

# Added by the design beyond DOMAIN.md (analytics and the warehouse/ads flows need them).
EXTRA_EVENT_TYPES = {
    "payment.created", "payment.failed", "inventory.fulfilled",
    "purchase_order.sent", "purchase_order.cancelled", "ad.charged",
    "inventory.bundle_configured",
    # the seller's lifecycle, commission history and payout account (wallet, settlements, ads)
    "seller.rejected", "seller.suspended", "seller.reinstated", "seller.commission_changed",
    "seller.bank_account_changed",
    # the wallet: every ledger transaction announced, failed withdrawals, the daily proof
    "wallet.hold_placed", "wallet.hold_released", "wallet.reconciliation_completed",
    "withdrawal.failed",
    # support's full ticket life (notifications, the SLA mart) and review moderation outcomes
    "ticket.message_added", "ticket.status_changed", "ticket.priority_changed",
    "ticket.sla_warning", "ticket.rated",
    "review.rejected", "review.replied",
    # a campaign whose schedule ended (DOMAIN's status machine has the move, not the event)
    "campaign.completed",
}  # fmt: skip

# DESIGN §2: the topic each service produces, by event-type domain prefix.
TOPIC_BY_DOMAIN = {
    "user": "user.events",
    "product": "product.events",
    "cart": "cart.events",
    "supplier": "supplier.events",
    "brand": "brand.events",
    "order": "order.events",
    "payment": "payment.events",
    "refund": "payment.events",
    "settlement": "payment.events",
    "notification": "notification.events",
    "shipment": "shipment.events",
    "address": "address.events",
    "wallet": "wallet.events",
    "withdrawal": "wallet.events",
    "inventory": "inventory.events",
    "purchase_order": "inventory.events",
    "campaign": "ad.events",
    "ad": "ad.events",
    "ticket": "ticket.events",
    "seller": "seller.events",
    "review": "review.events",
}

ALL_TYPES = sorted(registry())


def test_every_domain_event_type_is_in_the_catalog() -> None:
    assert DOMAIN_EVENT_TYPES - set(registry()) == set()


def test_the_catalog_holds_nothing_unplanned() -> None:
    assert set(registry()) == DOMAIN_EVENT_TYPES | EXTRA_EVENT_TYPES


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_event_is_routed_to_its_services_topic(event_type: str) -> None:
    domain = event_type.split(".", 1)[0]
    assert registry()[event_type].topic == TOPIC_BY_DOMAIN[domain]


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_class_is_named_after_its_event_and_documented(event_type: str) -> None:
    payload_type = registry()[event_type]
    camel = "".join(part.capitalize() for part in re.split(r"[._]", event_type))
    assert payload_type.__name__ == camel
    assert payload_type.__doc__ and payload_type.__doc__.strip()
    assert payload_type.event_version == 1


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_payload_class_is_exported_from_the_package(event_type: str) -> None:
    payload_type = registry()[event_type]
    assert getattr(events, payload_type.__name__) is payload_type
    assert payload_type.__name__ in events.__all__


def test_declaring_an_event_type_twice_is_refused() -> None:
    with pytest.raises(TypeError, match="declared twice"):

        class Again(EventPayload, event_type="order.created", aggregate_type="order"):
            """A duplicate."""


def test_catalog_modules_stay_small() -> None:
    for module in Path(events.__file__).parent.glob("*.py"):
        assert len(module.read_text().splitlines()) <= 300, module.name
