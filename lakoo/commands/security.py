"""``lakoo security doc``: the authorization table of every route, from the code, into
``docs/security.md`` (``--check``: fail when a route has no rule or the document is stale).

The rules come from ``api.kit.access`` (each route's auth dependencies plus its ``@owner`` /
``@public`` / ``@webhook`` declaration); every built service is included, found on disk.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import typer

from api.gateway.routing import PREFIXES, built_services
from api.kit.access import RouteAccess, describe, problems

app = typer.Typer(help="The authorization review: who may call each route, whose data it touches.")

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"

HEADER = """# Security: who may call each route, and whose data it touches

Generated from the code by `lakoo security doc` — do not edit by hand; a test fails when a
route has no declared rule or this file is stale. The mechanism (`api/kit/access.py`, described
in [service-anatomy.md](service-anatomy.md#who-may-call-a-route)) reads each route's auth
dependencies (`InternalCall`, `require_roles`, `CurrentPrincipal`, `OptionalPrincipal`) for *who*
and the route's `@owner` / `@public` / `@webhook` declaration for *whose data*.

The trust model (DESIGN §5): the gateway verifies the JWT and vouches for `x-user-id` /
`x-user-role` with `x-gateway-key`; services believe those headers only with that key.
`/internal/...` answers only with `x-internal-api-key` and is never routed by the gateway;
`/webhooks/...` is public but each route checks its provider's token or signature. Admins pass
every ownership check (`api.kit.auth.ensure_owner`). `/health` and `/ready` of every service are
open and not listed per service; the gateway routes neither `/ready` nor a service's own
`/openapi.json` or `/docs`.
"""


def _apps() -> dict[str, object]:
    # Building an app reads its settings, and settings need secrets; the table serves nothing,
    # so throw-away ones do when the environment has none.
    from lakoo.runtime.secrets import generate

    for name, value in generate().items():
        os.environ.setdefault(name, value)
    # nor does it need the production-only provider settings (a notification key pair…)
    os.environ.setdefault("LAKOO_ENV", "development")
    return {
        service: importlib.import_module(f"api.{service}.app").create_app()
        for service in sorted(built_services())
    }


def _row(rule: RouteAccess) -> str:
    return f"| `{rule.method}` | `{rule.path}` | {rule.callers} | {rule.owner or 'UNDECLARED'} |"


def _skipped(rule: RouteAccess) -> bool:
    return rule.path in ("/health", "/ready")


def render(apps: dict[str, object]) -> str:
    """The whole document for ``{service: app}``."""
    lines = [HEADER]
    for service, service_app in apps.items():
        prefixes = sorted(p for p, owner in PREFIXES.items() if owner == service)
        lines += [
            f"## {service}",
            "",
            f"Gateway prefixes: {', '.join(f'`{p}`' for p in prefixes) or 'none'}.",
            "",
            "| method | path | who may call | whose data (ownership rule) |",
            "|---|---|---|---|",
        ]
        for rule in describe(service_app):  # type: ignore[arg-type]
            if not _skipped(rule):
                lines.append(_row(rule))
        lines.append("")
    return "\n".join(lines)


def undeclared(apps: dict[str, object]) -> list[str]:
    """Every route of every service without a rule, or with a contradictory one."""
    return [
        f"{service}: {problem}"
        for service, service_app in apps.items()
        for problem in problems(service_app)  # type: ignore[arg-type]
    ]


@app.callback()
def security() -> None:
    """The authorization review (a group, so ``doc`` stays a subcommand)."""


@app.command()
def doc(
    check: bool = typer.Option(False, "--check", help="Fail if stale or a rule is missing."),
) -> None:
    """Write docs/security.md from the code (or, with --check, verify it)."""
    apps = _apps()
    missing = undeclared(apps)
    for problem in missing:
        typer.echo(f"✗ {problem}", err=True)
    text = render(apps)
    if check:
        stale = not DOC.exists() or DOC.read_text() != text
        if stale:
            typer.echo(f"✗ {DOC} is stale: run `lakoo security doc`", err=True)
        raise typer.Exit(1 if missing or stale else 0)
    DOC.write_text(text)
    typer.echo(f"wrote {DOC} ({text.count(chr(10) + '| `')} routes)")
    if missing:
        raise typer.Exit(1)
