"""``lakoo deploy render``: the Kubernetes manifests of production, from the topology."""

from __future__ import annotations

from pathlib import Path

import typer

from lakoo.runtime import repo_root

app = typer.Typer(help="Production deployment files (deploy/k8s), rendered from the topology.")


@app.command()
def render(
    directory: Path = typer.Option(None, help="Where to write (default: deploy/k8s)."),
) -> None:
    """Write the manifests and the Dagster Helm values (docs/scaling.md says how to apply them)."""
    from lakoo.deploy.manifests import write

    for path in write(directory or repo_root() / "deploy" / "k8s"):
        typer.echo(f"wrote {path}")
