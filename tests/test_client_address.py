"""The client's address, as every throttle sees it: the connecting peer, or what a trusted
proxy says in X-Forwarded-For, never what a client says about itself."""

import subprocess
import sys

import pytest
from django.test import RequestFactory

from newsroom.clientip import client_address
from tests.api import client_for

LIST = "/api/v1/articles/"


def _address(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []

    assert _address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # The client wrote the left entries itself; the proxy appended the real one.
        ("10.0.0.2", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        # Two trusted hops (CDN edge, then nginx) are both skipped.
        ("10.0.0.2", "198.51.100.1, 10.0.0.9", "198.51.100.1"),
        ("10.0.0.2", "not-an-address, 198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "[2001:db8::1]:443", "2001:db8::1"),
        ("10.0.0.2", "198.51.100.1:5555", "198.51.100.1"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "garbage", "10.0.0.2"),
        # A peer that is not a trusted proxy is believed about nothing but itself.
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        ("::ffff:203.0.113.7", None, "203.0.113.7"),
    ],
)
def test_a_trusted_proxy_names_the_client(settings, remote, forwarded, client):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert _address(remote, forwarded) == client


@pytest.mark.django_db
def test_a_forged_x_forwarded_for_does_not_reset_the_api_throttle(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "3/minute"},
    }
    anonymous = client_for()

    statuses = [
        anonymous.get(
            LIST, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        ).status_code
        for n in range(5)
    ]

    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_api_client_has_its_own_allowance(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "2/minute"},
    }
    anonymous = client_for()

    def get(client_ip):
        return anonymous.get(LIST, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_ip)

    assert [get("192.0.2.1").status_code for _ in range(3)] == [200, 200, 429]
    assert get("198.51.100.1").status_code == 200


def test_a_bad_trusted_proxy_setting_stops_the_process_with_its_name():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "1",
            "TRUSTED_PROXIES": "10.0.0.0/8,nginx",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "TRUSTED_PROXIES must list addresses or networks, not 'nginx'" in result.stderr
