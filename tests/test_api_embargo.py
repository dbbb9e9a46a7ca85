"""The embargo through the API (issue 18): `embargoed_until` is written under the desk's rules
(articles/embargo.py: future only, never on a story the public reads, only later once out
under embargo) and `POST lift-embargo/` lifts it early for those allowed, with a reason."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from reversion.models import Version

from articles.models import Article
from tests.api import client_for, full_article, user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)
LIFT = NOW + timedelta(hours=3)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _url(article, action=""):
    return f"/api/v1/articles/{article.slug}/{action}"


def _patch(client, article, data):
    return client.patch(_url(article), data, format="json", HTTP_IF_MATCH=f'"{article.version}"')


@pytest.fixture
def editor():
    return user("editor", username="ed")


def _under_embargo():
    return full_article(published_at=NOW - timedelta(hours=1), embargoed_until=LIFT)


def test_an_embargo_written_through_the_api_hides_the_published_story(editor):
    client = client_for(editor)
    draft = full_article(published=False, status="draft")

    patched = _patch(client, draft, {"embargoed_until": LIFT.isoformat()})
    assert patched.status_code == 200, patched.json()
    assert patched.json()["embargoed_until"] == "2026-06-01T12:00:00Z"
    draft.refresh_from_db()
    assert client.post(_url(draft, "publish/"), {}, format="json").status_code == 200

    assert client_for().get(_url(draft)).status_code == 404
    staff = client.get(_url(draft)).json()
    assert staff["status"] == "published"
    assert staff["embargo_notice"].startswith("EMBARGOED: not for publication")


@pytest.mark.parametrize(
    ("state", "until", "message"),
    [
        ("draft", NOW - timedelta(minutes=1), "An embargo must end in the future"),
        ("public", LIFT, "Readers can already see this story"),
        ("embargoed", LIFT - timedelta(hours=1), "Lifting an embargo early is its own step"),
        ("embargoed", None, "Lifting an embargo early is its own step"),
    ],
)
def test_an_embargo_it_may_not_set_is_a_400_and_nothing_changes(editor, state, until, message):
    article = {
        "draft": lambda: full_article(published=False, status="draft"),
        "public": lambda: full_article(published_at=NOW - timedelta(hours=1)),
        "embargoed": _under_embargo,
    }[state]()
    before = (article.embargoed_until, article.version)

    response = _patch(
        client_for(editor), article, {"embargoed_until": until.isoformat() if until else None}
    )

    assert response.status_code == 400
    assert message in response.json()["errors"]["embargoed_until"][0]
    article.refresh_from_db()
    assert (article.embargoed_until, article.version) == before


def test_an_embargo_out_to_partners_moves_later(editor):
    article = _under_embargo()
    later = LIFT + timedelta(hours=2)

    response = _patch(client_for(editor), article, {"embargoed_until": later.isoformat()})

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).embargoed_until == later


def test_lifting_early_through_the_api(editor):
    article = _under_embargo()
    client = client_for(editor)

    assert (
        client.post(_url(article, "lift-embargo/"), {"reason": "x"}, format="json").status_code
        == 403
    )
    editor.groups.add(Group.objects.get(name="Lifts embargoes"))
    client = client_for(editor)
    missing = client.post(_url(article, "lift-embargo/"), {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"]["reason"] == ["This field is required."]
    stale = client.post(
        _url(article, "lift-embargo/"), {"reason": "Early"}, HTTP_IF_MATCH='"1000"', format="json"
    )
    assert stale.status_code == 412
    assert Article.objects.get(pk=article.pk).is_embargoed

    lifted = client.post(
        _url(article, "lift-embargo/"), {"reason": "The ministry released it"}, format="json"
    )

    assert lifted.status_code == 200
    assert lifted.json()["embargoed_until"] == "2026-06-01T09:00:00Z"
    assert lifted.json()["embargo_notice"] is None
    assert client_for().get(_url(article)).status_code == 200
    comments = [v.revision.comment for v in Version.objects.get_for_object(article)]
    assert comments[0] == "Embargo lifted early by ed: The ministry released it"
    again = client.post(_url(article, "lift-embargo/"), {"reason": "again"}, format="json")
    assert again.status_code == 409


def test_a_reporter_cannot_lift_or_see_the_lift_as_a_way_in():
    article = _under_embargo()
    reporter = client_for(user("reporter", username="rep"))
    assert (
        reporter.post(_url(article, "lift-embargo/"), {"reason": "x"}, format="json").status_code
        == 403
    )
    assert client_for().post(
        _url(article, "lift-embargo/"), {"reason": "x"}, format="json"
    ).status_code in (
        401,
        403,
        404,
    )
