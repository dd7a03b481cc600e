"""Schema conventions every service's ``schemas.py`` builds on: strict input, bounded numbers,
standard pages.

Every number a client sends has an upper bound: an unbounded integer reaches PostgreSQL as an
out-of-range value (a 500) instead of a 422 naming the field, and bounds declared here are what
make the fuzzer's generated data meaningful (DESIGN §5). Money is integer rupiah up to
:data:`MAX_RUPIAH`; quantities of items up to :data:`MAX_UNITS`; pages up to :data:`MAX_PAGE`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator

T = TypeVar("T")

MAX_PAGE_SIZE = 100
# 10,000 pages of 100 is a million rows deep; past that a client filters instead of paging
MAX_PAGE = 10_000
# Rp 1 trillion: above any single price, order, refund or weekly settlement, far below BIGINT
MAX_RUPIAH = 1_000_000_000_000
# a million units of one SKU in one movement, order line or purchase order is never real
MAX_UNITS = 1_000_000

# Money in request bodies: strict integers (no "100", 100.0 or true), integer rupiah.
Rupiah = Annotated[int, Strict(), Field(ge=0, le=MAX_RUPIAH, description="integer rupiah")]
PositiveRupiah = Annotated[
    int, Strict(), Field(ge=1, le=MAX_RUPIAH, description="integer rupiah, at least 1")
]
SignedRupiah = Annotated[
    int, Strict(), Field(ge=-MAX_RUPIAH, le=MAX_RUPIAH, description="integer rupiah, signed")
]
# Quantities of items in request bodies.
Units = Annotated[int, Strict(), Field(ge=1, le=MAX_UNITS, description="units, at least 1")]
UnitCount = Annotated[int, Strict(), Field(ge=0, le=MAX_UNITS, description="units")]
UnitChange = Annotated[
    int, Strict(), Field(ge=-MAX_UNITS, le=MAX_UNITS, description="signed change in units")
]


def rupiah_query(description: str = "integer rupiah") -> Any:
    """A money query parameter (``?max_price=``): 0 to :data:`MAX_RUPIAH`."""
    return Query(ge=0, le=MAX_RUPIAH, description=description)


# NUL and lone surrogates: valid in a Python str, refused by PostgreSQL (and by UTF-8 itself).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _refuse_unstorable_text(value: Any) -> Any:
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            raise ValueError("text must not contain NUL characters or unpaired surrogates")
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _refuse_unstorable_text(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable_text(key)
            _refuse_unstorable_text(item)
    return value


class Schema(BaseModel):
    """Request bodies: an unknown field is a 422 naming it, never silently dropped; text the
    database cannot store is a 422 too."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        return _refuse_unstorable_text(value)


class ReadSchema(BaseModel):
    """Response bodies, built from ORM objects."""

    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    """The answer of every list endpoint: ``{items, total, page, page_size}``."""

    items: list[T]
    total: int
    page: int
    page_size: int


class PageParams(BaseModel):
    """``?page=&page_size=`` (1-based page)."""

    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def page_params(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="1-based page number")] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page")] = 20,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


Paging = Annotated[PageParams, Depends(page_params)]
