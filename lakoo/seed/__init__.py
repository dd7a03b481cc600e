"""Reference and demo data: ``seed_catalog`` builds the fashion catalogue through the services."""

from lakoo.seed.catalog import SeedReport, seed_catalog

__all__ = ["SeedReport", "seed_catalog"]
