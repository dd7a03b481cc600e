"""Product images: validated, stored through the media storage, recorded in order."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import func, select

from api.kit.auth import Principal
from api.kit.errors import Unprocessable
from api.kit.storage import MediaStorage
from api.kit.uow import UnitOfWork
from api.product.models import Product, ProductImage
from api.product.service.access import ensure_can_edit

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


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
    extension = IMAGE_TYPES.get(content_type.split(";")[0].strip().lower())
    if extension is None:
        raise Unprocessable("Images must be JPEG, PNG or WebP", field="content-type")
    if not data or len(data) > MAX_IMAGE_BYTES:
        raise Unprocessable("Images must be between 1 byte and 5 MiB", field="body")
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
