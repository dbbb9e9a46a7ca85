"""The OpenAPI schema matches what the API really does: checked by hand for the promises that
matter, and by schemathesis for every operation (no 5xx, responses conform)."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from newsroom.seed import seed_story
from tests.api import client_for, user

pytestmark = pytest.mark.django_db

JSON_SCHEMA = {"HTTP_ACCEPT": "application/vnd.oai.openapi+json"}


@pytest.fixture
def openapi():
    response = client_for().get("/api/schema/", **JSON_SCHEMA)
    assert response.status_code == 200
    return response.json()


def test_schema_is_openapi_3_with_every_resource(openapi):
    assert openapi["openapi"].startswith("3.")
    paths = set(openapi["paths"])
    assert {
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/articles/{slug}/ninjs/",
        "/api/v1/articles/{slug}/publish/",
        "/api/v1/articles/{slug}/submit/",
        "/api/v1/articles/{slug}/unpublish/",
        "/api/v1/articles/{slug}/archive/",
        "/api/v1/sources/",
        "/api/v1/sources/{slug}/",
        "/api/v1/topics/",
        "/api/v1/topics/{slug}/",
        "/api/v1/contributors/",
        "/api/v1/contributors/{slug}/",
        "/api/v1/sections/",
        "/api/v1/sections/{slug}/",
    } <= paths


def test_schema_documents_filters_and_pagination(openapi):
    parameters = {p["name"] for p in openapi["paths"]["/api/v1/articles/"]["get"]["parameters"]}

    assert parameters == {
        "topic",
        "source",
        "contributor",
        "section",
        "q",
        "published_after",
        "published_before",
        "status",
        "ordering",
        "full",
        "page",
        "page_size",
    }
    page = openapi["components"]["schemas"]["PaginatedArticleListItemList"]
    assert set(page["properties"]) == {"count", "next", "previous", "results"}
    item = openapi["components"]["schemas"]["ArticleListItem"]
    assert "sourcing" in item["properties"]
    assert "body" not in item["properties"]


def test_schema_documents_auth_errors_and_preconditions(openapi):
    schemes = openapi["components"]["securitySchemes"]
    assert {"tokenAuth", "cookieAuth"} <= set(schemes)
    patch = openapi["paths"]["/api/v1/articles/{slug}/"]["patch"]
    assert {"400", "401", "403", "404", "412", "413", "415", "428", "429"} <= set(
        patch["responses"]
    )
    if_match = next(p for p in patch["parameters"] if p["name"] == "If-Match")
    assert if_match["in"] == "header"
    assert if_match["required"] is True
    error = openapi["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]
    get = openapi["paths"]["/api/v1/articles/{slug}/"]["get"]
    assert "304" in get["responses"]


def test_schema_separates_what_is_read_from_what_is_written(openapi):
    schemas = openapi["components"]["schemas"]
    written = schemas["ArticleRequest"]["properties"]
    read = schemas["Article"]["properties"]

    for read_only in ("id", "version", "body_html", "created_at", "updated_at", "status"):
        assert read_only not in written
        assert read_only in read
    assert written["topics"] == {
        "type": "array",
        "items": {"type": "string"},
        "description": written["topics"]["description"],
    }
    assert read["url"]["format"] == "uri"
    assert "status" not in schemas["Article"]["required"]  # the public never gets it


def test_schema_has_a_request_example(openapi):
    create = openapi["paths"]["/api/v1/articles/"]["post"]

    examples = create["requestBody"]["content"]["application/json"]["examples"]
    assert examples


def test_docs_work_offline_from_the_sidecar():
    response = client_for().get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html
    assert "unpkg" not in html


# --- schemathesis --------------------------------------------------------------------------


def _load_schema():
    """The schema as /api/schema/ serves it, generated in-process at collection time (no
    database needed), with requests going to the Django WSGI application."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = get_wsgi_application()
    return loaded


# Schema-valid input the API rightly refuses: a slug that names nothing the reader can see, the
# staff-only status filter from the public. OpenAPI cannot say "one of the slugs in the
# database", so schemathesis's "valid data is accepted" check cannot hold; the rest all apply.
NOT_EXPRESSIBLE = [positive_data_acceptance]

# schemathesis.pytest.from_fixture would load it per test, but it does not work with pytest 9.
schema = _load_schema()


@pytest.fixture
def live_api(settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    # Hundreds of generated requests in a second are the point here, not abuse.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    seed_story()
    # A real WSGI handler closes the database connection after each request; inside a test's
    # transaction that would lose the test data, so do what Django's test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token():
    return Token.objects.get_or_create(user=user("editor"))[0].key


@schema.parametrize()
@settings(
    max_examples=8,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_to_the_schema(case, live_api, editor_token):
    # With an editor's token, so writes and workflow actions run for real as well as reads.
    case.call_and_validate(
        headers={"Authorization": f"Token {editor_token}"}, excluded_checks=NOT_EXPRESSIBLE
    )


@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_anonymously(case, live_api):
    case.call_and_validate(excluded_checks=NOT_EXPRESSIBLE)
