"""``/api/categories``: the category tree (public read, admin write)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from api.kit.access import owner, public
from api.kit.auth import Principal, Role, require_roles
from api.kit.deps import Uow
from api.kit.schemas import Page
from api.product.schemas import CategoryCreate, CategoryRead
from api.product.service import categories

router = APIRouter(tags=["categories"])


@router.post("/api/categories", status_code=201, response_model=CategoryRead)
@owner("the shared category tree (admins only)")
async def create_category(
    body: CategoryCreate,
    uow: Uow,
    principal: Annotated[Principal, require_roles(Role.admin)],
) -> CategoryRead:
    """Add a category under ``parent_id`` (or a new root). Admins only."""
    category = await categories.create_category(uow, **body.model_dump())
    await uow.commit()
    return CategoryRead.model_validate(category)


@router.get("/api/categories", response_model=Page[CategoryRead])
@public("none: the category tree")
async def list_categories(uow: Uow) -> Page[CategoryRead]:
    """The whole tree as a flat list (each node names its parent); one page."""
    rows = await categories.list_categories(uow)
    items = [CategoryRead.model_validate(c) for c in rows]
    return Page(items=items, total=len(items), page=1, page_size=max(len(items), 1))
