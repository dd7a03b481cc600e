"""The pack's jinja2 environment: templates beside this module, rupiah and WIB filters."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from assets.pack.money import day, rupiah, week_label

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    """Autoescaped HTML templates; an undefined name is an error, not an empty cell."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(rupiah=rupiah, day=day, week=week_label)
    return env


def stylesheet() -> str:
    """The pack's CSS (screen and print), inlined so a page is one self-contained file."""
    return (TEMPLATES / "pack.css").read_text()
