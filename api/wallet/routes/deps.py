"""Dependencies the wallet routes share: settings (with the clock), the ledger writer, the wallet
directory, the provider client, and who may call what."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Header, Query

from api.kit.auth import Principal, Role, require_roles
from api.kit.deps import app_state
from api.kit.errors import Forbidden
from api.kit.uow import UnitOfWorkFactory
from api.wallet.service.ledger.writer import Books as LedgerBooks
from api.wallet.service.ledger.writer import LedgerWriter
from api.wallet.service.wallets import WalletDirectory
from api.wallet.settings import WalletSettings
from api.wallet.xendit import XenditDisbursements

Settings = Annotated[WalletSettings, Depends(app_state("settings"))]
Ledger = Annotated[LedgerWriter, Depends(app_state("ledger"))]
Wallets = Annotated[WalletDirectory, Depends(app_state("wallets"))]
Provider = Annotated[XenditDisbursements, Depends(app_state("xendit"))]
UowFactory = Annotated[UnitOfWorkFactory, Depends(app_state("uow_factory"))]
Books = Annotated[LedgerBooks, Depends(app_state("books"))]

# Every role has a buyer wallet; only sellers have a seller wallet.
AnyUser = Annotated[Principal, require_roles(*Role)]
Admin = Annotated[Principal, require_roles(Role.admin)]
WalletOwner = Annotated[Principal, require_roles(Role.customer, Role.seller)]

# Required where a person moves money: a retried or double-clicked request must not move it twice.
IdempotencyKeyHeader = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",  # visible ASCII: what a key is, and what a row can store
    ),
]

OwnerQuery = Annotated[
    Literal["buyer", "seller"] | None,
    Query(description="Which wallet: buyer or seller (default: seller for sellers)"),
]


def owner_type_for(principal: Principal, requested: str | None) -> str:
    """The wallet a caller means: the one asked for, else a seller's seller wallet."""
    owner_type = requested or ("seller" if principal.role is Role.seller else "buyer")
    if owner_type == "seller" and principal.role is not Role.seller:
        raise Forbidden("Only sellers have a seller wallet")
    return owner_type
