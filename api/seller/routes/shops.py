"""The caller's own shop: apply, read, preferences, documents, bank account, payouts, dashboard.

Every route here acts on the caller's shop only: the shop's id is the caller's user id, so no
route takes another shop's id and another seller's data cannot be named.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from api.kit.access import owner, public
from api.kit.deps import Uow
from api.kit.errors import Unprocessable
from api.kit.schemas import Page, Paging
from api.seller.errors import SellerNotFound
from api.seller.routes.deps import ActiveSeller, Clients, Documents, Owner, Settings
from api.seller.schemas import (
    BankAccountPut,
    BankAccountRead,
    DashboardRead,
    DocumentKind,
    DocumentRead,
    PayoutRead,
    SellerCreate,
    SellerRead,
    SellerUpdate,
    ShopRead,
)
from api.seller.service import bank_accounts, dashboard, documents, payouts, shops

router = APIRouter(tags=["sellers"])


@router.post("/api/sellers", status_code=201)
@owner("the caller's own shop (its id is the caller's user id)")
async def apply(
    body: SellerCreate, uow: Uow, principal: Owner, clients: Clients, settings: Settings
) -> SellerRead:
    """Apply to sell (``pending``); a rejected applicant applies again the same way."""
    pickup = await clients.validated_address(body.pickup_address.model_dump())
    seller = await shops.apply(
        uow, user_id=principal.user_id, body=body, pickup=pickup, now=settings.now()
    )
    await uow.commit()
    return await shops.read(uow, seller)


@router.get("/api/sellers/me")
@owner("the caller's own shop")
async def my_shop(uow: Uow, principal: Owner) -> SellerRead:
    """The caller's shop (404 before applying)."""
    return await shops.read(uow, await shops.get(uow, principal.user_id))


@router.patch("/api/sellers/me")
@owner("the caller's own shop")
async def update_my_shop(
    body: SellerUpdate, uow: Uow, principal: Owner, settings: Settings
) -> SellerRead:
    """The seller's preferences (weekly auto-payout on or off)."""
    seller = await shops.set_auto_payout(
        uow, seller_id=principal.user_id, enabled=body.auto_payout, now=settings.now()
    )
    await uow.commit()
    return await shops.read(uow, seller)


@router.post("/api/sellers/me/documents", status_code=201)
@owner("the caller's own shop's documents")
async def upload_document(
    kind: Annotated[DocumentKind, Form()],
    file: Annotated[UploadFile, File()],
    uow: Uow,
    principal: Owner,
    storage: Documents,
    settings: Settings,
) -> DocumentRead:
    """Upload a KTP, NIB or NPWP (multipart ``kind`` + ``file``; JPEG, PNG or PDF, ≤ 5 MiB)."""
    # one byte more than allowed is enough to know it is too big
    data = await file.read(settings.max_document_bytes + 1)
    if len(data) > settings.max_document_bytes:
        raise Unprocessable(
            f"Documents may be at most {settings.max_document_bytes} bytes", field="file"
        )
    document = await documents.add_document(
        uow,
        seller_id=principal.user_id,
        kind=kind,
        data=data,
        storage=storage,
        max_bytes=settings.max_document_bytes,
        now=settings.now(),
    )
    await uow.commit()
    return DocumentRead.model_validate(document)


@router.get("/api/sellers/me/documents")
@owner("the caller's own shop's documents")
async def my_documents(uow: Uow, principal: Owner) -> list[DocumentRead]:
    """The caller's documents, newest first (the files themselves are for admins' eyes)."""
    rows = await documents.list_documents(uow, seller_id=principal.user_id)
    return [DocumentRead.model_validate(row) for row in rows]


@router.put("/api/sellers/me/bank-account")
@owner("the caller's own shop's bank account (the wallet keeps the number)")
async def put_bank_account(
    body: BankAccountPut, uow: Uow, principal: Owner, clients: Clients, settings: Settings
) -> BankAccountRead:
    """Set the payout account; the bank's holder must be the shop's legal name."""
    result = await bank_accounts.put_bank_account(
        uow, clients, seller_id=principal.user_id, body=body, now=settings.now()
    )
    await uow.commit()
    return result


@router.get("/api/sellers/me/bank-account")
@owner("the caller's own shop's bank account")
async def my_bank_account(uow: Uow, principal: Owner) -> BankAccountRead:
    """The validated payout account (404 when there is none)."""
    account = await bank_accounts.get_bank_account(uow, seller_id=principal.user_id)
    if account is None:
        raise SellerNotFound("No validated bank account yet")
    return BankAccountRead(
        status="validated",
        bank_code=account.bank_code,
        account_number_last4=account.account_number_last4,
        account_holder_name=account.account_holder_name,
        withdrawals_blocked_until=account.withdrawals_blocked_until,
    )


@router.get("/api/sellers/me/payouts")
@owner("the caller's own payouts")
async def my_payouts(uow: Uow, principal: ActiveSeller, paging: Paging) -> Page[PayoutRead]:
    """The weekly payouts recorded from settlements, newest first."""
    await shops.get(uow, principal.user_id)
    rows, total = await payouts.list_payouts(
        uow, seller_id=principal.user_id, offset=paging.offset, limit=paging.page_size
    )
    return Page(
        items=[PayoutRead.model_validate(r) for r in rows],
        total=total,
        page=paging.page,
        page_size=paging.page_size,
    )


@router.get("/api/sellers/me/dashboard")
@owner("the caller's own shop's figures and seller wallet")
async def my_dashboard(
    uow: Uow, principal: ActiveSeller, clients: Clients, settings: Settings
) -> DashboardRead:
    """Orders awaiting acceptance, this week's sales, wallet, rating, settlements, ad spend."""
    return await dashboard.dashboard(uow, clients, seller_id=principal.user_id, now=settings.now())


@router.get("/api/sellers/shops/{shop_slug}")
@public("none: active shops' public name and city only")
async def shop_page(shop_slug: str, uow: Uow) -> ShopRead:
    """An active shop as anyone sees it."""
    seller = await shops.active_by_slug(uow, shop_slug[:100])
    return ShopRead(
        id=seller.id,
        shop_name=seller.shop_name,
        shop_slug=seller.shop_slug,
        city=seller.pickup_city,
        province=seller.pickup_province,
    )
