"""Request body limits: 1 MiB by default, more on the upload routes, counted as the body streams.

``Content-Length`` is only a first answer (413 at once when it says too much): a client may send
no length (chunked) or a wrong one, so the bytes are counted as they are forwarded, and the
request is cut off with 413 the moment the count passes the limit, whatever the header said.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from starlette.types import Receive


class BodyTooLarge(Exception):
    """The streamed body passed its limit (raised into the upstream request to abort it)."""


@dataclass(frozen=True, slots=True)
class BodyLimits:
    """The default limit, and a larger one for paths matching ``upload_paths`` (glob, ``*`` is
    one segment or more: ``/api/products/*/images``)."""

    default: int
    upload: int
    upload_paths: Sequence[str] = ()

    def for_path(self, path: str) -> int:
        """The limit of a request to ``path`` (already normalised)."""
        if any(fnmatchcase(path, pattern) for pattern in self.upload_paths):
            return self.upload
        return self.default


class LimitedBody:
    """The request body as an async iterator that stops at ``limit`` bytes."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive = receive
        self.limit = limit
        self.received = 0
        self.exceeded = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            self.received += len(chunk)
            if self.received > self.limit:
                # remembered: an in-process upstream may swallow the exception into its own 500
                self.exceeded = True
                raise BodyTooLarge(f"the body passed {self.limit} bytes")
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                return
