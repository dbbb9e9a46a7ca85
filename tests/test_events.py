"""The workflow announces what happened (articles/events.py), once the change commits, and
announces nothing for a change that rolled back."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from articles import events, trash, workflow
from articles.models import Article
from tests.factories import (
    ArticleFactory,
    CreditFactory,
    SourceFactory,
    ready_to_publish,
    staff_user,
)

pytestmark = pytest.mark.django_db

SIGNALS = (
    "article_created",
    "article_updated",
    "article_published",
    "article_unpublished",
    "article_restored",
    "article_corrected",
)


@pytest.fixture
def heard():
    """What the signals said, as (name, article id, details) in order."""
    said = []
    receivers = {}
    for name in SIGNALS:

        def receiver(sender, article, by, name=name, **details):
            details.pop("signal", None)
            said.append((name, article.pk, details))

        receivers[name] = receiver
        getattr(events, name).connect(receiver)
    yield said
    for name, receiver in receivers.items():
        getattr(events, name).disconnect(receiver)


@pytest.fixture
def editor():
    return staff_user("editor", username="ed")


def test_the_life_of_a_story_is_announced_in_order(
    heard, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = workflow.save_article(
            article=Article(headline="Council votes", slug="council", body="It voted."),
            by=editor,
        )
    CreditFactory(article=article)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article=article, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.log_correction(article=article, by=editor, kind="correction", text="It was 7-2.")
    with django_capture_on_commit_callbacks(execute=True):
        trash.trash(article=article, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        trash.restore_from_trash(article=article, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(article=article, by=editor)

    names = [name for name, _, _ in heard]
    assert names == [
        "article_created",
        "article_published",
        "article_updated",  # the correction moves its version...
        "article_corrected",  # ...and is announced as what it is
        "article_unpublished",
        "article_restored",
        "article_unpublished",
    ]
    assert heard[1][2] == {"scheduled": False}
    assert heard[4][2] == {"reason": "trashed", "was_public": True}
    assert heard[6][2] == {"reason": "draft", "was_public": True}
    assert heard[3][2]["correction"].text == "It was 7-2."


def test_a_scheduled_story_is_announced_as_scheduled(
    heard, editor, django_capture_on_commit_callbacks
):
    article = ready_to_publish()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article=article, by=editor, at=timezone.now() + timedelta(hours=2))

    assert heard == [("article_published", article.pk, {"scheduled": True})]


def test_a_change_to_what_a_story_shows_is_announced_as_an_update(
    heard, editor, django_capture_on_commit_callbacks
):
    article = ready_to_publish(published=True)
    source = SourceFactory(name="Ana Ruiz")
    article.attributions.create(source=source, text="We will appeal.")

    with django_capture_on_commit_callbacks(execute=True):
        source.name = "Ana María Ruiz"
        source.save()

    assert heard == [("article_updated", article.pk, {"public": True})]


def test_a_refused_or_rolled_back_change_announces_nothing(
    heard, editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory(body="")  # nothing to publish

    def save_then_fail():
        with transaction.atomic():
            workflow.save_article(article=article, by=editor)
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(workflow.NotReady):
            workflow.publish(article=article, by=editor)
        with pytest.raises(RuntimeError):
            save_then_fail()
        workflow.save_article(article=ArticleFactory(), by=editor)  # one that does commit

    assert len(callbacks) >= 1
    assert [name for name, _, _ in heard] == ["article_updated"]
