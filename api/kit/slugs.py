"""URL slugs ("Kemeja Batik Pria" → "kemeja-batik-pria"), for every service that makes them."""

from __future__ import annotations

import re
import secrets
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_length: int = 80) -> str:
    """Lower-case ASCII words joined by hyphens; accents folded, never empty."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_WORD.sub("-", folded.lower()).strip("-")[:max_length].strip("-")
    return slug or "item"


def unique_suffix(slug: str) -> str:
    """``slug`` with a short random suffix, for when the plain slug is taken."""
    return f"{slug}-{secrets.token_hex(3)}"
