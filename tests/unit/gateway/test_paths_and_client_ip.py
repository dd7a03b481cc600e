"""The one path of a request, and the client address behind trusted proxies."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.gateway.clientip import client_address, parse_networks
from api.gateway.paths import AmbiguousPath, normalise
from api.gateway.routing import owner_of

SEGMENTS = st.sampled_from(
    ["api", "orders", "auth", "login", "..", ".", "", "%2e", "%2F", "a%20b", "é", "\\", "%00", "x"]
)


@given(st.lists(SEGMENTS, max_size=8))
def test_a_normalised_path_is_final_and_forwarded_as_routed(segments: list[str]) -> None:
    raw = ("/" + "/".join(segments)).encode()
    try:
        path = normalise(raw)
    except AmbiguousPath:
        return
    parts = path.raw.split(b"/")[1:]
    assert b".." not in parts and b"." not in parts
    assert b"//" not in path.raw
    assert normalise(path.raw) == path  # nothing left to resolve
    # what httpx sends upstream is byte for byte the path the gateway routed on
    url = httpx.URL("http://upstream").copy_with(raw_path=path.raw)
    assert url.raw_path == path.raw
    assert owner_of(url.path) == owner_of(path.path)


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (b"/api/orders/../../openapi.json", "/openapi.json"),
        (b"/api/auth/x/../login", "/api/auth/login"),
        (b"//api//products/", "/api/products/"),
        (b"/api/products/%C3%A9", "/api/products/é"),
        ("/api/products/é".encode(), "/api/products/é"),
    ],
)
def test_dot_segments_and_slashes_resolve(raw: bytes, path: str) -> None:
    assert normalise(raw).path == path


@pytest.mark.parametrize(
    "raw", [b"/api/a%2Fb", b"/api/%2e%2e/x", b"/api/a\\b", b"/api/a%5Cb", b"/..", b"/api/%1f"]
)
def test_ambiguous_paths_are_refused(raw: bytes) -> None:
    with pytest.raises(AmbiguousPath):
        normalise(raw)


TRUSTED = parse_networks(["10.0.0.0/8", "2001:db8::/32"])


@pytest.mark.parametrize(
    ("peer", "header", "client"),
    [
        ("203.0.113.7", b"6.6.6.6", "203.0.113.7"),  # untrusted peer: the header is ignored
        ("10.0.0.5", b"6.6.6.6, 203.0.113.7", "203.0.113.7"),
        ("10.0.0.5", b"203.0.113.7, 10.1.1.1", "203.0.113.7"),  # two trusted hops
        ("10.0.0.5", b"garbage", "10.0.0.5"),  # the balancer is all we know
        ("10.0.0.5", None, "10.0.0.5"),
        ("2001:db8::1", b"[2001:db8::9]:443, 198.51.100.3:5000", "198.51.100.3"),
    ],
)
def test_the_client_is_the_rightmost_untrusted_hop(
    peer: str, header: bytes | None, client: str
) -> None:
    assert client_address(peer, header, TRUSTED).ip == client


@given(st.lists(st.ip_addresses(v=4).map(str), max_size=5))
def test_no_forged_prefix_changes_the_client(forged: list[str]) -> None:
    honest = client_address("10.0.0.5", b"203.0.113.7", TRUSTED)
    header = ", ".join([*forged, "203.0.113.7"]).encode()
    assert client_address("10.0.0.5", header, TRUSTED).ip == honest.ip


def test_a_malformed_trusted_proxy_stops_the_gateway(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from api.gateway.app import GatewaySettings

    monkeypatch.setenv("GATEWAY_TRUSTED_PROXIES", '["10.0.0.0/8", "10.0.0.300/24"]')
    with pytest.raises(ValidationError, match="trusted_proxies"):
        GatewaySettings()
