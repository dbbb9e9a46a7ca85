"""The URL x role matrix for a story under embargo (issue 18): its API routes (detail, ninjs,
the list and search) for the public, an ordinary token, partners without and with embargoed
copy, reporters and editors, declared in one table."""

from datetime import timedelta

import pytest
from django.utils import timezone

from distribution import accounts
from distribution.models import Partner
from tests.api import client_for
from tests.factories import ArticleFactory, CreditFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db

EMBARGO_ROLES = ("anonymous", "ordinary token", "partner", "embargo partner", "reporter", "editor")
# Status per role for the story's own routes; True/False for "listed" (the list and search).
EMBARGOED_API = {
    "/api/v1/articles/{slug}/": (404, 404, 404, 200, 200, 200),
    "/api/v1/articles/{slug}/ninjs/": (404, 404, 404, 200, 200, 200),
    "/api/v1/articles/": (False, False, False, True, True, True),
    "/api/v1/articles/?q=Zanzibar": (False, False, False, True, True, True),
}


@pytest.fixture
def embargo_callers():
    article = ArticleFactory(
        published=True,
        headline="Zanzibar ports merge",
        published_at=timezone.now() - timedelta(minutes=5),
        embargoed_until=timezone.now() + timedelta(hours=2),
    )
    CreditFactory(article=article)

    def partner_client(name, embargoed_copy):
        partner = Partner.objects.create(
            name=name, webhook_url="https://93.184.215.14/hook", embargoed_copy=embargoed_copy
        )
        client = client_for()
        client.credentials(HTTP_AUTHORIZATION=f"Token {accounts.issue_token(partner)}")
        return client

    clients = {
        "anonymous": client_for(),
        "ordinary token": client_for(UserFactory(username="reader")),
        "partner": partner_client("Plain wire", False),
        "embargo partner": partner_client("Embargo wire", True),
        "reporter": client_for(staff_user("reporter", username="rep")),
        "editor": client_for(staff_user("editor", username="ed")),
    }
    return article, clients


@pytest.mark.parametrize("route", list(EMBARGOED_API))
def test_a_story_under_embargo_is_seen_through_the_api_only_by_partners_allowed_it_and_staff(
    embargo_callers, route
):
    article, clients = embargo_callers
    got = []
    for role in EMBARGO_ROLES:
        response = clients[role].get(route.format(slug=article.slug))
        if "{slug}" in route:
            got.append(response.status_code)
        else:
            assert response.status_code == 200, (route, role)
            got.append(article.slug in response.content.decode())
    assert tuple(got) == EMBARGOED_API[route], dict(zip(EMBARGO_ROLES, got, strict=True))
