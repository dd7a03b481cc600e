"""One path per request: the gateway routes, rate-limits and forwards the same normalised path.

A proxy that decides on one reading of a path and forwards another can be walked around: the
upstream (or an HTTP client on the way) resolves ``..`` that the proxy did not, and
``/api/orders/../../openapi.json`` reaches the order service's own OpenAPI; ``/api/auth/x/../
login`` escapes the login limit. So the raw path as received is normalised first, and every
later step — routing, the rate-limit class, the upstream URL — uses the result:

- dot segments (``.``, ``..``) are resolved (RFC 3986 §5.2.4) and repeated slashes collapsed;
- what different components decode differently is refused with 400: an encoded slash
  (``%2F``), backslash (raw or ``%5C``), encoded dot (``%2E``), an encoded control character,
  and a ``..`` that would climb above the root.

Other percent-escapes (``%20``, UTF-8 ``%C3%A9``) stay as they came; non-ASCII bytes are
escaped so the forwarded path is plain ASCII.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote_from_bytes, unquote

# %2F / %5C / %2E, and %00-%1F / %7F: meaning differs between the proxy and its upstreams
_AMBIGUOUS = re.compile(rb"%(?:2[fF]|5[cC]|2[eE]|[01][0-9a-fA-F]|7[fF])")
# what may stay unescaped in a path (RFC 3986 pchar plus "/" and the escapes themselves)
_SAFE = "/!$&'()*+,;=:@%-._~"


class AmbiguousPath(ValueError):
    """The path cannot be given one meaning; the message says why (answered 400)."""


@dataclass(frozen=True, slots=True)
class NormalPath:
    """The path to route and limit on (decoded) and to forward (raw, still escaped)."""

    path: str
    raw: bytes


def normalise(raw: bytes) -> NormalPath:
    """The one path of a request, or :class:`AmbiguousPath`."""
    if not raw.startswith(b"/"):
        raise AmbiguousPath("the path must start with '/'")
    if b"\\" in raw:
        raise AmbiguousPath("the path holds a backslash")
    raw = quote_from_bytes(raw, safe=_SAFE).encode("ascii")
    if _AMBIGUOUS.search(raw):
        raise AmbiguousPath("the path holds an encoded slash, backslash, dot or control character")
    segments = raw.split(b"/")[1:]
    kept: list[bytes] = []
    for segment in segments:
        if segment in (b"", b"."):
            continue
        if segment == b"..":
            if not kept:
                raise AmbiguousPath("the path climbs above the root")
            kept.pop()
            continue
        kept.append(segment)
    # "/a/b/" and "/a/b/.." name a directory: keep the trailing slash FastAPI distinguishes
    trailing = bool(kept) and segments[-1] in (b"", b".", b"..")
    normal = b"/" + b"/".join(kept) + (b"/" if trailing else b"")
    return NormalPath(path=unquote(normal.decode("ascii")), raw=normal)
