"""The client's address for rate limits: believed from ``X-Forwarded-For`` only as far as the
proxies the gateway is told to trust (``GATEWAY_TRUSTED_PROXIES``, a list of CIDRs).

Each proxy appends the address it received the request from, so the chain reads
``<client claims…>, <hop>, <hop>`` and then the socket peer. Walking from the right, every
trusted address vouches for the one to its left; the first address that is not trusted is the
client. Anything further left was written by the client itself, so a forged header never moves
a client to another rate-limit bucket. With no trusted proxies the client is the socket peer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network


def parse_networks(cidrs: Iterable[str]) -> tuple[Network, ...]:
    """``["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"]`` → networks (a bare address is a /32)."""
    return tuple(ip_network(cidr.strip(), strict=False) for cidr in cidrs if cidr.strip())


def _address(text: str) -> IPv4Address | IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:443"
        text = text.split(":", 1)[0]
    try:
        return ip_address(text)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class ClientAddress:
    """The client, and the chain to forward: the client, then the hops that vouched for it."""

    ip: str
    chain: str


def client_address(
    peer: str, forwarded_for: bytes | None, trusted: Sequence[Network]
) -> ClientAddress:
    """The rightmost untrusted hop of ``X-Forwarded-For`` + peer (see the module docstring)."""
    hops = [peer]
    if forwarded_for and trusted:
        hops = [*forwarded_for.decode("latin-1").split(","), peer]
    vouched: list[str] = []
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # unparseable: the trusted hop to its right wrote it; that hop is all we know
            break
        vouched.append(str(address))
        if not any(address in network for network in trusted):
            break
    if not vouched:  # the peer itself was not an address (a test transport, a unix socket)
        return ClientAddress(ip=peer, chain=peer)
    return ClientAddress(ip=vouched[-1], chain=", ".join(reversed(vouched)))
