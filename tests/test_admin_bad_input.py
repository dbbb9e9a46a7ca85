"""Tampered input on the desk (the admin): a form error, a 400 or the change list's own "?e=1"
refusal, never a 500, and nothing changed. The public and API surfaces are in test_bad_input.py."""

import pytest
from django.urls import reverse

from articles.models import Article
from sources.models import Attribution, Source
from tests.factories import ArticleFactory, AttributionFactory, SourceFactory, staff_user

pytestmark = pytest.mark.django_db

# Not a number; a number too big for any primary key column; a number no row has.
BAD_IDS = ["abc", "9" * 40, "999999"]


@pytest.fixture
def editor_client(client):
    client.force_login(staff_user("editor", username="ed"))
    return client


@pytest.fixture
def desk():
    article = ArticleFactory(headline="A draft", slug="a-draft")
    attribution = AttributionFactory(article=article)
    return article, attribution


def _snapshot():
    return (
        list(Article.objects.order_by("pk").values_list("pk", "version", "status", "headline")),
        list(Source.objects.order_by("pk").values_list("pk", "name")),
        list(Attribution.objects.order_by("pk").values_list("pk", "source", "article", "text")),
    )


def _empty_inlines(*prefixes):
    data = {}
    for prefix in prefixes:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


@pytest.mark.parametrize("source", BAD_IDS)
def test_an_attribution_to_a_tampered_source_id_is_a_form_error(editor_client, desk, source):
    article, _ = desk
    before = _snapshot()

    response = editor_client.post(
        reverse("admin:sources_attribution_add"),
        {
            "article": article.pk,
            "source": source,
            "kind": "direct_quote",
            "text": "We will keep going.",
            "verb": "said",
            "paragraph": "0",
            "order": "0",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert _snapshot() == before


@pytest.mark.parametrize("source", BAD_IDS)
def test_an_article_inline_with_a_tampered_source_id_is_a_form_error(editor_client, desk, source):
    article, _ = desk
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "body": article.body,
        "language": "en",
        "expected_version": article.version,
        **_empty_inlines("credits", "tagged_topics", "corrections"),
        "attributions-TOTAL_FORMS": "1",
        "attributions-INITIAL_FORMS": "0",
        "attributions-0-source": source,
        "attributions-0-kind": "direct_quote",
        "attributions-0-text": "We will keep going.",
        "attributions-0-order": "0",
    }
    before = _snapshot()

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert _snapshot() == before


@pytest.mark.parametrize(
    "query",
    [
        "published_at__year=99999999999999999999",  # too big for a C long: OverflowError
        "published_at__year=9999",  # its year's end is in year 10000
        "published_at__year=9999&published_at__month=12",
        "published_at__year=9999&published_at__month=12&published_at__day=31",
        "published_at__year=2024&published_at__month=99999999999999999999",
        "published_at__year=0",
    ],
)
def test_the_date_hierarchy_refuses_impossible_dates_like_other_bad_lookups(
    editor_client, desk, query
):
    before = _snapshot()

    response = editor_client.get(f"{reverse('admin:articles_article_changelist')}?{query}")

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("changelist", "action"),
    [
        ("admin:articles_article_changelist", "submit_selected"),
        ("admin:articles_article_changelist", "trash_selected"),
        ("admin:sources_source_changelist", "merge_selected"),
        ("admin:sources_attribution_changelist", "delete_selected"),
    ],
)
@pytest.mark.parametrize("bad_id", ["abc", "9" * 40, "%00", ""])
def test_an_action_on_a_tampered_selection_is_a_400(
    editor_client, desk, changelist, action, bad_id
):
    article, attribution = desk
    SourceFactory()
    real_ids = {
        "admin:articles_article_changelist": article.pk,
        "admin:sources_source_changelist": attribution.source.pk,
        "admin:sources_attribution_changelist": attribution.pk,
    }
    before = _snapshot()

    response = editor_client.post(
        reverse(changelist),
        {"action": action, "_selected_action": [str(real_ids[changelist]), bad_id], "post": "yes"},
    )

    assert response.status_code == 400
    assert _snapshot() == before


def test_an_action_on_a_real_selection_still_runs(editor_client, desk):
    article, _ = desk

    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_selected", "_selected_action": [str(article.pk)]},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


@pytest.mark.parametrize(
    "changelist", ["admin:auth_user_changelist", "admin:auth_group_changelist"]
)
def test_djangos_own_admins_refuse_a_tampered_selection_too(client, changelist):
    client.force_login(staff_user("superuser"))

    response = client.post(
        reverse(changelist),
        {"action": "delete_selected", "_selected_action": ["abc"], "post": "yes"},
    )

    assert response.status_code == 400
