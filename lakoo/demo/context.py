"""What the demo's steps share: the console, the trading week, the endpoints, their results."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console

from lakoo.demo.week import TradingWeek
from lakoo.simulate.client import Endpoints


@dataclass
class Demo:
    """One demo run, handed to every step."""

    console: Console
    week: TradingWeek
    shoppers: int = 20
    endpoints: Endpoints = field(default_factory=Endpoints)
    results: dict[str, Any] = field(default_factory=dict)  # what a step leaves for later ones
    where_to_look: list[tuple[str, str]] = field(default_factory=list)  # (part, where)


@dataclass(frozen=True)
class Step:
    """A titled step; ``function`` is ``"module:function"``, imported when the step runs."""

    title: str
    function: str

    def resolve(self) -> Callable[[Demo], None]:
        module, _, name = self.function.partition(":")
        run: Callable[[Demo], None] = getattr(importlib.import_module(module), name)
        return run
