"""The category tree: creating nodes, listing, and resolving a node's descendants for filters."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import Select, select

from api.kit.errors import Conflict, Unprocessable
from api.kit.slugs import slugify
from api.kit.uow import UnitOfWork
from api.product.errors import CategoryNotFound
from api.product.models import Category


async def get_category(uow: UnitOfWork, *, category_id: UUID) -> Category:
    """The category, or 404."""
    category = await uow.session.get(Category, category_id)
    if category is None:
        raise CategoryNotFound(f"Category {category_id} does not exist")
    return category


async def require_category(uow: UnitOfWork, *, category_id: UUID, field: str) -> Category:
    """The category a request body names, or 422 naming ``field`` (a bad input, not a 404)."""
    category = await uow.session.get(Category, category_id)
    if category is None:
        raise Unprocessable(f"Category {category_id} does not exist", field=field)
    return category


async def create_category(
    uow: UnitOfWork, *, name: str, slug: str | None, parent_id: UUID | None
) -> Category:
    """A new node under ``parent_id`` (or a root); slugs are unique across the tree."""
    if parent_id is not None:
        await require_category(uow, category_id=parent_id, field="parent_id")
    slug = slug or slugify(name)
    taken = await uow.session.scalar(select(Category.id).where(Category.slug == slug))
    if taken is not None:
        raise Conflict(
            f"Category slug {slug!r} is taken",
            errors=[{"field": "slug", "message": "already used", "type": "conflict"}],
        )
    category = Category(name=name, slug=slug, parent_id=parent_id, created_at=datetime.now(UTC))
    uow.session.add(category)
    await uow.session.flush()
    return category


async def list_categories(uow: UnitOfWork) -> list[Category]:
    """Every category, parents before children's siblings by name (the tree is small)."""
    rows = await uow.session.scalars(select(Category).order_by(Category.name))
    return list(rows)


def descendants_query(category_id: UUID) -> Select[tuple[UUID]]:
    """A recursive CTE selecting ``category_id`` and every category below it."""
    tree = select(Category.id).where(Category.id == category_id).cte("tree", recursive=True)
    tree = tree.union_all(select(Category.id).where(Category.parent_id == tree.c.id))
    return select(tree.c.id)
