"""Where the dbt project is and how to point it at a database (env vars read by profiles.yml)."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"


def dbt_env(database_url: str) -> dict[str, str]:
    """The ``LAKOO_ANALYTICS_*`` variables that make profiles.yml connect to ``database_url``."""
    url = make_url(database_url)
    return {
        "LAKOO_ANALYTICS_HOST": url.host or "127.0.0.1",
        "LAKOO_ANALYTICS_PORT": str(url.port or 5432),
        "LAKOO_ANALYTICS_USER": url.username or "postgres",
        "LAKOO_ANALYTICS_PASSWORD": url.password or "",
        "LAKOO_ANALYTICS_DBNAME": url.database or "analytics_db",
        # dbt phones home by default; this platform runs offline
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def analytics_url_from_env() -> str:
    """The analytics database DSN profiles.yml would connect to, from the same variables."""
    env = os.environ
    password = env.get("LAKOO_ANALYTICS_PASSWORD", "")
    auth = env.get("LAKOO_ANALYTICS_USER", "postgres") + (f":{password}" if password else "")
    host = env.get("LAKOO_ANALYTICS_HOST", "127.0.0.1")
    port = env.get("LAKOO_ANALYTICS_PORT", "5433")
    return f"postgresql://{auth}@{host}:{port}/{env.get('LAKOO_ANALYTICS_DBNAME', 'analytics_db')}"
