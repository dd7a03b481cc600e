"""The local installation's secrets: generated once, private, complete, never a committed value."""

from __future__ import annotations

import importlib
import json
import stat
from pathlib import Path

import pytest
from pydantic import SecretStr

from api.kit.settings import StackSettings, env_name, unusable_secret
from api.kit.topology import SERVICES
from lakoo.runtime import secrets as local
from lakoo.runtime.secrets import LOCAL_SECRETS, generate, local_secrets, use_local_development

API = Path(__file__).resolve().parents[3] / "api"


def _settings_classes() -> list[type[StackSettings]]:
    for name in [*SERVICES, "gateway"]:
        for module in ("settings", "app"):
            if (API / name / f"{module}.py").is_file():
                importlib.import_module(f"api.{name}.{module}")
    found: list[type[StackSettings]] = []
    pending = [StackSettings]
    while pending:
        klass = pending.pop()
        found.append(klass)
        pending.extend(klass.__subclasses__())
    return found


def test_every_secret_a_settings_class_reads_is_generated_locally() -> None:
    """A service that adds a ``SecretStr`` must add it to ``LOCAL_SECRETS`` (or `lakoo up`
    could not start it)."""
    needed = {
        env_name(klass, field)
        for klass in _settings_classes()
        for field, info in klass.model_fields.items()
        if info.annotation is SecretStr
    }
    assert needed, "no settings class holds a secret?"
    assert needed <= set(LOCAL_SECRETS), sorted(needed - set(LOCAL_SECRETS))


def test_generated_secrets_are_usable_and_fresh() -> None:
    first, second = generate(), generate()
    assert all(unusable_secret(value) is None for value in first.values())
    assert all(first[name] != second[name] for name in first)


def test_the_local_secrets_are_generated_once_and_kept_private(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    first = local_secrets(path)
    assert local_secrets(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(first) == set(LOCAL_SECRETS)


def test_a_secret_added_later_is_appended_without_changing_the_others(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    path.write_text(json.dumps({"GATEWAY_SECRET_KEY": "kept-gateway-key-123456"}))
    values = local_secrets(path)
    assert values["GATEWAY_SECRET_KEY"] == "kept-gateway-key-123456"
    assert set(values) == set(LOCAL_SECRETS)


def test_development_is_explicit_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAKOO_HOME", str(tmp_path))
    monkeypatch.delenv("LAKOO_ENV", raising=False)
    monkeypatch.setenv("INTERNAL_API_KEY", "set-by-the-operator-0123456789")
    monkeypatch.delenv("GATEWAY_SECRET_KEY", raising=False)
    path = use_local_development()
    import os

    assert path == tmp_path / "secrets.json" == local.secrets_file()
    assert os.environ["LAKOO_ENV"] == "development"
    assert os.environ["INTERNAL_API_KEY"] == "set-by-the-operator-0123456789"
    assert os.environ["GATEWAY_SECRET_KEY"] == json.loads(path.read_text())["GATEWAY_SECRET_KEY"]
