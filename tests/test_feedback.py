"""Reader feedback and correction requests: stored for the desk with the story, kind, message
and e-mail; refused with a 4xx and a message on bad input, a filled honeypot or past the rate
limit; never for a story a reader may not see; and the form works with CSRF enforced."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory, staff_user
from trust import feedback
from trust.models import FeedbackRequest

pytestmark = pytest.mark.django_db

GOOD = {
    "kind": "correction",
    "message": "The mayor's name is misspelled in the third paragraph.",
    "email": "reader@example.org",
}


@pytest.fixture
def story():
    return ArticleFactory(published=True, slug="bridge-closes", headline="Bridge closes")


def _url(article):
    return reverse("trust:feedback", args=[article.slug])


def test_a_reader_sends_a_correction_request_the_desk_sees(client, story):
    response = client.post(_url(story), GOOD)

    assert response.status_code == 302
    assert client.get(response["Location"]).text.count("your message has reached the desk") == 1
    (stored,) = FeedbackRequest.objects.all()
    assert (stored.article, stored.kind, stored.email, stored.status) == (
        story,
        "correction",
        "reader@example.org",
        "new",
    )
    assert "127.0.0.1" not in stored.address  # a keyed hash, not the address

    client.force_login(staff_user("editor"))
    desk = client.get(reverse("admin:trust_feedbackrequest_changelist") + "?status__exact=new")
    assert desk.status_code == 200
    assert "Bridge closes" in desk.text


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"message": "short"}, "at least 10 characters"),
        ({"message": "x" * 4001}, "at most 4000 characters"),
        ({"email": "not-an-address"}, "valid email address"),
        ({"kind": "abuse"}, "Select a valid choice"),
        ({"message": ""}, "This field is required"),
    ],
)
def test_bad_input_is_a_400_with_the_reason(client, story, change, error):
    response = client.post(_url(story), GOOD | change)

    assert response.status_code == 400
    assert error in response.text
    assert not FeedbackRequest.objects.exists()


def test_a_filled_honeypot_is_refused(client, story):
    response = client.post(_url(story), GOOD | {"website": "http://spam.example"})

    assert response.status_code == 400
    assert "could not be sent" in response.text
    assert not FeedbackRequest.objects.exists()


def test_one_address_may_send_only_so_many_an_hour(client, story):
    for _ in range(feedback.LIMIT_PER_ADDRESS):
        assert client.post(_url(story), GOOD).status_code == 302

    refused = client.post(_url(story), GOOD)
    other = client.post(_url(story), GOOD, REMOTE_ADDR="192.0.2.7")

    assert refused.status_code == 429
    assert "try again later" in refused.text
    assert other.status_code == 302
    assert FeedbackRequest.objects.count() == feedback.LIMIT_PER_ADDRESS + 1


def test_the_form_needs_its_csrf_token_and_works_with_it():
    story = ArticleFactory(published=True)
    browser = Client(enforce_csrf_checks=True)

    without = browser.post(_url(story), GOOD)
    form = browser.get(_url(story))
    token = form.cookies["csrftoken"].value
    with_token = browser.post(_url(story), GOOD | {"csrfmiddlewaretoken": token})

    assert without.status_code == 403
    assert "no-store" in form["Cache-Control"] or "max-age=0" in form["Cache-Control"]
    assert with_token.status_code == 302


@pytest.mark.parametrize("state", ["draft", "scheduled", "trashed"])
def test_no_feedback_form_for_a_story_readers_cannot_see(client, state):
    from django.utils import timezone

    hour = timezone.timedelta(hours=1)
    kwargs = {
        "draft": {},
        "scheduled": {"status": "published", "published_at": timezone.now() + hour},
        "trashed": {
            "status": "published",
            "published_at": timezone.now() - hour,
            "deleted_at": timezone.now(),
        },
    }[state]
    hidden = ArticleFactory(**kwargs)

    assert client.get(_url(hidden)).status_code == 404
    assert client.post(_url(hidden), GOOD).status_code == 404
    assert not FeedbackRequest.objects.exists()
