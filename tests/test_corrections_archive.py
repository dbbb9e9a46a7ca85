"""The corrections archive and its feed: newest first, each linked to its story, only for
stories a reader may see, paginated in constant queries; and the desk's rule that a material
change to a published story needs a correction in the same save."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.desk import article_form
from tests.factories import ArticleFactory, CorrectionFactory, CreditFactory, staff_user

pytestmark = pytest.mark.django_db
DAY = timezone.timedelta(days=1)


def _corrected(headline, text, days_ago, **kwargs):
    article = ArticleFactory(published=True, headline=headline, **kwargs)
    return CorrectionFactory(
        article=article, text=text, published_at=timezone.now() - days_ago * DAY
    )


def test_archive_lists_corrections_newest_first_linked_to_their_stories(client):
    old = _corrected("Old story", "Older fix.", 3)
    new = _corrected("New story", "Newer fix.", 1)
    ArticleFactory(headline="Hidden draft")
    CorrectionFactory(article=ArticleFactory(headline="Draft with a fix"), text="Secret fix.")

    page = client.get(reverse("trust:corrections")).text

    assert page.index("Newer fix.") < page.index("Older fix.")
    assert f'href="{new.article.get_absolute_url()}"' in page
    assert f'href="{old.article.get_absolute_url()}"' in page
    assert "Secret fix." not in page
    assert "Draft with a fix" not in page


def test_feed_lists_the_same_corrections(client):
    _corrected("Port story", "The tonnage was wrong.", 1)
    CorrectionFactory(article=ArticleFactory(headline="Draft"), text="Secret fix.")

    feed = client.get(reverse("trust:corrections_feed"))

    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert "Correction: Port story" in feed.text
    assert "The tonnage was wrong." in feed.text
    assert "Secret fix." not in feed.text


def test_archive_is_paginated_in_constant_queries(client, django_assert_num_queries):
    _corrected("First", "Fix 0.", 1)
    with django_assert_num_queries(1) as small:
        client.get(reverse("trust:corrections"))
    for i in range(30):
        _corrected(f"Story {i}", f"Fix {i + 1}.", 2)

    with django_assert_num_queries(len(small)):
        first = client.get(reverse("trust:corrections"))
    second = client.get(reverse("trust:corrections") + "?page=2")

    assert 'rel="next"' in first.text
    assert second.status_code == 200
    assert second.text.count('<li id="correction-') == 11


# --- The material change rule ----------------------------------------------------------------


@pytest.fixture
def published(client):
    from articles import workflow
    from sections.models import Section

    editor = staff_user("editor")
    section = Section.objects.create(name="City", slug="city")
    article = ArticleFactory(headline="Council votes", body="It voted 5-4.", section=section)
    CreditFactory(article=article)
    workflow.publish(article=article, by=editor)
    client.force_login(editor)
    return article


def _change(client, article, **data):
    article.refresh_from_db()
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.post(url, article_form(article) | data)


def test_material_change_without_a_correction_is_a_form_error_on_the_box(client, published):
    response = _change(client, published, body="It voted 6-3.", material_change="on")

    assert response.status_code == 200
    assert "A material change to a published story needs a correction" in response.text
    published.refresh_from_db()
    assert published.body == "It voted 5-4."


def test_material_change_with_a_new_correction_saves_both(client, published):
    response = _change(
        client,
        published,
        body="It voted 6-3.",
        material_change="on",
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text": "An earlier version gave the vote as 5-4.",
            "corrections-0-published_at_0": timezone.now().strftime("%Y-%m-%d"),
            "corrections-0-published_at_1": timezone.now().strftime("%H:%M:%S"),
        },
    )

    assert response.status_code == 302, response.text[:2000]
    published.refresh_from_db()
    assert published.body == "It voted 6-3."
    assert published.corrections.get().text == "An earlier version gave the vote as 5-4."


def test_the_box_is_only_on_a_published_story(client, published):
    draft = ArticleFactory()
    url = lambda a: reverse("admin:articles_article_change", args=[a.pk])  # noqa: E731

    assert 'name="material_change"' in client.get(url(published)).text
    assert 'name="material_change"' not in client.get(url(draft)).text
