"""The webhook SSRF guard (distribution/ssrf.py): private and metadata addresses refused, https
required in production, the request pinned to the checked address, no redirect followed, the
response read only up to a limit."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from distribution import ssrf


@pytest.fixture
def production(settings):
    settings.DISTRIBUTION_REQUIRE_HTTPS = True
    settings.DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES = False


@pytest.fixture
def receiver(settings):
    """An HTTP receiver on 127.0.0.1, allowed as tests allow it; answers by path."""
    settings.DISTRIBUTION_REQUIRE_HTTPS = False
    settings.DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES = True
    settings.DISTRIBUTION_MAX_RESPONSE_BYTES = 100
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append((self.path, self.headers["Host"], body))
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                self.end_headers()
                return
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 10_000 if self.path == "/big" else b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], seen
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://127.0.0.1/hook", "loopback"),
        ("https://10.1.2.3/hook", "private"),
        ("https://192.168.0.10/hook", "private"),
        ("https://169.254.169.254/latest/meta-data/", "metadata"),
        ("https://[fd00:ec2::254]/", "metadata"),
        ("https://[::1]/hook", "loopback"),
        ("https://[::ffff:127.0.0.1]/hook", "loopback"),
        ("https://224.0.0.1/hook", "multicast"),
        ("https://100.64.0.1/hook", "private"),
        ("https://0.0.0.0/hook", "reserved"),
    ],
)
def test_addresses_that_are_not_public_are_refused(production, url, reason):
    with pytest.raises(ssrf.Refused, match=reason):
        ssrf.check(url)


def test_a_name_resolving_to_loopback_is_refused(production):
    with pytest.raises(ssrf.Refused, match="loopback"):
        ssrf.check("https://localhost/hook")


def test_production_needs_https_and_a_plain_host(production):
    with pytest.raises(ssrf.Refused, match="https://"):
        ssrf.check("http://partner.example/hook")
    with pytest.raises(ssrf.Refused, match="user name"):
        ssrf.check("https://user:pw@partner.example/hook")
    with pytest.raises(ssrf.Refused, match="cannot be resolved"):
        ssrf.check("https://no-such-host.invalid/hook")


def test_metadata_is_refused_even_where_private_addresses_are_allowed(receiver):
    with pytest.raises(ssrf.Refused, match="metadata"):
        ssrf.check("http://169.254.169.254/latest/meta-data/")


def test_the_request_goes_to_the_checked_address_with_the_name_as_host(receiver, monkeypatch):
    port, seen = receiver
    real = socket.getaddrinfo
    lookups = []

    def resolve(host, *args, **kwargs):
        lookups.append(host)
        return real("127.0.0.1" if host == "partner.test" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    reply = ssrf.post(f"http://partner.test:{port}/hook?x=1", b"{}", {"X-Test": "1"})

    assert reply.status == 200
    assert reply.body == b"ok"
    assert seen == [("/hook?x=1", f"partner.test:{port}", b"{}")]
    # The name is resolved once, by the check; the connection opens the checked address (an IP
    # literal), so DNS cannot hand it another one.
    assert lookups == ["partner.test", "127.0.0.1"]


def test_a_redirect_is_not_followed(receiver):
    port, seen = receiver
    reply = ssrf.post(f"http://127.0.0.1:{port}/moved", b"{}", {})

    assert reply.status == 302
    assert [path for path, _, _ in seen] == ["/moved"]


def test_the_response_body_is_read_only_up_to_the_limit(receiver):
    port, _ = receiver
    reply = ssrf.post(f"http://127.0.0.1:{port}/big", b"{}", {})

    assert reply.status == 200
    assert len(reply.body) == 100


def test_an_unreachable_partner_is_an_oserror_within_the_timeout(receiver, settings):
    settings.DISTRIBUTION_CONNECT_TIMEOUT = 0.5
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(ConnectionRefusedError):
        ssrf.post(f"http://127.0.0.1:{port}/hook", b"{}", {})
