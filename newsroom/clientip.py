"""The client's network address, the one rule every throttle uses (sign-in and the API).

`REMOTE_ADDR` is the peer that opened the connection. Behind a reverse proxy that is the proxy,
so every reader would share one address; the proxy reports the real client in
`X-Forwarded-For`, but anyone can send that header, so it is believed only when the peer is a
proxy named in `TRUSTED_PROXIES` (addresses or networks). The header is read from the right:
each trusted proxy appends the address it saw, so the first entry from the right that is not a
trusted proxy is the client. Entries to the left of it were written by the client and are
ignored.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is the same client.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request) -> str:
    """The address of the client that sent `request`, as a string ("" if unknown)."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return ""
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(peer, networks):
        return str(peer)
    client = peer
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(entry)
        if address is None:
            break  # garbage from beyond the last trusted proxy: the proxy's word stops here
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
