"""The local installation's secrets: generated once, kept under ``.lakoo/``, never committed.

No secret has a default anywhere (``api.kit.settings``), so something must make them for a
developer's machine. ``lakoo up`` and ``lakoo demo`` call :func:`use_local_development`: it
generates every secret of :data:`LOCAL_SECRETS` the first time (``.lakoo/secrets.json``, mode
0600, git-ignored like the rest of ``.lakoo/``), puts them in the environment of the platform's
processes (a value already set in the environment wins) and runs in development explicitly.
Every other ``lakoo`` command run from the checkout (``seed``, ``admin create``, ``serve``…)
reads the same file when it exists (:func:`load_local_secrets`), without changing the
environment it runs in. The test suite and the e2e harness call :func:`generate` for secrets
of their own.

A new secret (a provider key of a new service) gets one line in :data:`LOCAL_SECRETS`; a unit
test fails while a settings class holds a ``SecretStr`` this table does not generate.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from lakoo.runtime import lakoo_home


def _token(prefix: str = "") -> Callable[[], str]:
    return lambda: prefix + secrets.token_urlsafe(32)


def _ed25519_pem() -> str:
    from api.auth.keys import generate_private_key_pem

    return generate_private_key_pem()


# environment variable → how to make a fresh value (the providers' sandboxes read the same names)
LOCAL_SECRETS: dict[str, Callable[[], str]] = {
    "GATEWAY_SECRET_KEY": _token("gw_"),
    "INTERNAL_API_KEY": _token("int_"),
    "AUTH_JWT_PRIVATE_KEY": _ed25519_pem,
    "XENDIT_SECRET_KEY": _token("xnd_development_"),
    "XENDIT_CALLBACK_TOKEN": _token(),
    "BITESHIP_API_KEY": _token("biteship_test."),
    "BITESHIP_WEBHOOK_SECRET": _token(),
    # notification's providers (the messaging sandbox checks and signs with the same)
    "SENDGRID_API_KEY": _token("SG."),
    "TWILIO_AUTH_TOKEN": _token(),
    "VONAGE_API_SECRET": _token(),
    "VONAGE_SIGNATURE_SECRET": _token(),
    "WHATSAPP_ACCESS_TOKEN": _token(),
    "WHATSAPP_APP_SECRET": _token(),
    "WHATSAPP_VERIFY_TOKEN": _token(),
}


def generate() -> dict[str, str]:
    """A fresh value for every secret (tests and throw-away platforms)."""
    return {name: make() for name, make in LOCAL_SECRETS.items()}


def secrets_file() -> Path:
    """Where the local installation keeps its secrets."""
    return lakoo_home() / "secrets.json"


def local_secrets(path: Path | None = None) -> dict[str, str]:
    """The installation's secrets, generated on first use; a secret added since is appended.

    Generated values never change afterwards: tokens auth issued and invoices the sandbox
    signed stay valid across restarts.
    """
    path = path or secrets_file()
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = {name: make() for name, make in LOCAL_SECRETS.items() if name not in stored}
    if missing:
        stored.update(missing)
        _write_private(path, stored)
    return stored


def _write_private(path: Path, values: dict[str, str]) -> None:
    # written beside the target with owner-only permissions, then renamed over it atomically
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(values, handle, indent=2, sort_keys=True)
    tmp.replace(path)


def use_local_development() -> Path:
    """Put the local secrets in this process's environment (inherited by its children) and
    run in development; returns the secrets file. Values already in the environment win."""
    path = secrets_file()
    for name, value in local_secrets(path).items():
        os.environ.setdefault(name, value)
    os.environ["LAKOO_ENV"] = os.environ.get("LAKOO_ENV") or "development"
    return path


def load_local_secrets() -> None:
    """Fill unset secrets from the local installation's file, if ``lakoo up`` made one."""
    path = secrets_file()
    if not path.exists():
        return
    for name, value in json.loads(path.read_text()).items():
        os.environ.setdefault(name, value)
