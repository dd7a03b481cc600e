"""``lakoo admin create``: the first admin, created (or promoted) directly in auth_db.

It goes through the auth service layer, so the user row and its ``user.registered`` /
``user.role_changed`` event commit together like any other account change.
"""

from __future__ import annotations

import asyncio

import typer

app = typer.Typer(help="Administrative accounts.", no_args_is_help=True)


@app.callback()
def admin() -> None:
    """Administrative accounts (a group, so ``create`` stays a subcommand)."""


async def create_admin(email: str, password: str, full_name: str) -> tuple[str, bool]:
    """Create (or promote) an admin through the auth service layer; (user id, created?)."""
    from api.auth import service
    from api.auth.clock import SystemClock
    from api.auth.settings import get_settings
    from api.kit.db import make_async_engine, make_session_factory
    from api.kit.uow import UnitOfWorkFactory

    engine = make_async_engine(get_settings().resolved_database_url, pool_size=1)
    try:
        uows = UnitOfWorkFactory(make_session_factory(engine), producer="auth")
        async with uows() as uow:
            user, created = await service.ensure_admin(
                uow, clock=SystemClock(), email=email, password=password, full_name=full_name
            )
            await uow.commit()
        return str(user.id), created
    finally:
        await engine.dispose()


@app.command()
def create(
    email: str = typer.Option(..., help="The admin's email (login name)."),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, help="Password (min. 8 characters) for a new account."
    ),
    full_name: str = typer.Option("LAKOO Admin", help="Display name for a new account."),
) -> None:
    """Create an active admin, or promote an existing account to admin (password unchanged)."""
    if len(password) < 8:
        raise typer.BadParameter("the password must have at least 8 characters")
    user_id, created = asyncio.run(create_admin(email, password, full_name))
    verb = "created" if created else "promoted"
    typer.echo(f"admin {email.strip().lower()} {verb} (id {user_id})")
