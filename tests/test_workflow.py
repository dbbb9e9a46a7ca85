"""articles/workflow.py: the transitions, who may apply them, and the guarded save."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from reversion.models import Version

from articles import permissions, restore, trash, workflow
from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CreditFactory,
    SourceFactory,
    ready_to_publish,
    staff_user,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def editor():
    return staff_user("editor", username="ed")


@pytest.fixture
def reporter():
    return staff_user("reporter", username="rita")


def test_editor_publishes_a_ready_article_and_a_revision_records_it(editor):
    article = ready_to_publish()

    with time_machine.travel(NOW, tick=False):
        workflow.publish(article=article, by=editor)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == NOW
    assert article.version == 2
    assert article.updated_by == editor
    latest = Version.objects.get_for_object(article).first()
    assert latest.revision.user == editor
    assert latest.revision.get_comment() == "Published"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"headline": ""}, "it has no headline"),
        ({"body": ""}, "it has no body"),
    ],
)
def test_publishing_is_refused_when_the_article_is_not_ready(editor, change, problem):
    article = ready_to_publish(**change)

    with pytest.raises(workflow.NotReady, match=problem):
        workflow.publish(article=article, by=editor)

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.version == 1


def test_publishing_needs_a_byline(editor):
    article = ArticleFactory()

    with pytest.raises(workflow.NotReady, match="it has no byline"):
        workflow.publish(article=article, by=editor)


def test_publishing_needs_an_affiliation_for_every_unnamed_source(editor):
    article = ready_to_publish()
    AttributionFactory(
        article=article, source=SourceFactory(name="A senior official", kind="unnamed")
    )

    with pytest.raises(workflow.NotReady, match="“A senior official” needs an affiliation"):
        workflow.publish(article=article, by=editor)


def test_scheduled_article_goes_live_exactly_at_its_time_with_no_job(editor):
    article = ready_to_publish()
    at = NOW + timedelta(hours=3)

    with time_machine.travel(NOW, tick=False):
        workflow.publish(article=article, by=editor, at=at)
        article.refresh_from_db()
        assert article.is_scheduled
        assert not Article.objects.published().exists()
        assert (
            Version.objects.get_for_object(article)
            .first()
            .revision.get_comment()
            .startswith("Scheduled for")
        )
    with time_machine.travel(at - timedelta(seconds=1), tick=False):
        assert not Article.objects.published().exists()
    with time_machine.travel(at, tick=False):
        assert list(Article.objects.published()) == [article]


def test_scheduling_in_the_past_is_refused(editor):
    article = ready_to_publish()

    with (
        time_machine.travel(NOW, tick=False),
        pytest.raises(workflow.WorkflowError, match="future"),
    ):
        workflow.transition(article=article, name="schedule", by=editor, at=NOW - timedelta(1))


def test_reporter_submits_own_draft_but_cannot_publish_archive_or_unpublish(reporter, editor):
    article = ready_to_publish(created_by=reporter)

    workflow.submit_for_review(article=article, by=reporter)
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW

    for name in ("publish", "schedule", "unpublish"):
        with pytest.raises(PermissionDenied):
            workflow.transition(article=article, name=name, by=reporter, at=NOW + timedelta(days=9))
    workflow.publish(article=article, by=editor)
    with pytest.raises(PermissionDenied):
        workflow.archive(article=article, by=reporter)
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_reporter_edits_only_their_own_drafts(reporter):
    own = ArticleFactory(created_by=reporter)
    credited = ArticleFactory()
    CreditFactory(article=credited, contributor=ContributorFactory(user=reporter))
    someone_elses = ArticleFactory()
    own_but_published = ArticleFactory(created_by=reporter, published=True)

    assert permissions.may_edit(reporter, own)
    assert permissions.may_edit(reporter, credited)
    assert not permissions.may_edit(reporter, someone_elses)
    assert not permissions.may_edit(reporter, own_but_published)
    with pytest.raises(PermissionDenied):
        workflow.save_article(article=someone_elses, by=reporter)


def test_wrong_state_transitions_say_why(editor):
    article = ready_to_publish()

    with pytest.raises(workflow.WorkflowError, match="draft; it cannot be archived"):
        workflow.archive(article=article, by=editor)
    with pytest.raises(workflow.WorkflowError, match="Unknown action"):
        workflow.transition(article=article, name="launch", by=editor)


def test_unpublish_and_archive_round_trip(editor):
    article = ready_to_publish()
    workflow.publish(article=article, by=editor)
    workflow.archive(article=article, by=editor)
    assert not Article.objects.published().exists()

    workflow.unpublish(article=article, by=editor)

    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_stale_save_is_refused_naming_who_changed_it(editor, reporter):
    article = ArticleFactory(created_by=reporter)
    first = Article.objects.get(pk=article.pk)
    second = Article.objects.get(pk=article.pk)

    first.headline = "First editor's headline"
    workflow.save_article(article=first, by=editor, expected_version=1)
    second.headline = "Second editor's headline"
    with pytest.raises(workflow.StaleVersion, match="ed changed this article") as error:
        workflow.save_article(article=second, by=reporter, expected_version=1)

    assert error.value.current.version == 2
    assert Article.objects.get(pk=article.pk).headline == "First editor's headline"


def test_an_edit_cannot_change_status_or_trash(editor):
    article = ArticleFactory()
    article.status = Article.Status.PUBLISHED

    workflow.save_article(article=article, by=editor, expected_version=1)

    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_new_articles_start_as_drafts_owned_by_their_author(reporter):
    article = Article(headline="Fresh", slug="fresh", status=Article.Status.PUBLISHED)

    workflow.save_article(article=article, by=reporter)

    article.refresh_from_db()
    assert (article.status, article.created_by, article.version) == ("draft", reporter, 1)


def test_trash_hides_everywhere_and_restores(editor):
    article = ready_to_publish()
    workflow.publish(article=article, by=editor)

    trash.trash(article=article, by=editor)
    assert not Article.objects.published().exists()
    assert list(Article.objects.trashed()) == [article]

    trash.restore_from_trash(article=article, by=editor)
    assert list(Article.objects.published()) == [article]


def test_only_people_with_delete_permission_trash_or_empty_it(reporter, editor):
    article = ArticleFactory(created_by=reporter)
    with pytest.raises(PermissionDenied):
        trash.trash(article=article, by=reporter)
    trash.trash(article=article, by=editor)
    with pytest.raises(PermissionDenied):
        trash.empty_trash(by=reporter)

    assert trash.empty_trash(by=editor) == 1
    assert not Article.objects.exists()


def test_restoring_a_revision_brings_back_inlines_and_is_itself_a_revision(editor):
    article = ready_to_publish(headline="Original headline")
    workflow.save_article(article=article, by=editor, message="first")
    original = Version.objects.get_for_object(article).first()
    workflow.publish(article=article, by=editor)
    AttributionFactory(article=article, text="Added later")
    article.credits.all().delete()
    article.headline = "Changed headline"
    workflow.save_article(article=article, by=editor, message="second")

    restored = restore.restore_revision(article=article, version_id=original.pk, by=editor)

    assert restored.headline == "Original headline"
    assert restored.status == Article.Status.PUBLISHED  # workflow state is not rolled back
    assert restored.version == 5
    assert not restored.attributions.exists()
    assert restored.credits.count() == 1
    latest = Version.objects.get_for_object(article).first()
    assert latest.revision.get_comment().startswith("Restored the revision of")
    assert latest.field_dict["headline"] == "Original headline"
