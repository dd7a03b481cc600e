"""The product service's settings (``PRODUCT_*``: the database and where images are stored)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from api.kit.media import MediaSettings


class ProductSettings(MediaSettings):
    """``PRODUCT_*``: the database and where images are stored (``api.kit.media``: local files,
    or S3 whose secret ``PRODUCT_S3_SECRET_KEY`` is then required)."""

    model_config = SettingsConfigDict(env_prefix="PRODUCT_")
    service_name: ClassVar[str] = "product"

    # search (api.product.search): the total stops counting here (then shown as "1,000+"), and
    # relevance ranks this many of the matches the GIN indexes yield first (scoring each costs
    # tens of µs: 2,000 was most of a broad word's 50 ms; bench/README.md, issue 19)
    search_total_cap: int = 1_000
    search_rank_candidates: int = 500


@lru_cache
def get_settings() -> ProductSettings:
    """The process's settings (tests build their own copies)."""
    return ProductSettings()
