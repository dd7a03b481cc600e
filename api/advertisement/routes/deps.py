"""Dependencies of the advertisement routes: settings (with the clock), the impression and click
writers, the wallet client, who may call what, and where a click comes from."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request

from api.advertisement.errors import CampaignNotFound
from api.advertisement.models import Campaign
from api.advertisement.service import campaigns
from api.advertisement.service.click_writer import ClickWriter
from api.advertisement.service.impressions import ImpressionWriter
from api.advertisement.settings import AdvertisementSettings
from api.advertisement.upstream import WalletClient
from api.kit.auth import Principal, Role, keys_match, require_roles
from api.kit.deps import Uow, app_state
from api.kit.uow import UnitOfWorkFactory

Settings = Annotated[AdvertisementSettings, Depends(app_state("settings"))]
Impressions = Annotated[ImpressionWriter, Depends(app_state("impressions"))]
Clicks = Annotated[ClickWriter, Depends(app_state("clicks"))]
Wallet = Annotated[WalletClient, Depends(app_state("wallet"))]
UowFactory = Annotated[UnitOfWorkFactory, Depends(app_state("uow_factory"))]

Seller = Annotated[Principal, require_roles(Role.seller)]
Admin = Annotated[Principal, require_roles(Role.admin)]
OwnerOrAdmin = Annotated[Principal, require_roles(Role.seller, Role.admin)]


async def _owned(campaign_id: UUID, uow: Uow, principal: OwnerOrAdmin) -> Campaign:
    # another seller's campaign answers as a missing one: its existence is not theirs to learn
    campaign = await campaigns.get(uow, campaign_id, lock=True)
    if not principal.is_admin and campaign.seller_id != principal.user_id:
        raise CampaignNotFound(campaign_id)
    return campaign


OwnedCampaign = Annotated[Campaign, Depends(_owned)]


def client_ip(request: Request) -> str | None:
    """The clicking client's address: the first hop of the gateway's ``x-forwarded-for`` (the
    gateway vouches for the chain it forwards), else the peer."""
    settings: AdvertisementSettings = request.app.state.settings
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded and keys_match(request.headers.get("x-gateway-key"), settings.gateway_secret_key):
        first = forwarded.split(",")[0].strip()
        return first[:64] or None
    return request.client.host if request.client else None


ClientIp = Annotated[str | None, Depends(client_ip)]
