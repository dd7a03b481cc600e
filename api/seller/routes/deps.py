"""Dependencies of the seller routes: who may call, the clients, the storage, the settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.kit.auth import Principal, Role, require_roles
from api.kit.deps import app_state
from api.kit.media import MediaStorage
from api.seller.settings import SellerSettings
from api.seller.upstream import Upstreams

# An applicant is still a customer until verified; after verification the same user is a seller.
Owner = Annotated[Principal, require_roles(Role.customer, Role.seller)]
ActiveSeller = Annotated[Principal, require_roles(Role.seller)]
Admin = Annotated[Principal, require_roles(Role.admin)]
Clients = Annotated[Upstreams, Depends(app_state("upstreams"))]
Documents = Annotated[MediaStorage, Depends(app_state("documents"))]


async def seller_settings(request: Request) -> SellerSettings:
    settings: SellerSettings = request.app.state.settings
    return settings


Settings = Annotated[SellerSettings, Depends(seller_settings)]
