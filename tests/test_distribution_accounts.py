"""A partner's API account (issue 18): its token reads stories under embargo, with their
embargo and a notice, only while the partner is allowed embargoed copy and active; an ordinary
token and the public never see them; issuing a token again revokes the old one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from distribution import accounts
from distribution.models import Partner
from tests.api import client_for
from tests.factories import ArticleFactory, CreditFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def embargoed():
    article = ArticleFactory(
        published=True,
        slug="merger-embargoed",
        headline="Ports merge",
        published_at=timezone.now() - timedelta(minutes=5),
        embargoed_until=timezone.now() + timedelta(hours=2),
    )
    CreditFactory(article=article)
    return article


def _token_client(key: str):
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _partner(**kwargs) -> Partner:
    return Partner.objects.create(
        name=kwargs.pop("name", "Wire"), webhook_url="https://93.184.215.14/hook", **kwargs
    )


def test_a_partner_allowed_embargoed_copy_reads_it_with_its_notice(embargoed):
    client = _token_client(accounts.issue_token(_partner(embargoed_copy=True)))

    item = client.get("/api/v1/articles/merger-embargoed/").json()
    listing = client.get("/api/v1/articles/").json()["results"]
    ninjs = client.get("/api/v1/articles/merger-embargoed/ninjs/").json()

    assert item["headline"] == "Ports merge"
    assert item["embargoed_until"] is not None
    assert item["embargo_notice"].startswith("EMBARGOED: not for publication or broadcast before")
    assert [a["slug"] for a in listing] == ["merger-embargoed"]
    assert ninjs["embargoed"]
    assert ninjs["pubstatus"] == "withheld"


@pytest.mark.parametrize("who", ["public", "ordinary-token", "partner-without-embargo"])
def test_no_one_else_outside_the_desk_sees_embargoed_copy(embargoed, who):
    if who == "public":
        client = client_for()
    elif who == "ordinary-token":
        client = client_for(UserFactory(username="reader"))
    else:
        client = _token_client(accounts.issue_token(_partner()))

    assert client.get("/api/v1/articles/merger-embargoed/").status_code == 404
    assert client.get("/api/v1/articles/").json()["count"] == 0
    assert client.get("/api/v1/articles/merger-embargoed/ninjs/").status_code == 404


def test_losing_embargoed_copy_or_going_inactive_takes_the_access_away(embargoed, client):
    partner = _partner(embargoed_copy=True)
    key = accounts.issue_token(partner)
    client.force_login(staff_user("editor", username="desk"))
    url = reverse("admin:distribution_partner_change", args=[partner.pk])
    form = {
        "name": partner.name,
        "webhook_url": partner.webhook_url,
        "secret": partner.secret,
        "active": "on",
    }

    assert client.post(url, form).status_code == 302  # embargoed copy unticked
    assert _token_client(key).get("/api/v1/articles/merger-embargoed/").status_code == 404

    form["embargoed_copy"] = "on"
    form.pop("active")
    assert client.post(url, form).status_code == 302  # allowed again, but inactive
    assert _token_client(key).get("/api/v1/articles/").status_code == 401


def test_a_new_token_revokes_the_old_one(embargoed):
    partner = _partner(embargoed_copy=True)
    old = accounts.issue_token(partner)
    new = accounts.issue_token(partner)

    assert _token_client(old).get("/api/v1/articles/").status_code == 401
    assert _token_client(new).get("/api/v1/articles/").json()["count"] == 1


def test_a_public_story_has_no_embargo_notice():
    ArticleFactory(published=True, slug="open-story")

    item = client_for().get("/api/v1/articles/open-story/").json()

    assert item["embargoed_until"] is None
    assert item["embargo_notice"] is None


def test_the_partner_account_cannot_sign_in_to_the_desk():
    partner = _partner(embargoed_copy=True)
    accounts.issue_token(partner)
    partner.refresh_from_db()

    assert not partner.account.is_staff
    assert not partner.account.has_usable_password()
