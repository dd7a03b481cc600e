"""Product images: validated, stored through the media storage, recorded in order."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import func, select

from api.kit.auth import Principal
from api.kit.media import MediaStorage, image_extension
from api.kit.uow import UnitOfWork
from api.product.models import Product, ProductImage
from api.product.service.access import ensure_can_edit


async def add_image(
    uow: UnitOfWork,
    *,
    principal: Principal,
    product: Product,
    storage: MediaStorage,
    data: bytes,
    content_type: str,
) -> ProductImage:
    """Store an uploaded image and append it to the product's gallery."""
    ensure_can_edit(principal, product)
    extension = image_extension(data, content_type)
    image_id = uuid4()
    key = f"products/{product.id}/{image_id}.{extension}"
    # The file is written before the row: a rolled-back transaction leaves an orphan file
    # (harmless, prunable), never a row pointing at nothing.
    url = await storage.put(key, data, content_type=content_type)
    position = await uow.session.scalar(
        select(func.count()).where(ProductImage.product_id == product.id)
    )
    image = ProductImage(
        id=image_id,
        product_id=product.id,
        storage_key=key,
        url=url,
        content_type=content_type,
        position=int(position or 0),
        created_at=datetime.now(UTC),
    )
    uow.session.add(image)
    await uow.session.flush()
    return image
