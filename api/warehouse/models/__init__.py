"""The warehouse's tables (warehouse_db): registry, stock, movements, reservations, grosir, POs.

Stock quantities are guarded by CHECK constraints as a last line of defence: the service checks
first and answers a clear 422/409, but no bug can leave a negative count in the database.
"""

from api.warehouse.models.base import Base, metadata
from api.warehouse.models.purchasing import PurchaseOrder, PurchaseOrderLine, PurchaseOrderReceipt
from api.warehouse.models.reservations import (
    BundleConfig,
    BundleItem,
    GrosirState,
    Reservation,
    ReservationCheckout,
    ReservationLine,
)
from api.warehouse.models.stock import Location, Movement, Stock, StockAlert, Variant
from api.warehouse.models.suppliers import KnownSupplier, SupplierOffer

__all__ = [
    "Base",
    "BundleConfig",
    "BundleItem",
    "GrosirState",
    "KnownSupplier",
    "Location",
    "Movement",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "PurchaseOrderReceipt",
    "Reservation",
    "ReservationCheckout",
    "ReservationLine",
    "Stock",
    "SupplierOffer",
    "StockAlert",
    "Variant",
    "metadata",
]
