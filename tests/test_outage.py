"""While the database cannot be reached, pages and the API answer 503 with Retry-After (clients
and proxies try again), not a 500."""

import pytest
from django.db import IntegrityError, OperationalError
from django.urls import reverse

from articles import api, views


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
