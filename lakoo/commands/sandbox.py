"""``lakoo sandbox xendit|biteship|messages|all``: the local provider sandboxes
(``lakoo.sandboxes``).

The services' real HTTP clients talk to these by default (``XENDIT_BASE_URL`` /
``BITESHIP_BASE_URL``); their callbacks go through the gateway unless told otherwise.
``lakoo sandbox all`` serves every sandbox of the table in one process (``lakoo up`` does).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.kit.topology import (
    BITESHIP_SANDBOX_PORT,
    MESSAGES_SANDBOX_PORT,
    MESSAGES_SANDBOX_SMTP_PORT,
    SERVER_KEEP_ALIVE_SECONDS,
    XENDIT_SANDBOX_PORT,
)

app = typer.Typer(
    help="Local provider sandboxes (Xendit-, Biteship-, messaging-providers-compatible)."
)


def _serve(app_: Any, host: str, port: int, *, access_log: bool = True) -> None:
    """One sandbox on ``host:port`` until interrupted (idle connections kept as our servers do)."""
    import uvicorn

    uvicorn.run(
        app_,
        host=host,
        port=port,
        log_level="info",
        access_log=access_log,
        timeout_keep_alive=SERVER_KEEP_ALIVE_SECONDS,
    )


@app.command()
def xendit(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = XENDIT_SANDBOX_PORT,
    callback_url: Annotated[
        str | None, typer.Option(help="Where invoice callbacks go (XENDIT_CALLBACK_URL)")
    ] = None,
    disbursement_callback_url: Annotated[
        str | None,
        typer.Option(help="Where disbursement callbacks go (XENDIT_DISBURSEMENT_CALLBACK_URL)"),
    ] = None,
) -> None:
    """Serve the Xendit-compatible sandbox (invoices, disbursements, bank-name checks)."""

    from lakoo.sandboxes.xendit import XenditSandboxSettings, create_xendit_sandbox

    settings = XenditSandboxSettings()
    updates: dict[str, str] = {"public_url": f"http://{host}:{port}"}
    if callback_url:
        updates["callback_url"] = callback_url
    if disbursement_callback_url:
        updates["disbursement_callback_url"] = disbursement_callback_url
    settings = settings.model_copy(update=updates)
    _serve(create_xendit_sandbox(settings), host, port)


@app.command()
def biteship(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = BITESHIP_SANDBOX_PORT,
    webhook_url: Annotated[
        str | None, typer.Option(help="Where status webhooks go (BITESHIP_WEBHOOK_URL)")
    ] = None,
) -> None:
    """Serve the Biteship-compatible courier sandbox."""

    from lakoo.sandboxes.biteship import BiteshipSandboxSettings, create_biteship_sandbox

    settings = BiteshipSandboxSettings()
    if webhook_url:
        settings = settings.model_copy(update={"webhook_url": webhook_url})
    _serve(create_biteship_sandbox(settings), host, port)


@app.command()
def messages(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="HTTP port (providers' APIs, the inbox)")] = (
        MESSAGES_SANDBOX_PORT
    ),
    smtp_port: Annotated[int, typer.Option(help="SMTP port")] = MESSAGES_SANDBOX_SMTP_PORT,
    webhook_url: Annotated[
        str | None,
        typer.Option(help="Base URL of the receipt webhooks (MESSAGES_SANDBOX_WEBHOOK_BASE_URL)"),
    ] = None,
) -> None:
    """Serve the messaging sandbox: SMTP plus SendGrid/Twilio/Vonage/WhatsApp/FCM, and the inbox."""

    from lakoo.sandboxes.messages import MessagesSandboxSettings, create_messages_sandbox

    updates: dict[str, object] = {"smtp_host": host, "smtp_port": smtp_port}
    if webhook_url:
        updates["webhook_base_url"] = webhook_url
    settings = MessagesSandboxSettings().model_copy(update=updates)
    # access logs off: request lines are harmless, but the sandbox keeps message content quiet
    _serve(create_messages_sandbox(settings), host, port, access_log=False)


@app.command("all")
def all_sandboxes(
    sandboxes: Annotated[
        list[str] | None,
        typer.Argument(help="NAME or NAME:PORT of each to serve; none: every sandbox."),
    ] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
) -> None:
    """Serve sandboxes side by side in one process, each on its port."""
    from lakoo.runtime.hosting import Hosted, HostingError, run
    from lakoo.sandboxes import SANDBOXES

    table = {sandbox.name: sandbox for sandbox in SANDBOXES}
    apps = []
    for target in sandboxes or list(table):
        name, _, port = target.partition(":")
        if name not in table or (port and not port.isdigit()):
            raise typer.BadParameter(f"{target!r}: one of {', '.join(table)}, optionally :PORT")
        sandbox = table[name]
        apps.append(Hosted(name, int(port or sandbox.port), sandbox.factory, host=host))
    try:
        run(apps)
    except HostingError as exc:
        typer.echo(f"lakoo sandbox all: {exc}", err=True)
        raise typer.Exit(1) from None


if __name__ == "__main__":
    app()
