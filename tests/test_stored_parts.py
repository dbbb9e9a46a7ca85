"""Issue 19: an article page's stored parts (articles/parts.py), with the page cache off. The
first reader of a version renders and stores them, every reader after gets them in two queries,
and no change to the story or to anything it shows is ever followed by the old text."""

import logging

import pytest
from django.urls import reverse

from articles import parts, workflow
from articles.models import Article
from articles.stored import StoredStory
from sections.models import Section
from tests.api import full_article
from tests.factories import (
    AttributionFactory,
    ContributorFactory,
    CorrectionFactory,
    CreditFactory,
)

pytestmark = pytest.mark.django_db


def _page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.text


def _stored(article) -> StoredStory | None:
    return StoredStory.objects.filter(article=article).first()


def test_the_first_reader_stores_the_parts_and_the_next_gets_the_same_page(
    client, django_assert_num_queries
):
    article = full_article()
    assert _stored(article) is None

    first = _page(client, article)
    stored = _stored(article)
    assert stored is not None
    assert stored.version == Article.objects.get(pk=article.pk).version
    assert article.headline in stored.story
    assert '<article class="story">' in stored.story
    assert '<link rel="canonical"' in stored.head
    assert "application/ld+json" in stored.head

    with django_assert_num_queries(2):  # the article with its parts; the related stories
        again = _page(client, article)
    assert again == first

    StoredStory.objects.all().delete()  # rendered afresh, the page is the same
    assert _page(client, article) == first


def _rename_source(article):
    source = article.attributions.first().source
    source.name = "Renamed Source Person"
    source.save()
    return "Renamed Source Person"


def _retitle_source(article):
    source = article.attributions.first().source
    source.title = "spokesperson for the harbour"
    source.save()
    return "Spokesperson for the harbour"


def _rename_organisation(article):
    organisation = article.attributions.first().source.affiliation
    organisation.name = "Renamed Organisation"
    organisation.save()
    return "Renamed Organisation"


def _rename_topic(article):
    topic = article.topics.first()
    topic.name = "Renamed topic"
    topic.save()
    return "Renamed topic"


def _untag(article):
    topic = article.topics.first()
    article.topics.remove(topic)
    return None  # checked below: the topic's link is gone


def _log_correction(article):
    workflow.log_correction(
        article=article, by=None, kind="correction", text="The harbour opened in 1911."
    )
    return "The harbour opened in 1911."


def _raw_correction(article):
    CorrectionFactory(article=article, text="A correction written straight to the table.")
    return "A correction written straight to the table."


def _rename_contributor(article):
    contributor = article.credits.first().contributor
    contributor.name = "Nell Renamed"
    contributor.save()
    return "Nell Renamed"


def _add_byline(article):
    CreditFactory(article=article, contributor=ContributorFactory(name="Newly Credited"))
    return "Newly Credited"


def _new_quote(article):
    AttributionFactory(article=article, source__name="Late Quoted Person")
    return "Late Quoted Person"


def _rename_section(article):
    section = Section.objects.create(name="Harbour", slug="harbour")
    Article.objects.filter(pk=article.pk).update(section=section)
    section.name = "Waterfront"
    section.save()
    return "Waterfront"


def _edit_headline(article):
    article.refresh_from_db()
    article.headline = "An edited headline"
    workflow.save_article(article=article, by=None, message="Edited", check_permission=False)
    return "An edited headline"


def _raw_headline(article):
    Article.objects.filter(pk=article.pk).update(headline="A headline updated in bulk")
    return "A headline updated in bulk"


CHANGES = {
    "source-name": _rename_source,
    "source-title": _retitle_source,
    "organisation-name": _rename_organisation,
    "topic-name": _rename_topic,
    "topic-removed": _untag,
    "correction-logged": _log_correction,
    "correction-raw": _raw_correction,
    "contributor-name": _rename_contributor,
    "byline-added": _add_byline,
    "quote-added": _new_quote,
    "section-name": _rename_section,
    "headline-saved": _edit_headline,
    "headline-bulk": _raw_headline,
}


def _detail(article) -> str:
    return reverse("api:article-detail", kwargs={"slug": article.slug})


def _api(client, article) -> str:
    response = client.get(_detail(article))
    assert response.status_code == 200
    return response.content.decode()


def _list(client, article) -> str:
    response = client.get(reverse("api:article-list"))
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == article.pk
    return response.content.decode()


READS = {"page": _page, "api": _api, "list": _list}
# What each read shows of the changes (the API names a quoted person's organisation only on
# the person's own resource; a list item shows no quotes or corrections, only their counts).
SHOWN = {
    "page": set(CHANGES),
    "api": set(CHANGES) - {"organisation-name"},
    "list": {
        "topic-name",
        "topic-removed",
        "contributor-name",
        "byline-added",
        "section-name",
        "headline-saved",
        "headline-bulk",
    },
}


@pytest.mark.parametrize(
    ("read", "name"), [(read, name) for read in READS for name in CHANGES if name in SHOWN[read]]
)
def test_a_change_to_the_story_or_what_it_shows_is_never_followed_by_the_old_copy(
    client, name, read
):
    """In the transaction that makes it (no after-commit needed): the version moves, or the
    row change deletes the stored part, representation and list item."""
    article = full_article()
    removed = article.topics.first().name
    get = READS[read]
    before = get(client, article)
    assert get(client, article) == before  # served from what was stored

    expected = CHANGES[name](article)

    after = get(client, article)
    assert after != before
    if expected is None:
        assert (f'rel="tag">{removed}</a>' if read == "page" else f'"{removed}"') not in after
    else:
        assert expected.lower() in after.lower()  # the page capitalises a source's title
    assert get(client, article) == after  # and stored again


def test_the_newsroom_policies_retire_every_stored_part(client, committed):
    from trust.models import Policies

    article = full_article()
    other = full_article()
    before = _page(client, article)
    _page(client, other)
    assert '"publishingPrinciples": "http://testserver/about/' in before

    with committed():
        policies = Policies.current()
        policies.publishing_principles = ""  # withdrawn: its page and its JSON-LD property
        policies.save()

    assert '"publishingPrinciples"' not in _page(client, article)
    assert '"publishingPrinciples"' not in _page(client, other)


def test_a_site_wide_invalidation_retires_every_stored_part(client):
    from newsroom import pagecache

    article = full_article()
    _page(client, article)
    generation = _stored(article).generation

    pagecache.invalidate({pagecache.SITE_TAG})
    _page(client, article)

    assert _stored(article).generation == generation + 1


def test_parts_rendered_from_an_older_version_are_never_served(client, rf):
    """A reader who loaded the story just before an edit stores what they rendered after it
    committed: the version it names is behind, so the next reader renders again."""
    article = full_article()
    stale = Article.objects.published().for_page().get(pk=article.pk)
    _edit_headline(Article.objects.get(pk=article.pk))

    parts.store(stale, rf.get("/"), generation=0)
    assert _stored(article).version == stale.version
    assert "An edited headline" not in _stored(article).story

    assert "An edited headline" in _page(client, article)
    assert _stored(article).version == stale.version + 1


def test_new_code_or_another_site_address_renders_again(client, monkeypatch, settings):
    article = full_article()
    _page(client, article)
    key = _stored(article).key

    monkeypatch.setattr(parts, "_format", ["a deploy's templates"])
    monkeypatch.setattr(parts, "_keys", {})
    _page(client, article)
    assert _stored(article).key != key

    settings.SITE_URL = "https://news.example"
    page = _page(client, article)
    assert f'<link rel="canonical" href="https://news.example{article.get_absolute_url()}">' in (
        page
    )


def test_parts_showing_something_no_rule_retires_are_not_stored(client, monkeypatch, caplog):
    article = full_article()
    monkeypatch.setattr(parts, "WIDE_TAGS", {"site"})  # as if "policies" had no rule

    with caplog.at_level(logging.WARNING, logger="articles.parts"):
        page = _page(client, article)

    assert _stored(article) is None
    assert article.headline in page
    assert "which no rule retires them for" in caplog.text


def _withdraw(article):
    Article.objects.filter(pk=article.pk).update(status="draft")


def _embargo(article):
    from datetime import timedelta

    from django.utils import timezone

    Article.objects.filter(pk=article.pk).update(
        embargoed_until=timezone.now() + timedelta(hours=2)
    )


@pytest.mark.parametrize("hide", [_withdraw, _embargo], ids=["withdrawn", "embargoed"])
def test_a_hidden_story_is_never_served_from_what_is_stored(client, hide):
    """Even with every stored row still there and naming the story's current version (as a
    reader racing the change might have stored it), the public gets a 404 and no list item."""
    from articles.stored import StoredListItem, StoredRepresentation

    article = full_article()
    _page(client, article)
    _api(client, article)
    _list(client, article)
    models = (StoredStory, StoredRepresentation, StoredListItem)
    kept = [list(model.objects.filter(article=article)) for model in models]
    assert all(kept)

    hide(article)
    for model, rows in zip(models, kept, strict=True):  # put back, current version and all
        version = Article.objects.get(pk=article.pk).version
        for row in rows:
            row.version = version
        model.objects.bulk_create(rows)

    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(_detail(article)).status_code == 404
    assert client.get(reverse("api:article-list")).json()["results"] == []


def test_the_page_declares_the_same_cache_tags_from_its_stored_parts(client):
    article = full_article()
    first = client.get(article.get_absolute_url())
    again = client.get(article.get_absolute_url())

    assert first["Surrogate-Key"] == again["Surrogate-Key"]
    assert "policies" in again["Surrogate-Key"].split()
    assert first["Last-Modified"] == again["Last-Modified"]


# --- The API detail's stored representation --------------------------------------------------


def test_the_public_gets_the_stored_representation_staff_get_the_serializers(client):
    from articles.stored import StoredRepresentation
    from tests.api import client_for
    from tests.factories import UserFactory, staff_user

    article = full_article()
    first = client.get(_detail(article)).json()
    assert StoredRepresentation.objects.filter(article=article).exists()
    assert "status" not in first

    editor = client_for(staff_user("editor", username="ed"))
    assert editor.get(_detail(article)).json()["status"] == "published"
    reader = client_for(UserFactory())  # signed in, but one of the public
    assert reader.get(_detail(article)).json() == first


def test_the_stored_representation_names_the_host_it_was_asked_on(client):
    article = full_article()
    assert client.get(_detail(article)).json()["url"].startswith("http://testserver/")

    other = client.get(_detail(article), HTTP_HOST="localhost").json()

    assert other["url"].startswith("http://localhost/")


def test_an_api_detail_ignores_the_lists_filters(client):
    article = full_article()

    response = client.get(_detail(article) + "?topic=no-such-topic")

    assert response.status_code == 200
    assert response.json()["id"] == article.pk


def test_the_public_list_is_made_of_stored_items_and_staff_get_the_serializers(
    client, django_assert_max_num_queries
):
    from articles.stored import StoredListItem
    from tests.api import client_for
    from tests.factories import staff_user

    articles = [full_article() for _ in range(3)]
    first = client.get(reverse("api:article-list")).json()
    assert StoredListItem.objects.filter(article__in=articles).count() == 3
    assert all("status" not in item for item in first["results"])

    with django_assert_max_num_queries(2) as served:
        assert client.get(reverse("api:article-list")).json() == first
    count, page = (query["sql"] for query in served.captured_queries)
    assert "COUNT(*)" in count
    assert "stored" not in count  # the count is the plain index-only one
    assert "stored_list_item" in page or "storedlistitem" in page

    editor = client_for(staff_user("editor", username="ed"))
    staff = editor.get(reverse("api:article-list")).json()["results"]
    assert {item["status"] for item in staff} == {"published"}


def test_a_list_item_withdrawn_while_the_page_is_made_is_left_out(client, monkeypatch):
    from articles.api.articles import ArticleViewSet

    kept, withdrawn = full_article(), full_article()
    make = ArticleViewSet._make_items

    def withdraw_first(self, request, articles):
        Article.objects.filter(pk=withdrawn.pk).update(status="draft")
        return make(self, request, articles)

    monkeypatch.setattr(ArticleViewSet, "_make_items", withdraw_first)
    results = client.get(reverse("api:article-list")).json()["results"]

    assert [item["id"] for item in results] == [kept.pk]


def test_the_key_covers_the_templates_and_code_that_render_a_part():
    from django.conf import settings

    names = {str(path.relative_to(settings.BASE_DIR)) for path in parts.rendered_by()}

    assert "templates/articles/parts/story.html" in names
    assert "templates/includes/sources_panel.html" in names
    assert "articles/structured_data.py" in names
    assert "articles/templatetags/reader.py" in names
    assert not any(name.startswith(("tests/", ".venv/", "media/")) for name in names)


@pytest.fixture
def replica(settings, transactional_db):
    from tests.test_router import replica as make_replica

    yield from make_replica.__wrapped__(settings, transactional_db)


@pytest.mark.parametrize("read", ["page", "api", "list"])
def test_storing_what_a_reader_rendered_is_no_write_of_theirs(client, replica, read):
    """With a replica, a writer is pinned to the primary by a cookie; the first reader of a
    story stores its parts on the primary without one, so the page stays cacheable."""
    from articles.stored import StoredListItem, StoredRepresentation

    article = full_article()
    response = client.get(
        {
            "page": article.get_absolute_url(),
            "api": _detail(article),
            "list": reverse("api:article-list"),
        }[read]
    )

    assert response.status_code == 200
    assert "primary_pin" not in response.cookies
    model = {"page": StoredStory, "api": StoredRepresentation, "list": StoredListItem}[read]
    assert model.objects.using("default").filter(article=article).exists()
