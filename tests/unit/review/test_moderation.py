"""The review text filter: blocklist words (disguised too), links, phone numbers — and ordinary
reviews left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.review.moderation import review_text_problems

CLEAN = [
    "Bahannya adem, jahitan rapi, ukuran M pas di badan. Recommended!",
    "Warnanya sesuai foto, pengiriman 2 hari. Terima kasih LAKOO.",
    "Asuransi pengiriman sangat membantu, barang sampai aman.",  # 'asu' inside a word
    "The fabric is soft and the fit is true to size; delivered in 3 days.",
    "Harga Rp 250.000 sepadan dengan kualitasnya, nomor pesanan ORD-20261124-7K2QX.",
    "Size 42 sedikit kebesaran, 4.5/5",
]


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_reviews_pass(text: str) -> None:
    assert review_text_problems(text) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Penjualnya goblok, barang rusak", "blocklist"),
        ("dasar BANGSAAAT", "blocklist"),
        ("4nj1ng kualitasnya", "blocklist"),
        ("This is shit quality", "blocklist"),
        ("what an a55hole seller", "blocklist"),
        ("Beli lebih murah di https://tokosebelah.example", "link"),
        ("cek www.diskonbaju.net ya", "link"),
        ("order via bit.ly/murah123", "link"),
        ("lebih murah di bajumurah.co.id", "link"),
        ("chat wa.me/6281234567890", "link"),
        ("WA saya 0812-3456-7890 untuk harga grosir", "phone_number"),
        ("hubungi +62 812 3456 7890", "phone_number"),
        ("telp 0812.3456.789", "phone_number"),
        ("nomor 6281234567890", "phone_number"),
    ],
)
def test_blocked_words_links_and_phone_numbers_wait_for_a_moderator(text: str, reason: str) -> None:
    assert reason in review_text_problems(text)


def test_a_rating_only_review_has_nothing_to_check() -> None:
    assert review_text_problems(None) == [] and review_text_problems("") == []


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9).filter(
    lambda w: review_text_problems(w) == []
)
separators = st.sampled_from([" ", "-", ".", ""])


@given(
    st.lists(words, min_size=1, max_size=12),
    st.integers(min_value=0, max_value=12),
    st.sampled_from(["08", "+628", "628", "+62 8", "0 8"]),
    st.lists(st.integers(min_value=0, max_value=9), min_size=8, max_size=10),
    separators,
)
def test_a_phone_number_anywhere_in_a_review_is_caught(
    text_words: list[str], at: int, prefix: str, digits: list[int], separator: str
) -> None:
    groups = ["".join(map(str, digits[i : i + 4])) for i in range(0, len(digits), 4)]
    number = prefix + separator.join(groups)
    position = min(at, len(text_words))
    text = " ".join([*text_words[:position], number, *text_words[position:]])
    assert "phone_number" in review_text_problems(text)


@given(st.lists(words, min_size=1, max_size=30))
def test_plain_words_are_never_mistaken_for_links_or_numbers(text_words: list[str]) -> None:
    problems = review_text_problems(" ".join(text_words) + ".")
    assert "link" not in problems and "phone_number" not in problems
