"""Sign-in brute force is throttled per (account, client address), per address, and past a
ceiling per account, with a clear message; the client address is the trusted proxy's word."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from newsroom import logins
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client):
    UserFactory(username="ed", is_staff=True)
    for _ in range(5):
        assert _login(client, "ed", "wrong").status_code == 200

    response = _login(client, "ed", PASSWORD)

    assert response.status_code == 429
    assert "Too many failed sign-ins for this account" in response.text
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_a_throttled_account_does_not_lock_out_others(client):
    UserFactory(username="ed", is_staff=True)
    UserFactory(username="ann", is_staff=True)
    for _ in range(5):
        _login(client, "ed", "wrong")

    response = _login(client, "ann", PASSWORD, address="198.51.100.1")

    assert response.status_code == 302


def test_one_address_guessing_many_accounts_is_throttled(client):
    UserFactory(username="victim", is_staff=True)
    for number in range(20):
        _login(client, f"guess{number}", "wrong", address="192.0.2.99")

    response = _login(client, "victim", PASSWORD, address="192.0.2.99")

    assert response.status_code == 429
    assert "your network address" in response.text


def test_success_clears_the_account_count(client):
    UserFactory(username="ed", is_staff=True)
    for _ in range(4):
        _login(client, "ed", "wrong")
    assert _login(client, "ed", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        _login(client, "ed", "wrong")
    assert _login(client, "ed", PASSWORD).status_code == 302


def _locked_out(client, username="editor2", address="203.0.113.7"):
    UserFactory(username=username, is_staff=True)
    for _ in range(5):
        assert _login(client, username, "wrong", address=address).status_code == 200


def test_a_fullwidth_lookalike_username_counts_as_the_same_account(client):
    _locked_out(client)

    # Django's sign-in form normalises with NFKC, so this is the account "editor2".
    response = _login(client, "ｅｄｉｔｏｒ２", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lookalike_failures_count_towards_the_same_account(client):
    UserFactory(username="editor2", is_staff=True)
    for spelling in ["ｅｄｉｔｏｒ２", "editor2", "EDITOR2", "ｅｄｉｔｏｒ２", " editor2 "]:
        _login(client, spelling, "wrong")

    assert _login(client, "editor2", PASSWORD).status_code == 429


def test_someone_elses_failures_do_not_lock_an_editor_out(client):
    _locked_out(client, address="198.51.100.66")

    response = _login(client, "editor2", PASSWORD, address="203.0.113.7")

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_behind_a_trusted_proxy_clients_are_told_apart_by_x_forwarded_for(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    UserFactory(username="ed", is_staff=True)
    for number in range(25):
        client.post(
            reverse("admin:login"),
            {"username": f"guess{number}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="192.0.2.99",
        )

    # Every request reaches Django from the proxy's address; only the guesser must wait.
    honest = client.post(
        reverse("admin:login"),
        {"username": "ed", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    guesser = client.post(
        reverse("admin:login"),
        {"username": "ed", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )

    assert honest.status_code == 302
    assert guesser.status_code == 429


def test_a_forged_x_forwarded_for_from_an_untrusted_peer_is_ignored(client):
    UserFactory(username="ed", is_staff=True)
    for number in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "ed", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )

    response = _login(client, "ed", PASSWORD, address="203.0.113.7")

    assert response.status_code == 429


def test_past_the_account_ceiling_only_addresses_that_never_failed_may_try(client):
    UserFactory(username="ed", is_staff=True)
    for number in range(logins.ACCOUNT_CEILING):
        _login(client, "ed", "wrong", address=f"192.0.2.{number + 1}")

    # A guesser's address that has failed once gets no second guess...
    assert _login(client, "ed", PASSWORD, address="192.0.2.1").status_code == 429
    # ...while the editor, from an address that has not failed, signs in.
    assert _login(client, "ed", PASSWORD, address="198.51.100.1").status_code == 302


def test_the_throttle_holds_while_the_cache_is_down(client, settings):
    # A cache that stores nothing is what a Redis outage looks like to a fail-open cache.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    UserFactory(username="ed", is_staff=True)
    for _ in range(7):
        _login(client, "ed", "wrong")

    response = _login(client, "ed", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
