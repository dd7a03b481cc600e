"""Schema conventions every service's ``schemas.py`` builds on: strict input, standard pages."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict

T = TypeVar("T")

MAX_PAGE_SIZE = 100


class Schema(BaseModel):
    """Request bodies: an unknown field is a 422 naming it, never silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


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
    page: Annotated[int, Query(ge=1, description="1-based page number")] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page")] = 20,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


Paging = Annotated[PageParams, Depends(page_params)]
