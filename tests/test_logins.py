"""Sign-in brute force is throttled per account and per address, with a clear message."""

import pytest
from django.core.cache import cache
from django.urls import reverse

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
