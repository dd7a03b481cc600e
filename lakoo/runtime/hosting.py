"""Many ASGI apps in one process: one uvicorn server per app, each on its own port, one loop.

The development topology (DESIGN §3) serves every HTTP service and the gateway from one process
(``lakoo serve`` with no service named) and every sandbox from another (``lakoo sandbox all``).
Each app is built exactly as ``lakoo serve <service>`` builds it — its own settings, lifespan,
engine and pool — so a service cannot tell whether it shares its process. Apps start in waves
(the gateway after the services it warms its JWKS from); if one cannot start (its port is
taken, its lifespan fails), the others are stopped and the process exits with an error that
names it.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import uvicorn

from api.kit.logging import get_logger, service_var
from api.kit.topology import SERVER_KEEP_ALIVE_SECONDS

log = get_logger("lakoo.hosting")

ASGIApp = Callable[..., Any]


@dataclass(frozen=True)
class Hosted:
    """One app to serve: a name for its logs, where it listens, and how it is built."""

    name: str
    port: int
    factory: str  # "module:function" returning the app; imported only when hosting starts
    host: str = "127.0.0.1"
    wave: int = 0  # apps of a later wave start once every app of the earlier ones listens

    def build(self) -> ASGIApp:
        module, _, function = self.factory.partition(":")
        app: ASGIApp = getattr(importlib.import_module(module), function)()
        return app


class HostingError(RuntimeError):
    """An app could not start; the message names it."""


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signals to the host (one handler stops every server)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _named(app: ASGIApp, name: str) -> ASGIApp:
    """The app, with every log line of its requests and lifespan naming it."""

    async def asgi(scope: Any, receive: Any, send: Any) -> None:
        token = service_var.set(name)
        try:
            await app(scope, receive, send)
        finally:
            service_var.reset(token)

    return asgi


def _server(hosted: Hosted) -> _QuietServer:
    config = uvicorn.Config(
        _named(hosted.build(), hosted.name),
        host=hosted.host,
        port=hosted.port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_keep_alive=SERVER_KEEP_ALIVE_SECONDS,
    )
    return _QuietServer(config)


async def _start(name: str, server: _QuietServer) -> asyncio.Task[None]:
    """Start ``server`` and wait until it listens; raise :class:`HostingError` if it cannot."""

    async def serve() -> None:
        try:
            await server.serve()
        except SystemExit as exc:  # uvicorn exits when it cannot bind or its lifespan fails
            raise HostingError(f"{name} could not start (see the error above)") from exc

    task = asyncio.create_task(serve(), name=name)
    while not server.started:
        if task.done():
            task.result()  # raises the HostingError
            raise HostingError(f"{name} stopped before it listened")
        await asyncio.sleep(0.02)
    return task


async def serve_all(apps: Sequence[Hosted]) -> None:
    """Serve every app until SIGINT/SIGTERM or until one of them stops on its own."""
    service_var.set("host")  # the host's own lines; each app's carry the app's name
    loop = asyncio.get_running_loop()
    # The apps share the loop's default thread pool (asyncio's size, as each had alone): what
    # they hand to threads is CPU-bound (password hashing), and more threads than cores only
    # make every request wait longer.
    stopping = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    servers: dict[str, _QuietServer] = {}
    tasks: list[asyncio.Task[None]] = []
    try:
        for wave in sorted({app.wave for app in apps}):
            if stopping.is_set():  # Ctrl-C while the earlier waves started: start no more
                break
            members = [app for app in apps if app.wave == wave]
            for app in members:
                servers[app.name] = _server(app)
            tasks += await asyncio.gather(*(_start(a.name, servers[a.name]) for a in members))
        log.info(
            "serving " + ", ".join(f"{a.name} :{a.port}" for a in apps),
            extra={"apps": {a.name: a.port for a in apps}},
        )
        ended = asyncio.ensure_future(stopping.wait())
        done, _ = await asyncio.wait([ended, *tasks], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not ended and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
    finally:
        for server in servers.values():
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)


def run(apps: Sequence[Hosted]) -> None:
    """``serve_all`` on uvloop when it is installed (what ``uvicorn.run`` would choose)."""
    loop_factory: Callable[[], asyncio.AbstractEventLoop] | None
    try:
        import uvloop

        loop_factory = uvloop.new_event_loop
    except ImportError:
        loop_factory = None
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(serve_all(apps))
