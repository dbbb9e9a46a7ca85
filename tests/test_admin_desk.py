"""The editors' desk through the admin's real URLs: roles, workflow, concurrency, revisions,
trash, merges and query counts."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import trash, workflow
from articles.models import Article, Topic
from sources.models import Attribution, Source
from tests.desk import article_form
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    CorrectionFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
    ready_to_publish,
    staff_user,
)

pytestmark = pytest.mark.django_db


def _user(role):
    return None if role == "anonymous" else staff_user(role)


def _client(client, role):
    user = _user(role)
    if user is not None:
        client.force_login(user)
    return client, user


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _article(role_user, status):
    """A ready article in `status`, owned by the user (so a reporter's own draft is theirs)."""
    published_at = (
        timezone.now() - timedelta(hours=1) if status in {"published", "archived"} else None
    )
    article = ArticleFactory(status=status, published_at=published_at, created_by=role_user)
    CreditFactory(article=article)
    return article


# action: (starting status, how to do it, what it leaves when it worked)
ACTIONS = {
    "view": ("draft", None, None),
    "add": (None, None, None),
    "change": ("draft", None, None),
    "submit": ("draft", "submit", "review"),
    "publish": ("review", "publish", "published"),
    "schedule": ("review", "schedule", "scheduled"),
    "unpublish": ("published", "unpublish", "draft"),
    "archive": ("published", "archive", "archived"),
    "delete": ("draft", None, None),
    "restore": ("draft", None, None),
}
ALLOWED = {
    "anonymous": set(),
    "reporter": {"view", "add", "change", "submit"},
    "editor": set(ACTIONS),
    "superuser": set(ACTIONS),
}
MATRIX = [(role, action) for role in ALLOWED for action in ACTIONS]


def _state(article):
    article.refresh_from_db()
    if article.deleted_at:
        return "trashed"
    return "scheduled" if article.is_scheduled else article.status


@pytest.mark.parametrize(("role", "action"), MATRIX)
def test_role_action_matrix_through_the_admin(client, role, action):
    client, user = _client(client, role)
    allowed = action in ALLOWED[role]
    status, transition, after = ACTIONS[action]
    article = _article(user, status) if status else None

    if action == "view":
        response = client.get(_change_url(article))
        assert (response.status_code == 200) is allowed
        assert (article.headline in response.text) is allowed
    elif action == "add":
        response = client.post(reverse("admin:articles_article_add"), article_form())
        assert Article.objects.filter(slug="a-new-story").exists() is allowed
        if allowed:
            assert Article.objects.get(slug="a-new-story").status == "draft"
    elif action == "change":
        client.post(_change_url(article), article_form(article, headline="Rewritten"))
        article.refresh_from_db()
        assert (article.headline == "Rewritten") is allowed
    elif transition:
        extra = {"_transition": transition}
        if transition == "schedule":
            later = timezone.localtime() + timedelta(days=1)
            extra["_schedule_at"] = later.strftime("%Y-%m-%dT%H:%M")
        client.post(_change_url(article), article_form(article) | extra)
        assert (_state(article) == after) is allowed
        if not allowed:
            assert _state(article) == status
    elif action == "delete":
        response = client.post(
            reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
        )
        assert (_state(article) == "trashed") is allowed
        if not allowed and role != "anonymous":
            assert response.status_code == 403
    elif action == "restore":
        trash.trash(article=article, by=_user("superuser") if role != "superuser" else user)
        response = client.post(reverse("admin:articles_article_untrash", args=[article.pk]))
        assert (_state(article) == "draft") is allowed
        if not allowed and role != "anonymous":
            assert response.status_code == 403
    if role == "anonymous" and action != "add":
        assert Article.objects.filter(pk=article.pk, version=1).exists() or action == "restore"


def test_reporter_cannot_edit_someone_elses_draft_or_a_published_article(client):
    client, reporter = _client(client, "reporter")
    someone_elses = _article(None, "draft")
    published = _article(reporter, "published")

    for article in (someone_elses, published):
        response = client.post(_change_url(article), article_form(article, headline="Defaced"))
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.headline != "Defaced"
    # They may still read it, without save buttons.
    response = client.get(_change_url(published))
    assert response.status_code == 200
    assert 'name="_save"' not in response.text


def test_publish_buttons_are_shown_only_to_those_allowed(client):
    client, reporter = _client(client, "reporter")
    article = _article(reporter, "draft")

    response = client.get(_change_url(article))

    assert 'value="submit"' in response.text
    assert 'value="publish"' not in response.text
    assert 'value="schedule"' not in response.text


def test_publishing_an_unready_article_shows_why_and_keeps_the_edit_in_the_form(client):
    client, editor = _client(client, "editor")
    article = ArticleFactory(created_by=editor)  # no byline
    version, revisions = article.version, Version.objects.get_for_object(article).count()

    response = client.post(
        _change_url(article), article_form(article, dek="New dek", _transition="publish")
    )

    # The form again, as typed, with the reason linked to the field that fixes it...
    assert response.status_code == 200
    assert '<a href="#credits-group">It has no byline</a>' in response.text
    assert "New dek</textarea>" in response.text
    # ...and nothing happened: no publish, no save, no revision, no version step.
    article.refresh_from_db()
    assert article.status == "draft"
    assert article.dek != "New dek"
    assert article.version == version
    assert Version.objects.get_for_object(article).count() == revisions


def test_one_publish_from_the_form_is_one_version_step_and_one_revision(client):
    client, editor = _client(client, "editor")
    article = ready_to_publish(created_by=editor)
    article.refresh_from_db()
    version, revisions = article.version, Version.objects.get_for_object(article).count()

    response = client.post(
        _change_url(article), article_form(article, dek="New dek", _transition="publish")
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "published"
    assert article.dek == "New dek"
    assert article.version == version + 1
    history = Version.objects.get_for_object(article)
    assert history.count() == revisions + 1
    assert history.first().revision.get_comment() == "Edited dek; published"


def test_change_list_shows_scheduled_time_and_readable_status(client):
    client, _editor = _client(client, "editor")
    at = timezone.now() + timedelta(hours=5)
    ArticleFactory(headline="Future story", status="published", published_at=at)
    ArticleFactory(headline="Waiting story", status="review")

    response = client.get(reverse("admin:articles_article_changelist"))

    assert "Scheduled for" in response.text
    assert "In review" in response.text
    scheduled = client.get(reverse("admin:articles_article_changelist") + "?state=scheduled")
    assert "Future story" in scheduled.text
    assert "Waiting story" not in scheduled.text


def test_change_list_query_count_does_not_grow_with_rows(client):
    client, _editor = _client(client, "editor")
    url = reverse("admin:articles_article_changelist")

    def make(n):
        for _ in range(n):
            article = ArticleFactory(published=True)
            CreditFactory(article=article)
            CreditFactory(article=article)
            article.topics.add(TopicFactory(), TopicFactory())

    make(2)
    client.get(url)  # warm the session and content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    make(20)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(large) == len(small)
    assert len(small) <= 20


def test_stale_save_is_refused_with_both_edits_preserved(client):
    editor_one = _user("editor")
    editor_two = staff_user("editor", username="second")
    article = _article(editor_one, "draft")
    opened = article_form(article)  # both open the form at version 1

    client.force_login(editor_one)
    client.post(_change_url(article), opened | {"headline": "Editor one's headline"})
    client.force_login(editor_two)
    response = client.post(_change_url(article), opened | {"headline": "Editor two's headline"})

    assert response.status_code == 200
    assert "editor changed this article" in response.text
    assert "Their changes" in response.text
    assert "Editor one&#x27;s headline" in response.text  # their change, shown
    assert 'value="Editor two&#x27;s headline"' in response.text  # my input, kept
    article.refresh_from_db()
    assert article.headline == "Editor one's headline"
    assert article.version == 2

    # Having seen the conflict, a deliberate second save goes through.
    again = client.post(
        _change_url(article), opened | {"headline": "Editor two's headline", "expected_version": 2}
    )
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Editor two's headline"


def test_a_crafted_post_without_a_version_cannot_overwrite(client):
    client, editor = _client(client, "editor")
    article = _article(editor, "draft")

    response = client.post(
        _change_url(article), article_form(article, headline="Blind", expected_version="")
    )

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline != "Blind"


def test_another_editor_having_the_article_open_is_noticed(client):
    other = UserFactory(username="colleague", first_name="Cole", last_name="League", is_staff=True)
    other.groups.add(Group.objects.get(name="Editor"))
    article = _article(other, "draft")
    client.force_login(other)
    client.get(_change_url(article))

    client, _editor = _client(client, "editor")
    response = client.get(_change_url(article))

    assert "Also open now by Cole League" in response.text
    heartbeat = client.post(reverse("admin:articles_article_presence", args=[article.pk]))
    assert heartbeat.json() == {"others": ["Cole League"]}


def test_every_admin_save_is_a_revision_with_inlines_and_history_compares_them(client):
    client, editor = _client(client, "editor")
    article = _article(editor, "draft")
    source = SourceFactory(name="Jane Source")

    client.post(_change_url(article), article_form(article, headline="Version two headline"))
    article.refresh_from_db()
    data = article_form(article, headline="Version three headline") | {
        "attributions-TOTAL_FORMS": "1",
        "attributions-0-source": source.pk,
        "attributions-0-kind": "direct_quote",
        "attributions-0-text": "We will appeal",
        "attributions-0-verb": "said",
        "attributions-0-order": "0",
    }
    response = client.post(_change_url(article), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert article.attributions.get().text == "We will appeal"

    versions = list(Version.objects.get_for_object(article))
    assert len(versions) == 2
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    assert "Edited headline" in history.text
    compare = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"a": versions[1].pk, "b": versions[0].pk},
    )
    assert "Version two headline" in compare.text
    assert "Version three headline" in compare.text
    assert "Jane Source — Direct quote, “We will appeal” (said, paragraph" not in compare.text
    assert "Jane Source — Direct quote, “We will appeal” (said)" in compare.text


def test_restore_from_history_brings_back_the_inlines_as_a_new_revision(client):
    client, editor = _client(client, "editor")
    article = _article(editor, "draft")
    client.post(_change_url(article), article_form(article, headline="Keep this one"))
    first = Version.objects.get_for_object(article).first()
    article.refresh_from_db()
    AttributionFactory(article=article, text="Later quote")
    CorrectionFactory(article=article)
    client.post(_change_url(article), article_form(article, headline="Regrettable"))

    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, first.pk]))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Keep this one"
    assert not article.attributions.exists()
    assert not article.corrections.exists()
    assert Version.objects.get_for_object(article).count() == 3


def test_preview_renders_a_draft_for_staff_only_never_cached_or_indexed(client):
    article = _article(None, "draft")
    url = reverse("admin:articles_article_preview", args=[article.pk])

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    client, _editor = _client(client, "editor")
    response = client.get(url)

    assert response.status_code == 200
    assert article.headline in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert client.get(article.get_absolute_url()).status_code == 404


def test_view_on_site_only_once_published(client):
    client, editor = _client(client, "editor")
    draft = _article(editor, "draft")
    live = _article(editor, "published")

    assert "View on site" not in client.get(_change_url(draft)).text
    assert "View on site" in client.get(_change_url(live)).text


def test_trash_lists_and_empty_trash_deletes_for_good(client):
    client, editor = _client(client, "editor")
    article = _article(editor, "draft")
    client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

    trash = client.get(reverse("admin:articles_article_trash"))
    assert article.headline in trash.text
    assert article.headline not in client.get(reverse("admin:articles_article_changelist")).text

    client.post(reverse("admin:articles_article_empty_trash"))
    assert not Article.objects.filter(pk=article.pk).exists()


def test_reporter_cannot_see_or_empty_the_trash(client):
    client, _reporter = _client(client, "reporter")
    assert client.get(reverse("admin:articles_article_trash")).status_code == 403
    assert client.post(reverse("admin:articles_article_empty_trash")).status_code == 403


def test_source_merge_keeps_every_attribution(client):
    client, _editor = _client(client, "editor")
    keep = SourceFactory(name="Kris Kobach")
    duplicate = SourceFactory(name="Kobach")
    member = SourceFactory(name="Aide", affiliation=duplicate, kind="person")
    for source in (keep, duplicate, duplicate):
        AttributionFactory(source=source)
    url = reverse("admin:sources_source_changelist")
    selection = {"action": "merge_selected", "_selected_action": [keep.pk, duplicate.pk]}

    confirm = client.post(url, selection)
    assert "Choose the source to keep" in confirm.text
    client.post(url, selection | {"target": keep.pk})

    assert not Source.objects.filter(pk=duplicate.pk).exists()
    assert Attribution.objects.filter(source=keep).count() == 3
    assert Attribution.objects.count() == 3
    member.refresh_from_db()
    assert member.affiliation == keep


def test_topic_merge_keeps_every_tagging_once(client):
    client, _editor = _client(client, "editor")
    keep, duplicate = TopicFactory(name="Immigration"), TopicFactory(name="immigration policy")
    both, only_duplicate = ArticleFactory(), ArticleFactory()
    both.topics.add(keep, duplicate)
    only_duplicate.topics.add(duplicate)

    client.post(
        reverse("admin:articles_topic_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, duplicate.pk],
            "target": keep.pk,
        },
    )

    assert list(Topic.objects.all()) == [keep]
    assert list(both.topics.all()) == [keep]
    assert list(only_duplicate.topics.all()) == [keep]


def test_desk_front_page_shows_the_queue_in_constant_queries(client, django_assert_max_num_queries):
    client, editor = _client(client, "editor")
    ArticleFactory(headline="Needs a look", status="review")
    ArticleFactory(
        headline="Going out tonight",
        status="published",
        published_at=timezone.now() + timedelta(hours=6),
    )
    ArticleFactory(headline="My own draft", created_by=editor)
    CorrectionFactory(article=ArticleFactory(headline="Corrected story", published=True))

    response = client.get(reverse("admin:index"))

    for text in ("Needs a look", "Going out tonight", "My own draft", "Corrected story"):
        assert text in response.text
    for _ in range(10):
        ArticleFactory(status="review")
        CorrectionFactory()
    with django_assert_max_num_queries(12):
        client.get(reverse("admin:index"))


def test_reporter_cannot_change_a_published_articles_attributions_from_the_attribution_admin(
    client,
):
    client, _reporter = _client(client, "reporter")
    published = _article(None, "published")
    attribution = AttributionFactory(article=published, text="Original words")
    source = SourceFactory()

    added = client.post(
        reverse("admin:sources_attribution_add"),
        {"article": published.pk, "source": source.pk, "kind": "direct_quote", "text": "Forged"},
    )
    deleted = client.post(
        reverse("admin:sources_attribution_delete", args=[attribution.pk]), {"post": "yes"}
    )

    assert added.status_code == 200
    assert "You may not change this article" in added.text
    assert deleted.status_code == 403
    assert list(published.attributions.values_list("text", flat=True)) == ["Original words"]


def test_restoring_one_article_never_touches_others_in_the_same_revision(client):
    # A bulk action is one request and so one revision holding several articles.
    client, editor = _client(client, "editor")
    first, second = _article(editor, "draft"), _article(editor, "draft")
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [first.pk, second.pk]},
    )
    workflow.unpublish(article=Article.objects.get(pk=second.pk), by=editor)  # pulled later
    shared = Version.objects.get_for_object(first).first()

    response = client.post(reverse("admin:articles_article_restore", args=[first.pk, shared.pk]))

    assert response.status_code == 302
    assert Article.objects.get(pk=second.pk).status == "draft"


def test_logging_a_correction_moves_the_version_so_etags_and_forms_notice(client):
    client, editor = _client(client, "editor")
    article = _article(editor, "published")

    client.post(
        reverse("admin:articles_correction_add"),
        {"article": article.pk, "kind": "correction", "text": "We got the date wrong.",
         "published_at_0": "2026-01-01", "published_at_1": "10:00"},
    )  # fmt: skip

    article.refresh_from_db()
    assert article.corrections.count() == 1
    assert article.version == 2
    assert Version.objects.get_for_object(article).first().revision.get_comment() == (
        "Correction logged"
    )


def test_change_list_filters_by_topic_and_by_contributor_listing_each_article_once(client):
    client, _editor = _client(client, "editor")
    tagged = ArticleFactory(headline="Tagged story")
    tagged.topics.add(TopicFactory(name="Courts", slug="courts"))
    credited = ArticleFactory(headline="Credited story")
    ann = CreditFactory(article=credited, contributor__slug="ann").contributor
    CreditFactory(article=credited, contributor=ann, role="reporting")  # credited twice
    ArticleFactory(headline="Unrelated story")
    url = reverse("admin:articles_article_changelist")

    by_topic = client.get(url, {"topic": "courts"}).text
    by_contributor = client.get(url, {"contributor": "ann"}).text

    assert "Tagged story" in by_topic
    assert "Credited story" not in by_topic
    assert "Unrelated story" not in by_topic
    assert by_contributor.count(">Credited story<") == 1
    assert "Tagged story" not in by_contributor
