"""``seed_faqs``: the help centre's starting FAQs (Indonesian, and English for visitors),
written through the support service layer; a first message that covers one is answered by it.
Running it twice adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from api.kit.db import make_async_engine, make_session_factory
from api.kit.uow import UnitOfWorkFactory
from api.support.models import Faq
from api.support.service import faqs

FAQS: tuple[dict[str, str], ...] = (
    {
        "question": "Bagaimana cara mengembalikan barang yang ukurannya tidak pas?",
        "keywords": "retur pengembalian tukar ukuran kekecilan kebesaran",
        "answer": "Buka Pesanan Saya, pilih pesanan yang sudah diterima, lalu Ajukan "
        "Pengembalian dalam 7 hari. Kurir kami menjemput barangnya; dana kembali setelah "
        "barang kami terima.",
        "category": "return",
    },
    {
        "question": "Kapan dana refund masuk ke rekening saya?",
        "keywords": "refund dana kembali rekening pengembalian dana",
        "answer": "Refund diproses 1–3 hari kerja setelah pembatalan atau setelah barang retur "
        "kami terima, ke metode pembayaran semula atau ke saldo LAKOO.",
        "category": "payment",
    },
    {
        "question": "Bagaimana cara melacak paket pesanan saya?",
        "keywords": "lacak resi kurir paket pengiriman",
        "answer": "Buka Pesanan Saya dan ketuk Lacak: status dari kurir tampil di sana, "
        "lengkap dengan nomor resi.",
        "category": "shipping",
    },
    {
        "question": "Pembayaran saya sudah berhasil tetapi status pesanan belum berubah",
        "keywords": "bayar pembayaran status virtual account qris",
        "answer": "Konfirmasi pembayaran biasanya masuk dalam beberapa menit. Bila setelah "
        "30 menit status belum berubah, balas tiket ini dengan bukti pembayaran Anda.",
        "category": "payment",
    },
    {
        "question": "Bagaimana cara mengganti kata sandi akun saya?",
        "keywords": "lupa kata sandi password akun masuk",
        "answer": "Pilih Lupa Kata Sandi di halaman masuk; tautan untuk membuat kata sandi "
        "baru dikirim ke email Anda dan berlaku 30 menit.",
        "category": "account",
    },
    {
        "question": "How do I track my parcel?",
        "keywords": "tracking shipment courier delivery",
        "answer": "Open My Orders and tap Track: the courier's updates and the tracking "
        "number appear there.",
        "category": "shipping",
        "language": "en",
    },
    {
        "question": "How do I return an item that does not fit?",
        "keywords": "return refund exchange size",
        "answer": "Open My Orders, choose the delivered order and tap Request a Return within "
        "7 days; we collect the parcel and refund you once it arrives.",
        "category": "return",
        "language": "en",
    },
)


async def seed_faqs(*, database_url: str) -> int:
    """Add the starting FAQs unless the help centre has any; returns how many were added."""
    engine = make_async_engine(database_url, pool_size=1)
    try:
        uows = UnitOfWorkFactory(make_session_factory(engine), producer="support")
        async with uows() as uow:
            if await uow.session.scalar(select(func.count()).select_from(Faq)):
                return 0
            now = datetime.now(UTC)
            for faq in FAQS:
                await faqs.create_faq(uow, at=now, **{"language": "id", **faq})
            await uow.commit()
        return len(FAQS)
    finally:
        await engine.dispose()
