"""The advertisement service's exceptions, subclasses of the kit's tree (problem+json once).

NotFound
 ├── CampaignNotFound          no such campaign, or not the caller's
 └── ImpressionNotFound        a click on an impression never served
Forbidden
 └── SellerNotActive           only active (verified, not suspended) sellers advertise
Conflict
 ├── CampaignStateConflict     the action does not fit the campaign's status
 └── ChargeOutstanding         resuming while a charge waits for money
Unprocessable                  422 naming the field (kit): bids, budgets, schedule, products
"""

from __future__ import annotations

from uuid import UUID

from api.kit.errors import Conflict, Forbidden, NotFound


class CampaignNotFound(NotFound):
    def __init__(self, campaign_id: UUID) -> None:
        super().__init__(f"Campaign {campaign_id} does not exist")


class ImpressionNotFound(NotFound):
    def __init__(self, impression_id: UUID) -> None:
        super().__init__(
            f"Impression {impression_id} was never served",
            errors=[{"field": "impression_id", "message": "unknown impression"}],
        )


class SellerNotActive(Forbidden):
    slug, title = "seller-not-active", "Seller not active"

    def __init__(self, status: str | None) -> None:
        detail = f"Only active sellers advertise (this seller is {status or 'unknown'})"
        super().__init__(detail, errors=[{"field": "seller", "message": detail}])


class CampaignStateConflict(Conflict):
    slug, title = "campaign-state-conflict", "Campaign state conflict"

    def __init__(self, action: str, status: str) -> None:
        super().__init__(f"A {status} campaign cannot be {action}", campaign_status=status)


class ChargeOutstanding(Conflict):
    slug, title = "charge-outstanding", "Charge outstanding"

    def __init__(self, amount: int) -> None:
        super().__init__(
            f"Rp {amount} of ad charges is outstanding; top up the seller wallet first",
            outstanding=amount,
        )
