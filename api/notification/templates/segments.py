"""SMS segments: how many parts an SMS is billed and delivered as (GSM 03.38).

A message of GSM-7 characters fits 160 in one segment; longer ones are split into segments of
153 (7 characters go to the concatenation header). Characters of the extension table (``€``,
``[``, ``{``…) take two septets. Anything outside GSM-7 makes the whole message UCS-2: 70
characters alone, 67 per segment when split (counted in UTF-16 code units).
"""

from __future__ import annotations

import math

_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_EXTENSION = "^{}\\[~]|€\f"
BASIC = frozenset(_BASIC)
EXTENSION = frozenset(_EXTENSION)


def is_gsm7(text: str) -> bool:
    """True when every character has a GSM-7 encoding (basic or extension table)."""
    return all(ch in BASIC or ch in EXTENSION for ch in text)


def septets(text: str) -> int:
    """Length in GSM-7 septets (extension characters count two)."""
    return sum(2 if ch in EXTENSION else 1 for ch in text)


def segment_count(text: str) -> int:
    """How many SMS segments ``text`` is sent as (at least 1)."""
    if is_gsm7(text):
        length, single, multi = septets(text), 160, 153
    else:
        length, single, multi = len(text.encode("utf-16-le")) // 2, 70, 67
    if length <= single:
        return 1
    return math.ceil(length / multi)
