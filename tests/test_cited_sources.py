"""A source that a published story cites is part of that story. Changing or merging one is an
editor's action (`sources.change_cited_source`), in the desk and the API alike; and any change
to what an article shows of a source, topic or contributor moves the article's version, is in
its history, and changes its ETag (API detail and ninjs)."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from sources.models import Attribution, Source
from tests.api import client_for
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def quoted():
    """A source quoted in a published story, and one named only in a draft."""
    live = ArticleFactory(published=True, headline="Council votes")
    draft = ArticleFactory(headline="Draft only")
    cited = SourceFactory(name="Ana Ruiz", slug="ana-ruiz", kind="person")
    uncited = SourceFactory(name="Ben Ode", slug="ben-ode", kind="person")
    AttributionFactory(article=live, source=cited, text="We will appeal.")
    AttributionFactory(article=draft, source=uncited, text="Off the record.")
    return live, cited, uncited


def _source_api(source):
    return f"/api/v1/sources/{source.slug}/"


# --- The API ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [{"name": "Someone Else"}, {"kind": "organization"}, {"title": "spokesman"}],
)
def test_a_reporter_cannot_change_a_source_a_published_story_cites(quoted, change):
    live, cited, _ = quoted
    reporter = client_for(staff_user("reporter"))

    response = reporter.patch(_source_api(cited), change, format="json")

    assert response.status_code == 403
    assert "only an editor may change" in response.json()["detail"]
    cited.refresh_from_db()
    assert (cited.name, cited.kind, cited.title) == ("Ana Ruiz", "person", "")
    assert "Ana Ruiz" in client_for().get(live.get_absolute_url()).content.decode()


def test_a_reporter_cannot_change_a_cited_persons_organisation(quoted):
    _, cited, _ = quoted
    organisation = SourceFactory(name="City of Denver", kind="organization")
    cited.affiliation = organisation
    cited.save()
    reporter = client_for(staff_user("reporter"))

    response = reporter.patch(_source_api(organisation), {"name": "Town"}, format="json")

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "City of Denver"


def test_a_reporter_may_still_edit_a_source_no_published_story_cites(quoted):
    _, _, uncited = quoted
    reporter = client_for(staff_user("reporter"))

    response = reporter.patch(_source_api(uncited), {"title": "council aide"}, format="json")

    assert response.status_code == 200
    uncited.refresh_from_db()
    assert uncited.title == "council aide"


def test_a_reporter_may_still_create_sources():
    reporter = client_for(staff_user("reporter"))

    response = reporter.post(
        "/api/v1/sources/", {"name": "New Person", "slug": "new-person"}, format="json"
    )

    assert response.status_code == 201


def test_an_editor_changing_a_cited_source_moves_the_story_version_and_history(quoted):
    live, cited, _ = quoted
    editor = client_for(staff_user("editor"))
    before = live.version
    revisions = Version.objects.get_for_object(live).count()

    response = editor.patch(_source_api(cited), {"name": "Ana María Ruiz"}, format="json")

    assert response.status_code == 200
    live.refresh_from_db()
    assert live.version == before + 1
    history = Version.objects.get_for_object(live)
    assert history.count() == revisions + 1
    assert "Ana María Ruiz" in history.first().revision.comment
    assert "Ana María Ruiz" in client_for().get(live.get_absolute_url()).content.decode()


# --- The desk --------------------------------------------------------------------------------


def _merge(client, keep, *others):
    url = reverse("admin:sources_source_changelist")
    selected = [keep.pk, *(source.pk for source in others)]
    return client.post(
        url, {"action": "merge_selected", "_selected_action": selected, "target": keep.pk}
    )


def test_a_reporter_cannot_merge_sources_in_the_desk(client, quoted):
    _, cited, uncited = quoted
    client.force_login(staff_user("reporter"))

    response = _merge(client, uncited, cited)

    assert response.status_code in {200, 302, 403}
    assert Source.objects.filter(pk=cited.pk).exists()
    assert Attribution.objects.filter(source=cited).count() == 1
    listing = client.get(reverse("admin:sources_source_changelist")).text
    assert "merge_selected" not in listing


def test_a_reporter_sees_a_cited_source_read_only_in_the_desk(client, quoted):
    _, cited, uncited = quoted
    client.force_login(staff_user("reporter"))
    change = reverse("admin:sources_source_change", args=[cited.pk])

    page = client.get(change)
    posted = client.post(change, {"name": "Someone Else", "slug": "ana-ruiz", "kind": "person"})

    assert page.status_code == 200
    assert 'name="name"' not in page.text  # shown, not editable
    assert posted.status_code == 403
    cited.refresh_from_db()
    assert cited.name == "Ana Ruiz"
    editable = client.get(reverse("admin:sources_source_change", args=[uncited.pk]))
    assert 'name="name"' in editable.text


def test_an_editor_merge_moves_every_touched_story_version(client, quoted):
    _, cited, _ = quoted
    duplicate = SourceFactory(name="A. Ruiz", kind="person")
    other_live = ArticleFactory(published=True)
    AttributionFactory(article=other_live, source=duplicate, text="No comment.")
    client.force_login(staff_user("editor"))
    before = Article.objects.get(pk=other_live.pk).version

    _merge(client, cited, duplicate)

    other_live.refresh_from_db()
    assert not Source.objects.filter(pk=duplicate.pk).exists()
    assert other_live.version == before + 1
    assert "Merged sources A. Ruiz into Ana Ruiz" in (
        Version.objects.get_for_object(other_live).first().revision.comment
    )


# --- ETags cover what the article shows --------------------------------------------------------


def _etags(article):
    anonymous = client_for()
    detail = f"/api/v1/articles/{article.slug}/"
    return detail, anonymous.get(detail)["ETag"], anonymous.get(f"{detail}ninjs/")["ETag"]


@pytest.mark.parametrize("what", ["source", "affiliation", "topic", "contributor"])
def test_renaming_what_an_article_shows_changes_its_etag(quoted, what):
    live, cited, _ = quoted
    organisation = SourceFactory(name="City of Denver", kind="organization")
    Source.objects.filter(pk=cited.pk).update(affiliation=organisation)
    topic, contributor = TopicFactory(name="Budget"), ContributorFactory(name="Pat Lee")
    live.topics.add(topic)
    CreditFactory(article=live, contributor=contributor)
    detail, etag, ninjs_etag = _etags(live)

    renamed = {
        "source": cited,
        "affiliation": organisation,
        "topic": topic,
        "contributor": contributor,
    }[what]
    renamed.refresh_from_db()
    renamed.name = f"{renamed.name} (renamed)"
    renamed.save()

    anonymous = client_for()
    assert anonymous.get(detail, HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert anonymous.get(f"{detail}ninjs/", HTTP_IF_NONE_MATCH=ninjs_etag).status_code == 200
    if what != "affiliation":  # the API's article shows the quoted person, not their employer
        assert "(renamed)" in anonymous.get(detail).content.decode()


def test_a_merge_changes_the_etag_of_a_story_that_quoted_the_merged_source(client, quoted):
    live, cited, _ = quoted
    keep = SourceFactory(name="Ana M. Ruiz", kind="person")
    detail, etag, _ = _etags(live)
    client.force_login(staff_user("editor"))

    _merge(client, keep, cited)

    assert client_for().get(detail, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_change_no_article_shows_leaves_versions_alone(quoted):
    live, cited, _ = quoted
    before = live.version

    cited.description = "Background only the source page shows."
    cited.save()

    live.refresh_from_db()
    assert live.version == before
