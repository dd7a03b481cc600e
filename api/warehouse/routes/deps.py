"""Dependencies the warehouse's routes share: its settings and the staff role guard."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.kit.auth import Principal, Role, require_roles
from api.warehouse.app import WarehouseSettings


def warehouse_settings(request: Request) -> WarehouseSettings:
    """The settings the app was built with (they carry the injectable clock)."""
    settings: WarehouseSettings = request.app.state.settings
    return settings


Settings = Annotated[WarehouseSettings, Depends(warehouse_settings)]
Staff = Annotated[Principal, require_roles(Role.admin, Role.warehouse_staff)]
StockManager = Annotated[Principal, require_roles(Role.admin, Role.warehouse_staff, Role.seller)]
