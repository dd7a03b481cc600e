"""The review text filter (pure): a word blocklist in Indonesian and English, links, and phone
numbers. Text that passes is approved at once; anything caught waits for a moderator.

Words are compared whole, after folding case, the usual digit-for-letter disguises ("4nj1ng")
and stretched letters ("anjiiing"), so "asuransi" is not "asu" and "bangsaaat" still is
"bangsat". Links are schemes, ``www.``, short-link hosts and bare domains with a common TLD.
Phone numbers are Indonesian numbers (``08…``, ``+62 8…``, ``62 8…``) however they are spaced,
dotted or dashed, and any other run of ten or more digits — sellers' and buyers' ways of taking
a sale off the platform.
"""

from __future__ import annotations

import re
from typing import Literal

Reason = Literal["blocklist", "link", "phone_number"]

BLOCKLIST = frozenset(
    {
        # Indonesian (and the regional slurs heard across the archipelago)
        "anjing", "anjg", "bangsat", "bajingan", "brengsek", "kontol", "memek", "ngentot",
        "entot", "goblok", "goblog", "tolol", "kampret", "keparat", "jancok", "jancuk",
        "asu", "pantek", "pepek", "sundal", "lonte", "perek", "bego", "tai", "taik", "bacot",
        # English
        "fuck", "fucking", "fucker", "motherfucker", "shit", "bullshit", "bitch", "bastard",
        "asshole", "dick", "cunt", "whore", "slut", "retard", "wanker",
    }
)  # fmt: skip

_DISGUISES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                            "$": "s", "!": "i"})  # fmt: skip
_WORD = re.compile(r"[a-z0-9@$!]+")
_STRETCHED = re.compile(r"(.)\1{2,}")
_LINK = re.compile(
    r"(?:https?://|www\.|\b(?:bit\.ly|wa\.me|t\.me|s\.id|linktr\.ee)\b"
    r"|\b[a-z0-9][a-z0-9-]*\.(?:com|id|co\.id|net|org|me|ly|io|shop|store|xyz|link|site|online)\b)",
    re.IGNORECASE,
)
_SEPARATED_DIGITS = re.compile(r"\+?\d(?:[\s().-]{0,2}\d)+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _folded(word: str) -> str:
    return _STRETCHED.sub(r"\1", word.translate(_DISGUISES))


def has_blocked_word(text: str) -> bool:
    """Whether any word of ``text`` (disguises undone) is on the blocklist."""
    for word in _words(text):
        folded = _folded(word)
        # "bangsaaat" → "bangsat"; a word whose letters are simply doubled stays itself too
        if word in BLOCKLIST or folded in BLOCKLIST or _STRETCHED.sub(r"\1\1", word) in BLOCKLIST:
            return True
    return False


def has_link(text: str) -> bool:
    """Whether ``text`` holds a URL, a short link or a bare domain."""
    return _LINK.search(text) is not None


def has_phone_number(text: str) -> bool:
    """Whether ``text`` holds an Indonesian phone number or a long run of digits."""
    for match in _SEPARATED_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) >= 10:
            return True
        for prefix in ("08", "628"):
            if digits.startswith(prefix) and len(digits) >= 9:
                return True
    return False


def review_text_problems(text: str | None) -> list[Reason]:
    """Why ``text`` needs a moderator (empty: approve at once)."""
    if not text:
        return []
    reasons: list[Reason] = []
    if has_blocked_word(text):
        reasons.append("blocklist")
    if has_link(text):
        reasons.append("link")
    if has_phone_number(text):
        reasons.append("phone_number")
    return reasons
