"""Sellers' identity and business documents (KTP, NIB, NPWP), stored like product images
through the kit's media storage but under a private root and never given a public URL.

A file is accepted by what it is, not by what the client says it is: its first bytes must be
those of a JPEG, PNG or PDF, and it must be no larger than ``SELLER_MAX_DOCUMENT_BYTES``.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import select

from api.kit.errors import Unprocessable
from api.kit.media import MediaStorage
from api.kit.uow import UnitOfWork
from api.seller.models import SellerDocument
from api.seller.service.shops import get

# signature → (content type, extension)
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)


def sniff(data: bytes) -> tuple[str, str]:
    """The content type and extension of ``data``; 422 naming ``file`` when it is none we take."""
    for signature, content_type, extension in SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    raise Unprocessable("Documents must be JPEG, PNG or PDF files", field="file")


async def add_document(
    uow: UnitOfWork,
    *,
    seller_id: UUID,
    kind: str,
    data: bytes,
    storage: MediaStorage,
    max_bytes: int,
    now: datetime,
) -> SellerDocument:
    """Store one document of the caller's shop (the newest of a kind is the one that counts)."""
    await get(uow, seller_id)
    if not data:
        raise Unprocessable("The file is empty", field="file")
    if len(data) > max_bytes:
        raise Unprocessable(f"Documents may be at most {max_bytes} bytes", field="file")
    content_type, extension = sniff(data)
    document_id = uuid4()
    key = f"sellers/{seller_id}/{kind}/{document_id}.{extension}"
    # The file is written before the row: a rolled-back transaction leaves an orphan file
    # (harmless, prunable), never a row pointing at nothing.
    await storage.put(key, data, content_type=content_type)
    document = SellerDocument(
        id=document_id,
        seller_id=seller_id,
        kind=kind,
        storage_key=key,
        content_type=content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_at=now,
    )
    uow.session.add(document)
    await uow.session.flush()
    return document


async def list_documents(uow: UnitOfWork, *, seller_id: UUID) -> list[SellerDocument]:
    """The shop's documents, newest first."""
    await get(uow, seller_id)
    rows = await uow.session.scalars(
        select(SellerDocument)
        .where(SellerDocument.seller_id == seller_id)
        .order_by(SellerDocument.uploaded_at.desc(), SellerDocument.id)
    )
    return list(rows)
