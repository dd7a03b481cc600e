"""The demo's catalogue: ``lakoo seed`` (house brands' garments with their brand prices)."""

from __future__ import annotations

from lakoo.commands import seed
from lakoo.demo.context import Demo


def run(demo: Demo) -> None:
    """Seed 120 products (idempotent: a second demo finds them there)."""
    seed.seed(products=120, random_seed=7)
