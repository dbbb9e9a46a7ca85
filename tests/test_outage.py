"""While the database cannot be reached, pages and the API answer 503 with Retry-After (clients
and proxies try again), not a 500."""

import pytest
from django.db import IntegrityError, OperationalError
from django.urls import reverse

from articles import api, views
from newsroom.views import server_error


def _unreachable(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def test_a_page_answers_503_while_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr(views.ArticleListView, "get_queryset", _unreachable)

    response = client.get(reverse("articles:index"))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-cache" in response["Cache-Control"]
    assert "briefly unavailable" in response.content.decode()


def test_the_api_answers_json_503_while_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr(api.ArticleViewSet, "get_queryset", _unreachable)

    response = client.get("/api/v1/articles/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "detail": "The database is briefly unavailable; try again in a few seconds."
    }


def test_other_database_errors_are_still_server_errors(client, monkeypatch):
    def broken(*args, **kwargs):
        raise IntegrityError("a bug, not an outage")

    monkeypatch.setattr(views.ArticleListView, "get_queryset", broken)

    with pytest.raises(IntegrityError):
        client.get(reverse("articles:index"))


def test_an_outage_outside_any_view_is_a_503_too(rf):
    # Reversion's middleware opens the request's transaction before any view runs; an outage
    # there reaches Django's 500 handler, which must still say "try again".
    request = rf.post("/api/v1/articles/")
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(request)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_a_real_bug_still_gets_the_500_page(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))

    assert response.status_code == 500
