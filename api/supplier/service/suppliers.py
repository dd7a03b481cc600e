"""Suppliers: registered by staff with their contacts and terms, updated, blocked by admins."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert

from api.kit.auth import Principal
from api.kit.errors import Unprocessable
from api.kit.schemas import Page, PageParams
from api.kit.uow import UnitOfWork
from api.supplier.errors import AdminOnly, DuplicateCode, SupplierNotFound
from api.supplier.models import Supplier
from api.supplier.schemas import SupplierCreate, SupplierRead, SupplierUpdate
from api.supplier.service import snapshots

# Fields a PATCH may set to null (contacts); the others keep a value.
CLEARABLE = frozenset({"contact_name", "whatsapp", "email"})


async def create(
    uow: UnitOfWork, *, body: SupplierCreate, principal: Principal, at: datetime
) -> Supplier:
    """Register a supplier (``supplier.created``); 409 naming ``code`` when it is taken."""
    if body.status == "blocked" and not principal.is_admin:
        raise AdminOnly("Only an admin may register a blocked supplier")
    supplier_id = uuid4()
    inserted = await uow.session.scalar(
        insert(Supplier)
        .values(
            id=supplier_id,
            **body.model_dump(),
            standing="unrated",
            created_by=principal.user_id,
            created_at=at,
            updated_at=at,
        )
        .on_conflict_do_nothing(index_elements=[Supplier.code])
        .returning(Supplier.id)
    )
    if inserted is None:
        raise DuplicateCode(body.code)
    supplier = await load(uow, supplier_id)
    await snapshots.announce_created(uow, supplier)
    return supplier


async def load(uow: UnitOfWork, supplier_id: UUID, *, lock: bool = False) -> Supplier:
    """A supplier or 404; ``lock`` serialises changes to one supplier (its events stay in order)."""
    supplier = await uow.session.get(
        Supplier, supplier_id, with_for_update=lock, populate_existing=True
    )
    if supplier is None:
        raise SupplierNotFound(supplier_id)
    return supplier


async def update(
    uow: UnitOfWork,
    *,
    supplier_id: UUID,
    body: SupplierUpdate,
    principal: Principal,
    at: datetime,
) -> Supplier:
    """Change what the body names (``supplier.updated`` when anything changed)."""
    supplier = await load(uow, supplier_id, lock=True)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    for name, value in changes.items():
        if value is None and name not in CLEARABLE:
            raise Unprocessable(f"{name} cannot be empty", field=name)
    new_status = changes.get("status")
    if (
        new_status is not None
        and "blocked" in (new_status, supplier.status)
        and new_status != supplier.status
        and not principal.is_admin
    ):
        raise AdminOnly("Only an admin may block a supplier or lift a block")
    changed = [name for name, value in changes.items() if getattr(supplier, name) != value]
    if not changed:
        return supplier
    for name in changed:
        setattr(supplier, name, changes[name])
    supplier.updated_at = at
    await uow.session.flush()
    await snapshots.announce_updated(uow, supplier, changed, at=at)
    return supplier


async def list_suppliers(
    uow: UnitOfWork, *, paging: PageParams, status: str | None, q: str | None
) -> Page[SupplierRead]:
    """Suppliers by code, filtered by status and a code or name fragment."""
    query = select(Supplier)
    if status:
        query = query.where(Supplier.status == status)
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(Supplier.code.ilike(pattern), Supplier.name.ilike(pattern)))
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await uow.session.scalars(
        query.order_by(Supplier.code).offset(paging.offset).limit(paging.page_size)
    )
    return Page(
        items=[snapshots.read(s) for s in rows],
        total=total or 0,
        page=paging.page,
        page_size=paging.page_size,
    )
