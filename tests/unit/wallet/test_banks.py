"""Bank codes, account-number lengths and holder-name matching."""

from __future__ import annotations

import pytest

from api.wallet.banks import account_number_problem, names_match, normalized_name


@pytest.mark.parametrize(
    ("bank", "number", "field"),
    [
        ("BCA", "1234567890", None),
        ("BCA", "123456789", "account_number"),
        ("BRI", "123456789012345", None),
        ("MANDIRI", "1234567890123", None),
        ("MANDIRI", "123456789012", "account_number"),
        ("CIMB", "12345678901234", None),
        ("BSI", "12345 67890", "account_number"),
        ("XYZ", "1234567890", "bank_code"),
    ],
)
def test_account_numbers_follow_their_banks_lengths(
    bank: str, number: str, field: str | None
) -> None:
    problem = account_number_problem(bank, number)
    assert (problem[0] if problem else None) == field


@pytest.mark.parametrize(
    ("bank_name", "expected", "match"),
    [
        ("BUDI SANTOSO", "Budi Santoso", True),
        ("SANTOSO BUDI", "Budi Santoso", True),
        ("BPK BUDI SANTOSO", "Budi Santoso", True),
        ("PT BATIK SARI NUSANTARA", "Batik Sari Nusantara", True),
        ("SITI NURHALIZA BINTI AH", "Siti Nurhaliza Binti Ahmad", True),  # the bank truncated it
        ("BUDI SANTOSA", "Budi Santoso", True),  # one letter off
        ("ANDI WIJAYA", "Budi Santoso", False),
        ("BUDI", "Budi Santoso Wijaya Kusuma", False),
        ("", "Budi", False),
    ],
)
def test_holder_names_are_compared_as_banks_write_them(
    bank_name: str, expected: str, match: bool
) -> None:
    assert names_match(bank_name, expected) is match


def test_normalized_names_drop_accents_punctuation_and_salutations() -> None:
    assert normalized_name("Ibu Dewi-Lestàri, S.E.") == "DEWI E LESTARI S"
