"""Dependencies the warehouse's routes share: its settings, catalogue reader, role guards."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.kit.auth import Principal, Role, require_roles
from api.kit.catalog import VariantSource
from api.kit.deps import app_state
from api.warehouse.service.reservation_writer import ReservationWriter
from api.warehouse.settings import WarehouseSettings

Settings = Annotated[WarehouseSettings, Depends(app_state("settings"))]
Reservations = Annotated[ReservationWriter, Depends(app_state("reservations"))]
Catalog = Annotated[VariantSource, Depends(app_state("catalog"))]
Staff = Annotated[Principal, require_roles(Role.admin, Role.warehouse_staff)]
StockManager = Annotated[Principal, require_roles(Role.admin, Role.warehouse_staff, Role.seller)]
