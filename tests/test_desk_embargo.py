"""The embargo on the desk (issue 18): set in the article form's side panel, in the newsroom's
time zone; once a story is out under embargo it moves only later there, and lifting it early is
its own page, for those in "Lifts embargoes", with a reason that goes in the history."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article
from tests.desk import article_form
from tests.factories import CreditFactory, ready_to_publish, staff_user
from tests.test_desk_merge import one, shown

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _local(when) -> str:
    """A time as the browser's datetime-local box posts it, in the newsroom's time zone."""
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _lift_url(article):
    return reverse("admin:articles_article_lift_embargo", args=[article.pk])


@pytest.fixture
def editor(client):
    user = staff_user("editor", username="ed")
    client.force_login(user)
    return user


def _lifter(user):
    user.groups.add(Group.objects.get(name="Lifts embargoes"))


def _out_under_embargo(by, until):
    article = ready_to_publish(headline="Rates cut under embargo")
    article.embargoed_until = until
    workflow.save_article(article=article, by=by)
    workflow.transition(article=article, name="publish", by=by)
    article.refresh_from_db()
    return article


@time_machine.travel(NOW, tick=False)
def test_an_editor_sets_an_embargo_and_publishes_from_the_form(client, editor):
    article = ready_to_publish(headline="Rates cut under embargo")
    until = NOW + timedelta(hours=3)

    response = client.post(
        _change_url(article),
        article_form(article, embargoed_until=_local(until), _transition="publish"),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.embargoed_until) == ("published", until)
    assert not article.is_public
    assert client.get(article.get_absolute_url()).status_code == 404
    page = client.get(_change_url(article)).text
    assert "Published, under embargo" in page
    assert 'id="id_embargoed_until"' in page
    assert f'value="{_local(until)}"' in page
    listing = client.get(reverse("admin:articles_article_changelist")).text
    assert "Under embargo until" in listing
    # An editor outside "Lifts embargoes" is not offered the lift.
    assert _lift_url(article) not in page


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("state", "until", "message"),
    [
        ("draft", NOW - timedelta(minutes=5), "An embargo must end in the future"),
        ("public", NOW + timedelta(hours=1), "Readers can already see this story"),
        ("embargoed", NOW + timedelta(hours=1), "Lifting an embargo early is its own step"),
        ("embargoed", None, "Lifting an embargo early is its own step"),
    ],
)
def test_the_form_refuses_an_embargo_it_may_not_set(client, editor, state, until, message):
    if state == "embargoed":
        article = _out_under_embargo(editor, NOW + timedelta(hours=3))
    else:
        article = ready_to_publish()
        if state == "public":
            workflow.transition(article=article, name="publish", by=editor)
            article.refresh_from_db()
    before = (article.embargoed_until, article.version)

    response = client.post(
        _change_url(article),
        article_form(article, embargoed_until=_local(until) if until else ""),
    )

    assert response.status_code == 200
    assert message in response.text
    article.refresh_from_db()
    assert (article.embargoed_until, article.version) == before


@time_machine.travel(NOW, tick=False)
def test_an_embargo_moves_later_and_a_form_without_the_box_leaves_it(client, editor):
    article = _out_under_embargo(editor, NOW + timedelta(hours=3))
    later = NOW + timedelta(hours=6)

    moved = client.post(_change_url(article), article_form(article, embargoed_until=_local(later)))
    assert moved.status_code == 302
    article.refresh_from_db()
    assert article.embargoed_until == later
    comments = [v.revision.comment for v in Version.objects.get_for_object(article)]
    assert "embargoed_until" in comments[0]

    untouched = client.post(_change_url(article), article_form(article, dek="New dek"))
    assert untouched.status_code == 302
    article.refresh_from_db()
    assert (article.dek, article.embargoed_until) == ("New dek", later)


@time_machine.travel(NOW, tick=False)
def test_a_stale_save_keeps_the_embargo_another_editor_moved(client, editor):
    article = _out_under_embargo(editor, NOW + timedelta(hours=3))
    mine = shown(client.get(_change_url(article)))
    later = NOW + timedelta(hours=8)
    article.embargoed_until = later
    workflow.save_article(article=article, by=staff_user("editor", username="other"))

    refused = client.post(_change_url(article), mine | {"dek": ["My dek"]})
    assert refused.status_code == 200
    again = shown(refused)
    assert one(again, "embargoed_until") == _local(later)  # theirs, merged in
    assert client.post(_change_url(article), again).status_code == 302

    article.refresh_from_db()
    assert (article.dek, article.embargoed_until) == ("My dek", later)


@time_machine.travel(NOW, tick=False)
def test_lifting_early_is_for_lifters_only(client, editor):
    article = _out_under_embargo(editor, NOW + timedelta(hours=3))

    assert client.get(_lift_url(article)).status_code == 403
    lifted = client.post(_lift_url(article), {"reason": "x", "expected_version": 1})
    assert lifted.status_code == 403
    article.refresh_from_db()
    assert article.is_embargoed


@time_machine.travel(NOW, tick=False)
def test_a_lifter_lifts_it_with_a_reason_recorded_in_the_history(client, editor):
    _lifter(editor)
    until = NOW + timedelta(hours=3)
    article = _out_under_embargo(editor, until)
    CreditFactory(article=article)

    form = client.get(_change_url(article)).text
    assert f'href="{_lift_url(article)}"' in form
    page = client.get(_lift_url(article))
    assert page.status_code == 200
    assert "breaks the embargo for everyone" in page.text
    assert timezone.localtime(until).strftime("%H:%M") in page.text

    refused = client.post(_lift_url(article), {"reason": "  ", "expected_version": article.version})
    assert refused.status_code == 200
    assert "This field is required" in refused.text
    stale = client.post(_lift_url(article), {"reason": "Early", "expected_version": 1})
    assert "Someone saved the story" in stale.text
    assert Article.objects.get(pk=article.pk).is_embargoed

    done = client.post(
        _lift_url(article),
        {"reason": "The ministry released it", "expected_version": article.version},
    )
    assert done.status_code == 302
    assert done["Location"] == _change_url(article)
    article.refresh_from_db()
    assert article.is_public
    assert client.get(article.get_absolute_url()).status_code == 200
    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert "Embargo lifted early by ed: The ministry released it" in history
    # Nothing left to lift: back to the form.
    assert client.get(_lift_url(article)).status_code == 302
