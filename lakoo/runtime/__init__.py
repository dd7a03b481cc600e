"""The local stack: a real PostgreSQL and a real Kafka for development and tests (DESIGN §3).

``lakoo.runtime.stack`` is the entry point (``up``/``down``/``status``/``reset``);
``lakoo.runtime.postgres`` and ``lakoo.runtime.kafka`` each manage one server. This module holds
what they share: where the stack keeps its state and the one error they raise.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["StackError", "lakoo_home", "repo_root"]


class StackError(RuntimeError):
    """A stack part could not be started, stopped or reached; the message says where to look."""


def repo_root() -> Path:
    """The checkout this package runs from: the nearest ancestor holding ``pyproject.toml``."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    # an installed (non-editable) copy has no checkout around it; keep state beside the caller
    return Path.cwd()


def lakoo_home() -> Path:
    """The git-ignored state directory (``<repo>/.lakoo`` unless ``LAKOO_HOME`` says otherwise)."""
    override = os.environ.get("LAKOO_HOME")
    return Path(override).expanduser().resolve() if override else repo_root() / ".lakoo"
