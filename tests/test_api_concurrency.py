"""Safe under concurrent writers: ETags, If-Match (428/412), If-None-Match (304), revisions on
every API write, creates racing for one slug (400, never 500), and the error statuses (413, 415,
405, 429)."""

import threading

import pytest
from django.db import connection, connections
from reversion.models import Version

from articles.models import Article, Contributor, Topic
from articles.serializers import ArticleSerializer, ContributorSerializer, TopicSerializer
from sources.models import Source
from sources.serializers import SourceSerializer
from tests.api import client_for, full_article, user
from tests.factories import ArticleFactory, ContributorFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


def detail(article) -> str:
    return f"/api/v1/articles/{article.slug}/"


@pytest.fixture
def editor():
    return client_for(user("editor"))


# --- Conditional requests ------------------------------------------------------------------


def test_get_with_a_current_if_none_match_is_304():
    article = full_article()
    client = client_for()

    etag = client.get(detail(article))["ETag"]
    response = client.get(detail(article), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert not response.content
    assert client.get(detail(article), HTTP_IF_NONE_MATCH='"0"').status_code == 200
    assert client.get(f"{detail(article)}ninjs/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_patch_without_if_match_is_428_and_changes_nothing(editor):
    article = ArticleFactory(headline="Before")

    response = editor.patch(detail(article), {"headline": "After"}, format="json")

    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    article.refresh_from_db()
    assert (article.headline, article.version) == ("Before", 1)


def test_if_match_star_is_428_because_it_protects_nothing(editor):
    article = ArticleFactory(headline="Before")

    response = editor.patch(
        detail(article), {"headline": "After"}, format="json", HTTP_IF_MATCH="*"
    )

    assert response.status_code == 428
    assert "version you read" in response.json()["detail"]
    article.refresh_from_db()
    assert article.headline == "Before"


def test_put_without_if_match_is_428(editor):
    article = ArticleFactory()

    response = editor.put(detail(article), {"slug": article.slug}, format="json")

    assert response.status_code == 428


@pytest.mark.parametrize("stale", ['"0"', 'W/"0"', '"2", "3"', "garbage"])
def test_stale_if_match_is_412_and_changes_nothing(editor, stale):
    article = ArticleFactory(headline="Before")

    response = editor.patch(
        detail(article), {"headline": "After"}, format="json", HTTP_IF_MATCH=stale
    )

    assert response.status_code == 412
    body = response.json()
    assert "version 1" in body["detail"]
    assert body["current_version"] == 1
    article.refresh_from_db()
    assert (article.headline, article.version) == ("Before", 1)
    assert not Version.objects.get_for_object(article).exists()


def test_second_writer_from_the_same_version_gets_412():
    article = ArticleFactory(headline="Before")
    first, second = client_for(user("editor")), client_for(user("superuser"))
    etag = first.get(detail(article))["ETag"]
    assert second.get(detail(article))["ETag"] == etag

    won = first.patch(detail(article), {"headline": "First"}, format="json", HTTP_IF_MATCH=etag)
    lost = second.patch(detail(article), {"headline": "Second"}, format="json", HTTP_IF_MATCH=etag)

    assert won.status_code == 200
    assert won["ETag"] == '"2"'
    assert lost.status_code == 412
    assert lost.json()["current_version"] == 2
    article.refresh_from_db()
    assert article.headline == "First"


def test_weak_if_match_of_the_current_version_is_accepted(editor):
    article = ArticleFactory()

    response = editor.patch(
        detail(article), {"headline": "OK"}, format="json", HTTP_IF_MATCH='W/"1"'
    )

    assert response.status_code == 200


def test_transition_with_a_stale_if_match_is_412(editor):
    article = full_article(published=False)

    response = editor.post(f"{detail(article)}publish/", HTTP_IF_MATCH='"7"')

    assert response.status_code == 412
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_delete_with_a_stale_if_match_is_412(editor):
    article = full_article()

    assert editor.delete(detail(article), HTTP_IF_MATCH='"9"').status_code == 412
    assert editor.delete(detail(article), HTTP_IF_MATCH='"1"').status_code == 204


# --- Nested writes and revisions -----------------------------------------------------------


def test_create_with_credits_attributions_and_topics_records_one_revision(editor):
    ContributorFactory(slug="ted", name="Ted")
    SourceFactory(slug="ice", name="ICE", kind="organization")
    TopicFactory(name="Immigration", slug="immigration")

    response = editor.post(
        LIST,
        {
            "slug": "nested",
            "headline": "Nested",
            "body": "One.\n\nTwo.",
            "status": "published",
            "credits": [
                {"contributor": "ted", "role": "byline"},
                {"contributor": "ted", "role": "reporting", "place": "Washington"},
            ],
            "attributions": [
                {"source": "ice", "kind": "statement", "text": "It is so", "verb": "said"}
            ],
            "topics": ["immigration", "Brand New Topic"],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft"
    assert data["version"] == 1
    assert [(c["role"], c["order"]) for c in data["credits"]] == [("byline", 0), ("reporting", 1)]
    assert data["attributions"][0]["source"]["slug"] == "ice"
    assert [t["name"] for t in data["topics"]] == ["Brand New Topic", "Immigration"]
    article = Article.objects.get(slug="nested")
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 1
    revision = versions.get().revision
    assert revision.user.username == "editor"
    assert revision.comment == "Created through the API"
    models = {version.content_type.model for version in revision.version_set.all()}
    assert {"article", "credit", "attribution", "taggedarticle"} <= models


def test_update_replaces_sent_inlines_and_keeps_the_rest(editor):
    article = full_article(published=False)
    ContributorFactory(slug="new-person")
    before_attributions = list(article.attributions.values_list("text", flat=True))

    response = editor.patch(
        detail(article),
        {"credits": [{"contributor": "new-person", "role": "byline"}], "topics": []},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert [c["contributor"]["slug"] for c in data["credits"]] == ["new-person"]
    assert data["topics"] == []
    assert [a["text"] for a in data["attributions"]] == before_attributions
    assert response["ETag"] == '"2"'


def test_every_api_write_is_a_revision_holding_the_inlines_as_saved(editor):
    article = full_article(published=False)
    ContributorFactory(slug="solo")

    editor.patch(
        detail(article),
        {"headline": "Edited", "credits": [{"contributor": "solo", "role": "byline"}]},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    editor.post(f"{detail(article)}publish/", HTTP_IF_MATCH='"2"')

    versions = list(Version.objects.get_for_object(article).select_related("revision"))
    assert [v.revision.comment for v in versions] == ["Published", "Edited through the API"]
    edit = versions[1].revision
    credits = [v for v in edit.version_set.all() if v.content_type.model == "credit"]
    assert len(credits) == 1  # the replaced credits are not in the revision
    assert versions[1].field_dict["headline"] == "Edited"


def test_invalid_nested_input_is_400_by_field(editor):
    article = ArticleFactory()

    response = editor.patch(
        detail(article),
        {
            "credits": [{"contributor": "nobody", "role": "byline"}],
            "attributions": [{"source": "nothing", "text": ""}],
        },
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"credits", "attributions"}
    assert body["detail"].startswith("credits")


@pytest.mark.parametrize(
    ("field", "value"),
    [("body", 0), ("headline", ["a"]), ("credits", [{"contributor": 7, "role": "byline"}])],
)
def test_wrong_json_types_are_400_not_coerced(editor, field, value):
    ContributorFactory(slug="7")

    response = editor.post(LIST, {"slug": "typed", field: value}, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_duplicate_credit_is_400_not_a_database_error(editor):
    ContributorFactory(slug="ted")

    response = editor.post(
        LIST,
        {
            "slug": "dupe",
            "credits": [
                {"contributor": "ted", "role": "byline"},
                {"contributor": "ted", "role": "byline"},
            ],
        },
        format="json",
    )

    assert response.status_code == 400
    assert "credited twice" in response.json()["detail"]


def test_other_role_needs_a_label(editor):
    ContributorFactory(slug="ted")

    response = editor.post(
        LIST,
        {"slug": "other", "credits": [{"contributor": "ted", "role": "other"}]},
        format="json",
    )

    assert response.status_code == 400
    assert "role_label" in response.json()["detail"]


# --- Creates racing for one slug ----------------------------------------------------------

# resource: (its serializer, a create's body, the row a concurrent request stores first)
RACES = {
    "articles": (
        ArticleSerializer,
        {"slug": "same", "headline": "Ours"},
        lambda: ArticleFactory(slug="same", headline="Theirs"),
    ),
    "sources": (
        SourceSerializer,
        {"name": "Ours", "slug": "same", "kind": "person"},
        lambda: SourceFactory(slug="same", name="Theirs"),
    ),
    "contributors": (
        ContributorSerializer,
        {"name": "Ours", "slug": "same"},
        lambda: ContributorFactory(slug="same", name="Theirs"),
    ),
    "topics": (
        TopicSerializer,
        {"name": "Ours", "slug": "same"},
        lambda: TopicFactory(slug="same", name="Theirs"),
    ),
    # A topic's slug is made from its name: "budget" and "Budget" are one topic.
    "topics-by-name": (
        TopicSerializer,
        {"name": "same"},
        lambda: TopicFactory(slug="same", name="Same"),
    ),
}
MODELS = {
    "articles": Article,
    "sources": Source,
    "contributors": Contributor,
    "topics": Topic,
    "topics-by-name": Topic,
}


def taken_after_validation(monkeypatch, serializer_class, store):
    """Make the next create lose the race: `store` runs once, after the serializer's checks
    (its uniqueness validators included) have passed and before anything is written."""
    validate = serializer_class.validate
    pending = [store]

    def validate_then_lose(self, attrs):
        attrs = validate(self, attrs)
        while pending:
            pending.pop()()
        return attrs

    monkeypatch.setattr(serializer_class, "validate", validate_then_lose)


@pytest.mark.parametrize("resource", RACES)
def test_a_slug_taken_after_validation_is_400_naming_the_slug(monkeypatch, editor, resource):
    serializer_class, body, store = RACES[resource]
    address = f"/api/v1/{resource.removesuffix('-by-name')}/"
    editor.raise_request_exception = False
    stored = []
    taken_after_validation(monkeypatch, serializer_class, lambda: stored.append(store()))

    lost = editor.post(address, body, format="json")
    # The same create once the other one is stored: what the serializer says without a race.
    later = editor.post(address, body, format="json")

    assert lost.status_code == 400, lost.content
    assert lost.json()["detail"].startswith("slug: ")
    assert "already exists" in lost.json()["errors"]["slug"][0]
    assert lost.json() == later.json()
    rows = MODELS[resource].objects.filter(slug="same")
    assert list(rows.values_list("pk", flat=True)) == [stored[0].pk]


def test_a_topic_named_like_another_but_for_case_is_400_not_a_second_topic(editor):
    TopicFactory(name="Budget", slug="budget")

    response = editor.post("/api/v1/topics/", {"name": "budget"}, format="json")

    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"slug": ["topic with this slug already exists."]}
    assert list(Topic.objects.values_list("name", "slug")) == [("Budget", "budget")]


def at_once(requests) -> list:
    """Send the requests from one thread each, released together; their responses, in order."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def send(index, request):
        try:
            barrier.wait(timeout=10)
            responses[index] = request()
        finally:
            connections.close_all()  # this thread's connections, or the test database stays busy

    threads = [threading.Thread(target=send, args=item) for item in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time: no race to lose"
)
# Transactional: each thread commits. No transactional test asks for a serialized rollback
# (it would clash with content types re-created by an earlier flush); tests/conftest.py puts
# the permissions and roles back after each flush instead.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("resource", "bodies"),
    [
        ("articles", [{"slug": "same", "headline": f"Story {n}"} for n in range(4)]),
        ("sources", [{"name": f"Source {n}", "slug": "same"} for n in range(4)]),
        ("contributors", [{"name": f"Reporter {n}", "slug": "same"} for n in range(4)]),
        ("topics", [{"name": "Budget"} for _ in range(4)]),
        ("topics", [{"name": name} for name in ("Budget", "budget", "BUDGET", "BuDgEt")]),
        ("topics", [{"name": f"Topic {n}", "slug": "budget"} for n in range(4)]),
    ],
    ids=["articles", "sources", "contributors", "topics", "topics-by-case", "topics-by-slug"],
)
def test_concurrent_creates_with_one_slug_make_one_row_and_no_500(resource, bodies):
    editor = user("editor")
    clients = [client_for(editor) for _ in bodies]
    for client in clients:
        client.raise_request_exception = False  # a 500 is an answer to count, not a crash
    address = f"/api/v1/{resource}/"

    responses = at_once(
        [
            lambda client=client, body=body: client.post(address, body, format="json")
            for client, body in zip(clients, bodies, strict=True)
        ]
    )

    assert None not in responses  # every request was answered
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201, 400, 400, 400], [r.content for r in responses]
    created = next(r for r in responses if r.status_code == 201).json()
    assert list(MODELS[resource].objects.values_list("slug", flat=True)) == [created["slug"]]
    for response in responses:
        if response.status_code == 400:
            # The slug is taken; for topics of one name, the name too (or only the name, as
            # validation says to a request that came in after the other was stored).
            errors = response.json()["errors"]
            assert set(errors) in ({"slug"}, {"name"}, {"name", "slug"}), errors
            assert "already exists" in response.json()["detail"]


# --- Error statuses ------------------------------------------------------------------------


def test_oversized_body_is_413(editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = editor.post(LIST, {"slug": "big", "body": "x" * 2000}, format="json")

    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]
    assert not Article.objects.filter(slug="big").exists()


def test_default_limit_is_one_megabyte(editor):
    response = editor.post(LIST, {"slug": "big", "body": "x" * 1_100_000}, format="json")

    assert response.status_code == 413


def test_form_encoded_body_is_415(editor):
    response = editor.post(LIST, {"slug": "form"})  # multipart, as a browser form sends

    assert response.status_code == 415
    assert "Unsupported media type" in response.json()["detail"]


def test_malformed_json_is_400(editor):
    response = editor.generic("POST", LIST, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_unpaired_surrogate_in_json_is_400(editor):
    body = '{"slug": "odd", "body": "broken \\ud800 text"}'

    response = editor.generic("POST", LIST, body, content_type="application/json")

    assert response.status_code == 400
    assert "surrogate" in response.json()["detail"]
    assert not Article.objects.filter(slug="odd").exists()


def test_unsupported_method_is_405():
    topic = TopicFactory()

    response = client_for(user("editor")).delete(f"/api/v1/topics/{topic.slug}/")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}


def test_unknown_api_address_is_404_json():
    response = client_for().get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_throttled_requests_are_429_with_retry_after(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"},
    }
    anonymous, editor = client_for(), client_for(user("editor"))

    assert [anonymous.get(LIST).status_code for _ in range(3)] == [200, 200, 429]
    throttled = anonymous.get(LIST)
    assert int(throttled["Retry-After"]) > 0
    assert "throttled" in throttled.json()["detail"]
    assert [editor.get(LIST).status_code for _ in range(4)] == [200, 200, 200, 429]
