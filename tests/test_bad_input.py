"""Bad input on the web surfaces: a clear 4xx (never a 500 or a traceback) and an unchanged
database. The importers' hostile files are covered in test_hostile_input.py."""

import json

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from articles.models import Article, Contributor, Topic
from newsroom.seed import seed_story
from sources.models import Source
from tests.api import client_for, user
from tests.factories import ArticleFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db

HUGE_SLUG = "a" * 10_000


@pytest.fixture
def seeded():
    article, _ = seed_story()
    ArticleFactory(headline="A secret draft", slug="secret-draft")
    return article


@pytest.fixture
def editor_token():
    editor = staff_user("editor", username="ed")
    return Token.objects.create(user=editor).key


def _snapshot():
    return list(Article.objects.order_by("pk").values_list("pk", "version", "headline", "status"))


@pytest.mark.parametrize("path", ["/articles/%00/", "/api/v1/articles/%00/", "/%00", "/?q=%00"])
def test_a_nul_byte_in_an_address_is_a_clear_400(client, seeded, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        f"/articles/{HUGE_SLUG}/",
        f"/topics/{HUGE_SLUG}/",
        f"/sources/{HUGE_SLUG}/",
        f"/contributors/{HUGE_SLUG}/",
        f"/api/v1/articles/{HUGE_SLUG}/",
        "/api/v1/sources/%ED%A0%80/",
        "/articles/%ED%A0%80/",
    ],
)
def test_hostile_paths_are_404(client, seeded, path):
    before = _snapshot()

    response = client.get(path)

    assert response.status_code == 404
    assert "Traceback" not in response.text
    assert _snapshot() == before


@pytest.mark.parametrize(
    "query",
    [
        "page=999999999",
        "page=-1",
        "page=abc",
        "page=1e9",
        "page=%00",
        "status=draft",
        "status__in=draft,review",
    ],
)
def test_public_lists_take_absurd_or_smuggled_parameters_without_leaking(client, seeded, query):
    response = client.get(f"/?{query}")

    assert response.status_code in {200, 400, 404}
    assert "A secret draft" not in response.text


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=%ED%A0%80",
        "q=" + "x" * 10_000,
        "q=%22%27%3B--",
        "q=a%20OR%201%3D1",
        "q=subpoenas&published_from=2020-13-45",
        "q=subpoenas&topic=%00",
        "page=99999999999999999999",
    ],
)
def test_search_handles_hostile_queries(client, seeded, query):
    response = client.get(f"/search/?{query}")

    assert response.status_code in {200, 400, 404}
    assert "A secret draft" not in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ordering=author__password", "ordering"),
        ("ordering=created_by__password", "ordering"),
        ("status__in=draft", "status__in"),
        ("status=draft", "status"),
        ("page=0", "page"),
        ("page=99999999999999999999", "page"),
        ("published_after=yesterday", "published_after"),
        ("topic=" + HUGE_SLUG, "topic"),
    ],
)
def test_api_refuses_smuggled_and_absurd_parameters_with_a_message(client, seeded, query, message):
    response = client.get(f"/api/v1/articles/?{query}")

    assert 400 <= response.status_code < 500, response.content
    body = response.json()
    assert message in json.dumps(body)
    assert "secret-draft" not in response.text


def test_an_absurd_page_size_is_capped_not_obeyed(client, seeded):
    response = client.get("/api/v1/articles/?page_size=1000000000")

    assert response.status_code == 200
    assert len(response.json()["results"]) <= 100


@pytest.mark.parametrize(
    ("payload", "content_type", "status"),
    [
        ('{"headline": "x\\u0000y", "slug": "nul", "body": "b"}', "application/json", 400),
        (  # a NUL in a related slug: PostgreSQL refuses it even in the lookup
            '{"headline": "x", "slug": "nul-credit", "body": "b", '
            '"credits": [{"contributor": "a\\u0000b", "role": "byline"}]}',
            "application/json",
            400,
        ),
        ('{"headline": "\\ud800", "slug": "surrogate", "body": "b"}', "application/json", 400),
        ('{"headline": "Broken", ', "application/json", 400),
        ("headline=Form+post", "application/x-www-form-urlencoded", 415),
        (
            '{"headline": "%s", "slug": "big", "body": "b"}' % ("x" * 2_000_000),
            "application/json",
            413,
        ),
        ('["not", "an", "object"]', "application/json", 400),
        (json.dumps({"headline": "Ok", "slug": HUGE_SLUG, "body": "b"}), "application/json", 400),
    ],
)
def test_api_writes_with_bad_bodies_change_nothing(
    client, seeded, editor_token, payload, content_type, status
):
    before = _snapshot()

    response = client.post(
        "/api/v1/articles/",
        data=payload,
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Token {editor_token}",
    )

    assert response.status_code == status
    assert response.json()["detail"]  # every error says what went wrong
    assert _snapshot() == before


def test_admin_form_with_a_nul_byte_is_a_form_error_not_a_crash(client, seeded):
    client.force_login(staff_user("editor", username="ed"))
    article = Article.objects.get(slug="secret-draft")
    data = {
        "headline": "Evil\x00headline",
        "slug": article.slug,
        "body": "Body",
        "language": "en",
        "expected_version": article.version,
    }
    for prefix in ("credits", "tagged_topics", "attributions", "corrections"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    before = _snapshot()

    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert "Null characters are not allowed." in response.text
    assert _snapshot() == before


def test_admin_lookups_with_absurd_ids_are_handled(client, seeded):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)

    for path in [
        f"/admin/articles/article/{'9' * 40}/change/",
        "/admin/articles/article/%00/change/",
        f"/admin/articles/article/{HUGE_SLUG}/change/",
        "/admin/articles/article/?state=%00&topic=%00&q=%00",
        "/admin/articles/article/?published_at__gte=notadate",
        "/admin/articles/article/?o=99",
    ]:
        response = client.get(path)
        assert response.status_code in {200, 302, 400, 404}, path


def _write_counts():
    models = (Article, Contributor, Source, Topic)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/articles/"),
        ("post", "/api/v1/sources/"),
        ("post", "/api/v1/topics/"),
        ("post", "/api/v1/contributors/"),
        ("patch", "/api/v1/articles/secret-draft/"),
    ],
)
@pytest.mark.parametrize("depth", [33, 100_000])
def test_api_writes_refuse_deeply_nested_json_with_a_400_before_parsing_it(
    seeded, method, path, depth
):
    arrays = depth - 1  # inside the object
    body = '{"headline": ' + "[" * arrays + "]" * arrays + ', "name": "Deep", "slug": "deep"}'
    before = _write_counts()

    response = getattr(client_for(user("editor", username="ed")), method)(
        path, data=body, content_type="application/json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 400, response.content
    assert response.json()["detail"] == (
        f"JSON parse error - nested {depth} levels deep; at most 32 are allowed."
    )
    assert _write_counts() == before


def test_api_writes_take_json_nested_as_deep_as_allowed(seeded):
    body = '{"name": "Shallow", "slug": "shallow", "x": ' + "[" * 31 + "]" * 31 + "}"  # 32 deep

    response = client_for(user("editor", username="ed")).post(
        "/api/v1/topics/", data=body, content_type="application/json"
    )

    assert response.status_code == 201, response.content


def test_brackets_and_escaped_quotes_inside_strings_are_not_nesting(seeded):
    # An escaped quote, brackets, an escaped backslash and another escaped quote, as JSON.
    name = r"Odd \"" + "[" * 40 + r"\\\"{"
    body = '{"name": "' + name + '", "slug": "brackets"}'

    response = client_for(user("editor", username="ed")).post(
        "/api/v1/topics/", data=body, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    assert Topic.objects.get(slug="brackets").name == 'Odd "' + "[" * 40 + '\\"{'
