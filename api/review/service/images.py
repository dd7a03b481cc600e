"""Review photos: uploaded first (checked like product images: declared and real type, size),
then attached to the review that names them; uploads left unattached are pruned after a day."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import func, select

from api.kit.errors import Conflict, Unprocessable
from api.kit.media import MediaStorage, image_extension
from api.kit.uow import UnitOfWork
from api.review.models import ReviewImage


async def upload(
    uow: UnitOfWork,
    *,
    user_id: UUID,
    storage: MediaStorage,
    data: bytes,
    content_type: str,
    max_waiting: int,
    at: datetime,
) -> ReviewImage:
    """Store a photo for the caller's next review (409 when too many are already waiting)."""
    extension = image_extension(data, content_type)
    waiting = await uow.session.scalar(
        select(func.count()).where(ReviewImage.user_id == user_id, ReviewImage.review_id.is_(None))
    )
    if int(waiting or 0) >= max_waiting:
        raise Conflict(f"{max_waiting} photos are already waiting for a review; write it first")
    image_id = uuid4()
    key = f"reviews/{user_id}/{image_id}.{extension}"
    # The file is written before the row: a rolled-back transaction leaves an orphan file
    # (harmless, pruned), never a row pointing at nothing.
    url = await storage.put(key, data, content_type=content_type)
    image = ReviewImage(
        id=image_id,
        user_id=user_id,
        storage_key=key,
        url=url,
        content_type=content_type.split(";")[0].strip().lower(),
        size_bytes=len(data),
        created_at=at,
    )
    uow.session.add(image)
    await uow.session.flush()
    return image


async def attach(uow: UnitOfWork, *, review_id: UUID, user_id: UUID, image_ids: list[UUID]) -> None:
    """Attach the caller's waiting uploads to their review, in the order given (422 otherwise)."""
    if not image_ids:
        return
    found = {
        image.id: image
        for image in (
            await uow.session.scalars(
                select(ReviewImage)
                .where(ReviewImage.id.in_(image_ids))
                .order_by(ReviewImage.id)
                .with_for_update()
            )
        ).all()
    }
    for position, image_id in enumerate(image_ids):
        image = found.get(image_id)
        if image is None or image.user_id != user_id or image.review_id is not None:
            raise Unprocessable(
                f"Image {image_id} is not an unattached upload of yours", field=f"images.{position}"
            )
        image.review_id, image.position = review_id, position


async def prune(uow: UnitOfWork, *, storage: MediaStorage, older_than: datetime, limit: int) -> int:
    """Delete uploads never attached to a review (rows, then their files)."""
    stale = (
        await uow.session.scalars(
            select(ReviewImage)
            .where(ReviewImage.review_id.is_(None), ReviewImage.created_at < older_than)
            .order_by(ReviewImage.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()
    for image in stale:
        await uow.session.delete(image)
    await uow.session.flush()
    for image in stale:
        await storage.delete(image.storage_key)
    return len(stale)


def window(now: datetime, hours: int) -> datetime:
    """The moment before which an unattached upload is stale."""
    return now - timedelta(hours=hours)
