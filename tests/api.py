"""Helpers for the API tests: clients for each role, and a published article with everything
a representation shows."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CorrectionFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    staff_user,
)

ROLES = ("anonymous", "reporter", "editor", "superuser")
user = staff_user  # the API tests' name for it


def client_for(person=None) -> APIClient:
    """An API client with the person's token, or an anonymous one."""
    client = APIClient()
    if person is not None:
        token, _ = Token.objects.get_or_create(user=person)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def role_client(role: str) -> APIClient:
    return client_for(None if role == "anonymous" else user(role))


def full_article(**kwargs) -> Article:
    """A published article with a byline, a second credit, two topics, an attribution and a
    correction: everything the representation shows."""
    kwargs.setdefault("published", True)
    article = ArticleFactory(**kwargs)
    CreditFactory(article=article, contributor=ContributorFactory(), order=0)
    CreditFactory(article=article, contributor=ContributorFactory(), role="editing", order=1)
    article.topics.add(TopicFactory(), TopicFactory())
    AttributionFactory(
        article=article,
        source=SourceFactory(kind="person", affiliation=SourceFactory(kind="organization")),
    )
    CorrectionFactory(article=article)
    return article
