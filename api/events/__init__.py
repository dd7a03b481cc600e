"""The event catalog: one frozen pydantic payload model per event type (DESIGN §4).

Importing this package imports every domain module, so ``registry()`` is complete. Producers
build payloads from these classes and wrap them with ``build_envelope`` (tests, tools) or the
outbox writer (services); consumers parse raw messages with ``parse_event``.
"""

from api.events.address import (
    AddressCreated,
    AddressUpdated,
)
from api.events.advertisement import (
    AdCharged,
    AdClicked,
    AdImpression,
    CampaignActivated,
    CampaignCreated,
    CampaignExhausted,
    CampaignPaused,
)
from api.events.base import EventPayload, registry
from api.events.brand import (
    BrandCollectionCreated,
    BrandPriceUpdated,
    BrandProductAssigned,
)
from api.events.cart import (
    CartCleared,
    CartItemAdded,
    CartItemRemoved,
)
from api.events.envelope import (
    Envelope,
    Event,
    UnknownEventType,
    build_envelope,
    parse_envelope,
    parse_event,
)
from api.events.inventory import (
    BundleVariantTerms,
    InventoryAdjusted,
    InventoryBundleConfigured,
    InventoryConfirmed,
    InventoryFulfilled,
    InventoryLowStock,
    InventoryOutOfStock,
    InventoryReleased,
    InventoryReserved,
    InventoryVariantLocked,
    InventoryVariantUnlocked,
)
from api.events.notification import (
    NotificationFailed,
    NotificationSent,
)
from api.events.order import (
    OrderCancelled,
    OrderCompleted,
    OrderCreated,
    OrderDelivered,
    OrderExpired,
    OrderPaid,
    OrderReturned,
    OrderReturnRequested,
    OrderShipped,
)
from api.events.payment import (
    PaymentCreated,
    PaymentExpired,
    PaymentFailed,
    PaymentPaid,
    RefundCompleted,
    RefundFailed,
    RefundRequested,
    SettlementCompleted,
)
from api.events.product import (
    ProductCreated,
    ProductDeleted,
    ProductUpdated,
    ProductVariantAdded,
    VariantSnapshot,
)
from api.events.purchase_order import (
    PurchaseOrderApproved,
    PurchaseOrderCancelled,
    PurchaseOrderCreated,
    PurchaseOrderReceived,
    PurchaseOrderSent,
)
from api.events.review import (
    ReviewApproved,
    ReviewCreated,
    ReviewFlagged,
)
from api.events.seller import (
    SellerPayoutScheduled,
    SellerProductListed,
    SellerRegistered,
    SellerVerified,
)
from api.events.shipment import (
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentFailed,
    ShipmentInTransit,
    ShipmentPickedUp,
)
from api.events.supplier import (
    SupplierCreated,
    SupplierPerformanceUpdated,
    SupplierUpdated,
)
from api.events.ticket import (
    TicketAssigned,
    TicketCreated,
    TicketResolved,
)
from api.events.topics import TOPICS, all_topics_with_dlq, dlq_topic, topic_for_event_type
from api.events.user import (
    UserLogin,
    UserPasswordReset,
    UserRegistered,
    UserRoleChanged,
    UserVerified,
)
from api.events.values import (
    AddressSnapshot,
    CartItemSnapshot,
    OrderItemSnapshot,
    OrderShare,
    PurchaseOrderLine,
    PurchaseOrderReceiptLine,
    ReservationLine,
    StockLevels,
)
from api.events.wallet import (
    WalletCredited,
    WalletDebited,
    WithdrawalCompleted,
    WithdrawalRequested,
)

__all__ = [
    "EventPayload",
    "registry",
    "Envelope",
    "Event",
    "UnknownEventType",
    "build_envelope",
    "parse_envelope",
    "parse_event",
    "TOPICS",
    "all_topics_with_dlq",
    "dlq_topic",
    "topic_for_event_type",
    "AddressSnapshot",
    "CartItemSnapshot",
    "OrderItemSnapshot",
    "OrderShare",
    "PurchaseOrderLine",
    "PurchaseOrderReceiptLine",
    "ReservationLine",
    "StockLevels",
    "UserLogin",
    "UserPasswordReset",
    "UserRegistered",
    "UserRoleChanged",
    "UserVerified",
    "VariantSnapshot",
    "ProductCreated",
    "ProductDeleted",
    "ProductUpdated",
    "ProductVariantAdded",
    "BrandCollectionCreated",
    "BrandPriceUpdated",
    "BrandProductAssigned",
    "CartCleared",
    "CartItemAdded",
    "CartItemRemoved",
    "OrderCancelled",
    "OrderCompleted",
    "OrderCreated",
    "OrderDelivered",
    "OrderExpired",
    "OrderPaid",
    "OrderReturnRequested",
    "OrderReturned",
    "OrderShipped",
    "PaymentCreated",
    "PaymentExpired",
    "PaymentFailed",
    "PaymentPaid",
    "RefundCompleted",
    "RefundFailed",
    "RefundRequested",
    "SettlementCompleted",
    "ShipmentCreated",
    "ShipmentDelivered",
    "ShipmentFailed",
    "ShipmentInTransit",
    "ShipmentPickedUp",
    "AddressCreated",
    "AddressUpdated",
    "WalletCredited",
    "WalletDebited",
    "WithdrawalCompleted",
    "WithdrawalRequested",
    "BundleVariantTerms",
    "InventoryAdjusted",
    "InventoryBundleConfigured",
    "InventoryConfirmed",
    "InventoryFulfilled",
    "InventoryLowStock",
    "InventoryOutOfStock",
    "InventoryReleased",
    "InventoryReserved",
    "InventoryVariantLocked",
    "InventoryVariantUnlocked",
    "PurchaseOrderApproved",
    "PurchaseOrderCancelled",
    "PurchaseOrderCreated",
    "PurchaseOrderReceived",
    "PurchaseOrderSent",
    "AdCharged",
    "AdClicked",
    "AdImpression",
    "CampaignActivated",
    "CampaignCreated",
    "CampaignExhausted",
    "CampaignPaused",
    "NotificationFailed",
    "NotificationSent",
    "SupplierCreated",
    "SupplierPerformanceUpdated",
    "SupplierUpdated",
    "TicketAssigned",
    "TicketCreated",
    "TicketResolved",
    "SellerPayoutScheduled",
    "SellerProductListed",
    "SellerRegistered",
    "SellerVerified",
    "ReviewApproved",
    "ReviewCreated",
    "ReviewFlagged",
]
