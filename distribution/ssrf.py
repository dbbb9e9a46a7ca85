"""The SSRF guard for partner webhooks: which URLs may be called, and the one way to call them.

A webhook URL is https in production (DISTRIBUTION_REQUIRE_HTTPS, default: not DEBUG). Its host
is resolved and every address must be public: loopback, private, link-local, multicast,
reserved, shared (CGNAT) and unspecified addresses are refused unless
DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES is set (development and tests); cloud metadata addresses
are refused always. The request then goes to the address that was checked (pinned: no second
lookup that DNS rebinding could change), with the Host header and TLS SNI set to the name; no
redirect is followed (a 3xx is just a status); connect and total timeouts; at most
DISTRIBUTION_MAX_RESPONSE_BYTES of the response body are read.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

# Cloud metadata services: never called, whatever the settings allow.
METADATA = frozenset(
    ipaddress.ip_address(address)
    for address in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)


class Refused(ValueError):
    """A webhook URL the guard will not call; the message is for the desk."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked address the request is pinned to


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes  # at most the limit


def _setting(name: str, default):
    return getattr(settings, name, default)


def _refusal(address) -> str | None:
    if address in METADATA:
        return "a cloud metadata address"
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified or address.is_reserved:
        return "a reserved address"
    if address.is_private or not address.is_global:
        return "a private address"
    return None


def check(url: str) -> Target:
    """The URL's target, resolved and checked; Refused says why not."""
    parts = urlsplit(url)
    require_https = _setting("DISTRIBUTION_REQUIRE_HTTPS", not settings.DEBUG)
    allowed = ("https",) if require_https else ("https", "http")
    if parts.scheme not in allowed:
        raise Refused(f"The webhook URL must start with {' or '.join(allowed)}://.")
    if not parts.hostname or parts.username or parts.password:
        raise Refused("The webhook URL needs a host name and no user name or password.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (ValueError, OSError) as error:
        raise Refused(f"The webhook's host cannot be resolved ({error}).") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    allow_private = _setting("DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES", False)
    for address in addresses:
        reason = _refusal(address)
        if reason and (address in METADATA or not allow_private):
            raise Refused(f"The webhook's host resolves to {address}, {reason}.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port, path, str(addresses[0]))


class _Pinned(http.client.HTTPSConnection):
    """An HTTPS connection to a checked address, verifying the certificate for the name."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)


class _PinnedPlain(http.client.HTTPConnection):
    """Plain HTTP to a checked address: development only (see check())."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def post(url: str, body: bytes, headers: dict[str, str]) -> Reply:
    """POST `body` to a checked URL, pinned to the checked address. Raises Refused, or OSError
    (timeouts included) when the partner cannot be reached."""
    target = check(url)
    connect_timeout = _setting("DISTRIBUTION_CONNECT_TIMEOUT", 5.0)
    deadline = time.monotonic() + _setting("DISTRIBUTION_TOTAL_TIMEOUT", 15.0)
    limit = _setting("DISTRIBUTION_MAX_RESPONSE_BYTES", 4096)
    kind = _Pinned if target.scheme == "https" else _PinnedPlain
    connection = kind(target, timeout=connect_timeout)
    try:
        connection.connect()
        connection.sock.settimeout(max(0.1, deadline - time.monotonic()))
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        data = b""
        while len(data) < limit:
            if time.monotonic() > deadline:
                raise TimeoutError("The partner's response took longer than the total timeout.")
            chunk = response.read(min(1024, limit - len(data)))
            if not chunk:
                break
            data += chunk
        return Reply(response.status, data)
    finally:
        connection.close()
