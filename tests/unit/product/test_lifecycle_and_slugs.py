"""The product status lifecycle and slugs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from api.kit.slugs import slugify
from api.product.lifecycle import STATUSES, can_transition, is_public


def test_discontinued_is_terminal() -> None:
    assert not any(can_transition("discontinued", s) for s in STATUSES)


def test_active_and_inactive_toggle_and_nothing_returns_to_draft() -> None:
    assert can_transition("active", "inactive") and can_transition("inactive", "active")
    assert not any(can_transition(s, "draft") for s in STATUSES)


def test_only_active_products_are_public() -> None:
    assert [s for s in STATUSES if is_public(s)] == ["active"]


def test_slugify_folds_accents_and_punctuation() -> None:
    assert slugify("Kemeja Batik — Pria (Ukuran L)") == "kemeja-batik-pria-ukuran-l"
    assert slugify("Café Crème") == "cafe-creme"


@given(st.text())
def test_slugify_is_never_empty_and_url_safe(text: str) -> None:
    slug = slugify(text)
    assert slug and set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert not slug.startswith("-") and not slug.endswith("-")
