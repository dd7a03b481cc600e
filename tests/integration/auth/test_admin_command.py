"""``lakoo admin create`` creates an active admin, or promotes an existing account."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from api.auth.models import User
from api.auth.settings import get_settings
from lakoo.commands import admin
from tests.integration.auth.helpers import new_email


@pytest.fixture
def on_test_database(auth_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTH_DATABASE_URL", auth_database)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _user(engine: Engine, email: str) -> User:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None
        return user


def test_admin_create_then_promote(on_test_database: None, auth_engine: Engine) -> None:
    runner = CliRunner()
    email = new_email()
    result = runner.invoke(
        admin.app, ["create", "--email", email.upper(), "--password", "adm1n-pass"]
    )
    assert result.exit_code == 0, result.output
    assert "created" in result.output
    user = _user(auth_engine, email)
    assert (user.role, user.status) == ("admin", "active")

    again = runner.invoke(admin.app, ["create", "--email", email, "--password", "ignored-pass"])
    assert again.exit_code == 0, again.output
    assert "promoted" in again.output


def test_admin_create_refuses_a_short_password(on_test_database: None) -> None:
    result = CliRunner().invoke(
        admin.app, ["create", "--email", new_email(), "--password", "short"]
    )
    assert result.exit_code != 0
