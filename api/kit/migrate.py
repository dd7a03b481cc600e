"""Per-service Alembic histories (``lakoo db upgrade [service]``).

Every service keeps its revisions in ``api/<service>/migrations/`` and its ORM tables on
``api/<service>/models.py``'s ``metadata``; the environment (``api/kit/migrations/env.py``) is
shared. A service's first revision calls ``install_kit_tables`` for its outbox and inbox.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from alembic import command
from alembic.config import Config

from api.kit.db import with_driver
from api.kit.settings import load_service_settings
from api.kit.topology import SERVICES

API_DIR = Path(__file__).resolve().parent.parent
KIT_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def migratable_services() -> list[str]:
    """Services built so far: those with a ``migrations/`` folder under ``api/``."""
    return [name for name in SERVICES if (API_DIR / name / "migrations").is_dir()]


def alembic_config(service: str, database_url: str) -> Config:
    """The Alembic configuration of one service's history against ``database_url``."""
    config = Config()
    config.set_main_option("script_location", str(KIT_MIGRATIONS))
    # Paths are joined with the OS separator (Alembic warns unless told which to use).
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(API_DIR / service / "migrations"))
    config.set_main_option("sqlalchemy.url", with_driver(database_url, "psycopg"))
    models = importlib.import_module(f"api.{service}.models")
    config.attributes["target_metadata"] = models.metadata
    return config


def upgrade(service: str, *, database_url: str | None = None, revision: str = "head") -> None:
    """Bring ``service``'s database to ``revision`` (default: the latest)."""
    url = database_url or load_service_settings(service).resolved_database_url
    command.upgrade(alembic_config(service, url), revision)


def upgrade_all() -> list[str]:
    """Upgrade every built service; returns their names."""
    services = migratable_services()
    for service in services:
        upgrade(service)
    return services
