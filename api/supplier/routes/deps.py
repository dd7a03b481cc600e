"""Dependencies the supplier service's routes share: settings, catalogue reader, role guard."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.kit.auth import Principal, Role, require_roles
from api.kit.catalog import VariantSource
from api.kit.deps import app_state
from api.supplier.settings import SupplierSettings

Settings = Annotated[SupplierSettings, Depends(app_state("settings"))]
Catalog = Annotated[VariantSource, Depends(app_state("catalog"))]
# Suppliers, their prices and their scores are purchasing's business: admins and warehouse staff.
Purchasing = Annotated[Principal, require_roles(Role.admin, Role.warehouse_staff)]
