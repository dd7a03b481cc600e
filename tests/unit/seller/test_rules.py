"""Pure rules of the seller service: WIB weeks, the auto-payout date, what a document is."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from api.kit.errors import Unprocessable
from api.seller.service.documents import sniff
from api.seller.service.moderation import week_start
from api.seller.service.payouts import next_auto_payout


def test_weeks_start_on_the_wib_monday() -> None:
    # Sunday 17:30 UTC is Monday 00:30 in Jakarta: already the next week
    assert week_start(datetime(2026, 11, 29, 17, 30, tzinfo=UTC)) == date(2026, 11, 30)
    assert week_start(datetime(2026, 11, 29, 16, 59, tzinfo=UTC)) == date(2026, 11, 23)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (datetime(2026, 11, 24, 3, 0, tzinfo=UTC), date(2026, 11, 30)),  # Tuesday: next Monday
        (datetime(2026, 11, 30, 1, 0, tzinfo=UTC), date(2026, 11, 30)),  # Monday 08:00 WIB
        (datetime(2026, 11, 30, 2, 0, tzinfo=UTC), date(2026, 12, 7)),  # Monday 09:00 WIB: ran
    ],
)
def test_the_auto_payout_is_the_next_monday_nine_oclock(at: datetime, expected: date) -> None:
    assert next_auto_payout(at, weekday=0, hour=9) == expected


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\nrest", "image/png"),
        (b"%PDF-1.7 rest", "application/pdf"),
    ],
)
def test_documents_are_known_by_their_first_bytes(data: bytes, content_type: str) -> None:
    assert sniff(data)[0] == content_type


@pytest.mark.parametrize("data", [b"GIF89a", b"<html>", b"PK\x03\x04", b"\x89PN"])
def test_other_files_are_refused_naming_the_file(data: bytes) -> None:
    with pytest.raises(Unprocessable) as refused:
        sniff(data)
    assert refused.value.errors == [
        {"field": "file", "message": "Documents must be JPEG, PNG or PDF files", "type": "domain"}
    ]
