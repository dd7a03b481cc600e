"""``lakoo db upgrade [service]``: each service's Alembic history on its own database."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    help="Database migrations (one Alembic history per service).", no_args_is_help=True
)
console = Console()


@app.command()
def upgrade(
    service: str = typer.Argument(None, help="One service; all built services when omitted."),
    revision: str = typer.Option("head", help="Target revision."),
) -> None:
    """Upgrade one service's database, or every built service's."""
    from api.kit import migrate  # Alembic is slow to import; only this command needs it

    services = [service] if service else migrate.migratable_services()
    if service and service not in migrate.migratable_services():
        raise typer.BadParameter(f"no migrations for service {service!r}", param_hint="SERVICE")
    for name in services:
        migrate.upgrade(name, revision=revision)
        console.print(f"[green]✓[/] {name} at {revision}")
    if not services:
        console.print("no service with migrations yet")
