"""Who may do what through the API: the role × method matrix, and draft invisibility."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from django.utils.crypto import get_random_string
from rest_framework.test import APIClient

from articles import permissions
from articles.models import Article, Contributor
from tests.api import (
    client_for,
    full_article,
    role_client,
    user,
)
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


def detail(article) -> str:
    return f"/api/v1/articles/{article.slug}/"


def ready_draft(**kwargs) -> Article:
    """A draft with what publishing needs (headline, body, byline)."""
    article = ArticleFactory(**kwargs)
    CreditFactory(article=article)
    return article


# --- The matrix ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 200), ("reporter", 200), ("editor", 200), ("superuser", 200)],
)
def test_everyone_reads_a_published_article(role, expected):
    article = full_article()

    assert role_client(role).get(detail(article)).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 404), ("reporter", 200), ("editor", 200), ("superuser", 200)],
)
def test_only_staff_read_a_draft(role, expected):
    article = ArticleFactory()

    assert role_client(role).get(detail(article)).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("reporter", 201), ("editor", 201), ("superuser", 201)],
)
def test_create(role, expected):
    response = role_client(role).post(
        LIST, {"slug": "new-story", "headline": "New story"}, format="json"
    )

    assert response.status_code == expected, response.content
    if expected == 201:
        assert response.json()["status"] == "draft"
        assert response.headers["Location"] == "http://testserver/api/v1/articles/new-story/"


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("reporter", 403), ("editor", 200), ("superuser", 200)],
)
def test_change_someone_elses_draft(role, expected):
    article = ArticleFactory()

    response = role_client(role).patch(
        detail(article), {"headline": "Changed"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == expected, response.content
    article.refresh_from_db()
    assert (article.headline == "Changed") == (expected == 200)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("reporter", 403), ("editor", 204), ("superuser", 204)],
)
def test_delete_moves_to_the_trash(role, expected):
    article = full_article()

    response = role_client(role).delete(detail(article))

    assert response.status_code == expected
    article.refresh_from_db()
    assert (article.deleted_at is not None) == (expected == 204)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("reporter", 403), ("editor", 200), ("superuser", 200)],
)
def test_publish(role, expected):
    article = ready_draft()

    response = role_client(role).post(f"{detail(article)}publish/")

    assert response.status_code == expected, response.content
    article.refresh_from_db()
    assert (article.status == Article.Status.PUBLISHED) == (expected == 200)


def test_reporter_creates_edits_and_submits_their_own_draft_but_cannot_publish():
    reporter = user("reporter")
    ContributorFactory(slug="me", user=reporter)
    client = client_for(reporter)

    created = client.post(
        LIST,
        {
            "slug": "mine",
            "headline": "Mine",
            "body": "Words.",
            "credits": [{"contributor": "me", "role": "byline"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    edited = client.patch(
        f"{LIST}mine/", {"dek": "Better."}, format="json", HTTP_IF_MATCH=created["ETag"]
    )
    assert edited.status_code == 200, edited.content
    submitted = client.post(f"{LIST}mine/submit/", HTTP_IF_MATCH=edited["ETag"])
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "review"

    published = client.post(f"{LIST}mine/publish/")
    assert published.status_code == 403
    assert "publish" in published.json()["detail"]
    # In review, it is no longer theirs to edit.
    again = client.patch(
        f"{LIST}mine/", {"dek": "Again."}, format="json", HTTP_IF_MATCH=submitted["ETag"]
    )
    assert again.status_code == 403


def test_editor_publishes_schedules_unpublishes_and_archives():
    article = ready_draft()
    client = client_for(user("editor"))

    at = (timezone.now() + timedelta(days=1)).isoformat()
    scheduled = client.post(f"{detail(article)}publish/", {"at": at}, format="json")
    assert scheduled.status_code == 200, scheduled.content
    assert client_for().get(detail(article)).status_code == 404  # scheduled is not public yet
    assert client.post(f"{detail(article)}publish/").status_code == 200  # now
    assert client_for().get(detail(article)).status_code == 200
    assert client.post(f"{detail(article)}archive/").json()["status"] == "archived"
    assert client.post(f"{detail(article)}unpublish/").json()["status"] == "draft"


def test_a_transition_the_status_does_not_allow_is_409():
    article = ArticleFactory()

    response = client_for(user("editor")).post(f"{detail(article)}archive/")

    assert response.status_code == 409
    assert "cannot be archived" in response.json()["detail"]


def test_publishing_an_unready_article_is_409_listing_the_problems():
    article = ArticleFactory(body="")

    response = client_for(user("editor")).post(f"{detail(article)}publish/")

    assert response.status_code == 409
    assert response.json()["problems"] == ["it has no body", "it has no byline"]


def test_status_and_other_read_only_fields_cannot_be_written():
    article = ArticleFactory()

    response = client_for(user("editor")).patch(
        detail(article),
        {
            "status": "published",
            "version": 99,
            "id": 1234,
            "body_html": "<script>alert(1)</script>",
            "published_at": "2020-01-01T00:00:00Z",
            "created_at": "2020-01-01T00:00:00Z",
        },
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.version == 2
    assert article.pk != 1234
    assert "<script>" not in article.body_html
    assert article.published_at is None


def test_user_without_model_permissions_reads_published_only_and_cannot_write():
    reader = UserFactory(username="reader")
    draft, published = ArticleFactory(), full_article()
    client = client_for(reader)

    assert client.get(detail(draft)).status_code == 404
    assert client.get(LIST).json()["count"] == 1
    assert client.get(detail(published)).status_code == 200
    assert client.post(LIST, {"slug": "x"}, format="json").status_code == 403
    assert client.post(f"{detail(published)}unpublish/").status_code == 403


def test_new_topics_need_the_add_topic_permission():
    article = ArticleFactory()
    TopicFactory(name="Existing")
    writer = UserFactory(username="writer", is_staff=True)
    writer.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["change_article", "view_article", "publish_article"]
        )
    )
    client = client_for(writer)

    ok = client.patch(detail(article), {"topics": ["existing"]}, format="json", HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200, ok.content
    refused = client.patch(
        detail(article), {"topics": ["Brand new"]}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert refused.status_code == 403
    assert "Brand new" in refused.json()["detail"]
    article.refresh_from_db()
    assert article.version == 2  # the refused write changed nothing


# --- Authentication ------------------------------------------------------------------------


def test_a_bad_token_is_401_json():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    response = client.get(LIST)

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_session_writes_need_csrf():
    editor = user("editor")
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)

    refused = client.post(LIST, {"slug": "by-session"}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    token = get_random_string(32)  # what the CSRF cookie holds; a page would set it
    client.cookies["csrftoken"] = token
    accepted = client.post(LIST, {"slug": "by-session"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content


# --- Draft invisibility --------------------------------------------------------------------


@pytest.fixture
def private_things():
    """A draft, a scheduled article and a trashed one, each with its own topic, contributor
    and source that appear nowhere public."""
    things = {}
    for name in ("draft", "scheduled", "trashed"):
        article = ArticleFactory(headline=f"Secret {name} story")
        if name == "scheduled":
            article.status = Article.Status.PUBLISHED
            article.published_at = timezone.now() + timedelta(days=1)
            article.save()
        if name == "trashed":
            article.status = Article.Status.PUBLISHED
            article.published_at = timezone.now() - timedelta(days=1)
            article.deleted_at = timezone.now()
            article.save()
        topic = TopicFactory(name=f"Secret {name} topic")
        article.topics.add(topic)
        contributor = ContributorFactory()
        CreditFactory(article=article, contributor=contributor)
        source = SourceFactory(name=f"Secret {name} source")
        AttributionFactory(article=article, source=source)
        things[name] = (article, topic, contributor, source)
    return things


def test_anonymous_never_sees_private_articles(private_things):
    public = full_article()
    client = client_for()

    listing = client.get(LIST).json()
    assert listing["count"] == 1
    assert [item["slug"] for item in listing["results"]] == [public.slug]
    assert client.get(LIST, {"q": "secret"}).json()["count"] == 0
    for article, topic, contributor, source in private_things.values():
        assert client.get(detail(article)).status_code == 404
        assert client.get(f"{detail(article)}ninjs/").status_code == 404
        # Filtering by what only a private article has is "no such thing", not an empty list
        # that confirms it exists.
        assert client.get(LIST, {"topic": topic.slug}).status_code == 400
        assert client.get(LIST, {"contributor": contributor.slug}).status_code == 400
        assert client.get(LIST, {"source": source.slug}).status_code == 400
        assert client.get(f"/api/v1/topics/{topic.slug}/").status_code == 404
        assert client.get(f"/api/v1/contributors/{contributor.slug}/").status_code == 404
        assert client.get(f"/api/v1/sources/{source.slug}/").status_code == 404
    for resource in ("topics", "contributors", "sources"):
        names = [item["name"] for item in client.get(f"/api/v1/{resource}/").json()["results"]]
        assert not any(name.startswith("Secret") for name in names), resource


def test_anonymous_cannot_filter_by_status():
    ArticleFactory()

    response = client_for().get(LIST, {"status": "draft"})

    assert response.status_code == 400
    assert response.json()["errors"]["status"] == ["Only staff may filter articles by status."]


def test_staff_see_drafts_and_scheduled_but_never_the_trash(private_things):
    client = client_for(user("editor"))

    listing = client.get(LIST).json()
    assert sorted(item["headline"] for item in listing["results"]) == [
        "Secret draft story",
        "Secret scheduled story",
    ]
    assert client.get(LIST, {"status": "draft"}).json()["count"] == 1
    trashed = private_things["trashed"][0]
    assert client.get(detail(trashed)).status_code == 404
    assert client.get(LIST, {"topic": private_things["draft"][1].slug}).json()["count"] == 1


def test_reporter_contributor_link_lets_them_edit_drafts_they_are_credited_on():
    reporter = user("reporter")
    me = Contributor.objects.create(name="Me", slug="me", user=reporter)
    article = ArticleFactory()
    CreditFactory(article=article, contributor=me)

    response = client_for(reporter).patch(
        detail(article), {"headline": "Mine too"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 200, response.content
    assert permissions.may_edit(reporter, article)


# --- Who may keep a copy -------------------------------------------------------------------


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def _kept_by_nobody(response) -> bool:
    directives = _cache_control(response)
    return {"private", "no-store"} <= directives and "public" not in directives


def test_a_reporters_token_gets_drafts_privately_varying_on_authorization():
    draft = ArticleFactory()
    client = client_for(user("reporter"))

    listing = client.get(LIST)
    assert [item["slug"] for item in listing.json()["results"]] == [draft.slug]
    read = client.get(detail(draft))
    not_modified = client.get(detail(draft), HTTP_IF_NONE_MATCH=read["ETag"])
    created = client.post(LIST, {"slug": "by-token"}, format="json")
    missing = client.get("/api/v1/articles/no-such-story/")

    assert [r.status_code for r in (listing, read, not_modified, created, missing)] == [
        200,
        200,
        304,
        201,
        404,
    ]
    for response in (listing, read, not_modified, created, missing):
        assert _kept_by_nobody(response), response.get("Cache-Control")
        assert {"authorization", "cookie"} <= _vary(response), response.get("Vary")


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/",
        "/api/v1/articles/",
        "/api/v1/topics/",
        "/api/v1/sources/",
        "/api/v1/contributors/",
        "/api/schema/",
        "/api/docs/",
    ],
)
def test_every_api_answer_to_a_token_is_private(address):
    response = client_for(user("reporter")).get(address)

    assert response.status_code == 200
    assert _kept_by_nobody(response), response.get("Cache-Control")
    assert {"authorization", "cookie"} <= _vary(response), response.get("Vary")


def test_a_session_logged_in_editor_gets_drafts_privately_varying_on_cookie():
    draft = ArticleFactory()
    client = APIClient()
    client.force_login(user("editor"))

    response = client.get(detail(draft))

    assert response.status_code == 200
    assert _kept_by_nobody(response), response.get("Cache-Control")
    assert {"authorization", "cookie"} <= _vary(response), response.get("Vary")


def test_anonymous_api_answers_stay_public_but_vary_on_credentials(settings):
    article = full_article()
    client = client_for()

    for response in (client.get(LIST), client.get(detail(article))):
        assert response.status_code == 200
        assert _cache_control(response) == {
            "public",
            f"max-age={settings.PUBLIC_MAX_AGE}",
            f"s-maxage={settings.PUBLIC_SHARED_MAX_AGE}",
        }
        assert {"authorization", "cookie"} <= _vary(response), response.get("Vary")
    missing = client.get("/api/v1/articles/no-such-story/")
    assert missing.status_code == 404
    assert "private" not in _cache_control(missing)
    assert {"authorization", "cookie"} <= _vary(missing), missing.get("Vary")


def test_the_page_cache_never_keeps_or_serves_a_signed_in_answer(settings):
    settings.PAGE_CACHE_SECONDS = 60
    ArticleFactory(headline="Secret draft story")
    token = client_for(user("reporter"))
    session = APIClient()
    session.force_login(user("editor"))

    for client in (token, session, token):
        response = client.get(LIST)
        assert response.json()["count"] == 1
        assert "X-Page-Cache" not in response  # neither looked up nor stored
    anonymous = [client_for().get(LIST) for _ in range(2)]

    assert [response["X-Page-Cache"] for response in anonymous] == ["miss", "hit"]
    assert [response.json()["count"] for response in anonymous] == [0, 0]
