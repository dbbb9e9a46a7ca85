"""articles/events.py's `recording`: sent inside the change's transaction, so what a listener
writes (the distribution outbox of issue 18) commits or rolls back with the change, while the
after-commit signals still wait for the commit."""

import pytest
from django.db import connection, transaction

from articles import events, workflow
from articles.models import Article
from tests.factories import ArticleFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    log = []

    def recorder(sender, announced, article, **details):
        log.append(("recording", announced, article.pk, connection.in_atomic_block))

    def after(sender, article, **details):
        log.append(("after", events.article_updated, article.pk, None))

    events.recording.connect(recorder, dispatch_uid="test-recording")
    events.article_updated.connect(after, dispatch_uid="test-after")
    yield log
    events.recording.disconnect(dispatch_uid="test-recording")
    events.article_updated.disconnect(dispatch_uid="test-after")


def test_it_is_sent_inside_the_transaction_before_the_after_commit_signal(
    heard, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    editor = staff_user("editor", username="ed")
    article.headline = "Changed"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save_article(article=article, by=editor)

    assert heard[0] == ("recording", events.article_updated, article.pk, True)
    assert heard[1][0] == "after"


def test_a_rolled_back_change_keeps_nothing_a_recorder_wrote(heard):
    article = ArticleFactory(headline="Before")
    editor = staff_user("editor", username="ed")

    def write_inside(sender, article, **details):
        Article.objects.filter(pk=article.pk).update(dek="written by the recorder")

    events.recording.connect(write_inside, dispatch_uid="test-writer")
    article.headline = "After"
    try:
        with pytest.raises(RuntimeError, match="fails"):
            _save_then_fail(article, editor)
    finally:
        events.recording.disconnect(dispatch_uid="test-writer")

    assert heard[0][0] == "recording"
    stored = Article.objects.get(pk=article.pk)
    assert stored.dek != "written by the recorder"
    assert stored.headline == "Before"
    assert [entry for entry in heard if entry[0] == "after"] == []


def _save_then_fail(article, editor):
    with transaction.atomic():
        workflow.save_article(article=article, by=editor)
        raise RuntimeError("the change fails after the announcement")
