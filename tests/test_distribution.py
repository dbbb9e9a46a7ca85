"""Distribution to partners (issue 18), against a real receiver on 127.0.0.1 (allowed by the
test's settings): the outbox written with the change, the signed POST, order per article,
retries of a 500 carrying the same event id, a paused endpoint and its resume, an SSRF address
refused, scheduled and embargoed stories sent when they go public, subscriptions, the
`deliver --once` command and the desk's screens."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult

from articles import workflow
from distribution import delivery, signing
from distribution.models import Delivery, Event, Partner
from sections.models import Section
from tests.factories import ready_to_publish, staff_user

pytestmark = pytest.mark.django_db


class Receiver:
    """A webhook endpoint: records each POST and answers with the next status it was given."""

    def __init__(self):
        self.received: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(
                    {"headers": dict(self.headers), "body": body, "json": json.loads(body)}
                )
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/newsroom"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def types(self) -> list[str]:
        return [request["json"]["type"] for request in self.received]


@pytest.fixture
def receiver(settings):
    settings.DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES = True
    settings.DISTRIBUTION_REQUIRE_HTTPS = False
    settings.DISTRIBUTION_TOTAL_TIMEOUT = 5.0
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def editor():
    return staff_user("editor", username="desk-editor")


@pytest.fixture
def partner(receiver):
    return Partner.objects.create(name="Wire Partner", webhook_url=receiver.url)


def _due_now():
    """Make every waiting delivery due (as if its backoff had passed)."""
    Delivery.objects.filter(status=Delivery.Status.PENDING).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_a_published_story_is_posted_signed_with_its_ninjs(receiver, partner, editor):
    article = workflow.publish(article=ready_to_publish(headline="Port reopens"), by=editor)

    outcome = delivery.deliver_due()

    assert outcome.delivered == 1
    (request,) = receiver.received
    assert signing.verify(partner.secret, request["body"], request["headers"]["Newsroom-Signature"])
    assert not signing.verify(
        "another-secret", request["body"], request["headers"]["Newsroom-Signature"]
    )
    envelope = request["json"]
    event = Event.objects.get()
    assert envelope["id"] == str(event.uid) == request["headers"]["Newsroom-Event-Id"]
    assert envelope["type"] == "article.published"
    assert envelope["article"] == {
        "id": article.pk,
        "slug": article.slug,
        "version": article.version,
    }
    assert envelope["ninjs"]["headlines"][0]["value"] == "Port reopens"
    assert envelope["ninjs"]["pubstatus"] == "usable"
    sent = Delivery.objects.get()
    assert (sent.status, sent.attempts, sent.last_status_code) == ("delivered", 1, 200)
    assert sent.log.get().latency_ms is not None


def test_a_rolled_back_change_leaves_no_event(partner, editor):
    article = ready_to_publish()

    def publish_then_fail():
        with transaction.atomic():
            workflow.publish(article=article, by=editor)
            raise RuntimeError("the request failed after the publish")

    with pytest.raises(RuntimeError):
        publish_then_fail()

    assert not Event.objects.exists()
    assert not Delivery.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_no_partner_no_outbox(editor):
    workflow.publish(article=ready_to_publish(), by=editor)

    assert not Event.objects.exists()


def test_a_500_is_retried_later_and_then_delivered_once_with_the_same_event_id(
    receiver, partner, editor
):
    workflow.publish(article=ready_to_publish(), by=editor)
    receiver.statuses = [500]

    first = delivery.deliver_due()
    waiting = Delivery.objects.get()

    assert first.failed == 1
    assert waiting.status == "pending"
    assert waiting.last_status_code == 500
    assert waiting.next_attempt_at > timezone.now() + timedelta(seconds=20)
    assert delivery.deliver_due().handled == 0  # not before its backoff

    _due_now()
    assert delivery.deliver_due().delivered == 1
    assert delivery.deliver_due().handled == 0  # once delivered, never again
    ids = [request["json"]["id"] for request in receiver.received]
    assert len(ids) == 2
    assert ids[0] == ids[1]
    assert [a.status_code for a in Delivery.objects.get().log.order_by("at", "pk")] == [500, 200]


def test_events_for_one_story_arrive_in_order_even_when_the_first_fails(receiver, partner, editor):
    article = workflow.publish(article=ready_to_publish(headline="Vote today"), by=editor)
    article.dek = "Polls close at eight."
    workflow.save_article(article=article, by=editor)
    workflow.log_correction(article=article, by=editor, kind="correction", text="The time.")
    receiver.statuses = [503]

    delivery.deliver_due()
    assert receiver.types() == ["article.published"]  # the others wait behind it

    _due_now()
    delivery.deliver_due()
    assert receiver.types() == [
        "article.published",
        "article.published",
        "article.updated",
        "article.corrected",
    ]


def test_a_run_of_failures_pauses_the_partner_until_it_is_resumed(
    receiver, partner, editor, settings
):
    settings.DISTRIBUTION_PAUSE_AFTER_FAILURES = 2
    workflow.publish(article=ready_to_publish(), by=editor)
    workflow.publish(article=ready_to_publish(), by=editor)
    receiver.statuses = [500, 500]

    delivery.deliver_due()
    partner.refresh_from_db()
    assert partner.is_paused
    _due_now()
    assert delivery.deliver_due().handled == 0  # paused: nothing is sent

    assert delivery.resume(partner) == 2
    assert delivery.deliver_due().delivered == 2
    partner.refresh_from_db()
    assert not partner.is_paused
    assert partner.failures_in_a_row == 0


def test_a_webhook_on_this_machine_is_refused_unless_allowed(receiver, partner, editor, settings):
    settings.DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES = False
    workflow.publish(article=ready_to_publish(), by=editor)

    assert delivery.deliver_due().failed == 1

    assert receiver.received == []
    waiting = Delivery.objects.get()
    assert waiting.last_error.startswith("Refused:")
    assert "loopback" in waiting.last_error


def test_a_scheduled_story_is_sent_when_it_goes_public(receiver, partner, editor):
    at = timezone.now() + timedelta(hours=2)
    article = workflow.publish(article=ready_to_publish(), by=editor, at=at)

    assert delivery.deliver_due().handled == 0
    assert Delivery.objects.get().due_at == at

    article.published_at = timezone.now() - timedelta(minutes=1)
    article.save(update_fields=["published_at"])
    _due_now()
    assert delivery.deliver_due().delivered == 1
    assert receiver.types() == ["article.published"]


def test_an_embargoed_story_goes_at_once_only_to_partners_allowed_embargoed_copy(
    receiver, partner, editor
):
    trusted = Partner.objects.create(
        name="Embargo Partner", webhook_url=receiver.url, embargoed_copy=True
    )
    lifts = timezone.now() + timedelta(hours=3)
    article = ready_to_publish(embargoed_until=lifts)
    workflow.publish(article=article, by=editor)

    assert delivery.deliver_due().delivered == 1

    (request,) = receiver.received
    assert request["json"]["type"] == "article.embargoed"
    assert request["json"]["ninjs"]["embargoed"].startswith(str(lifts.year))
    assert signing.verify(trusted.secret, request["body"], request["headers"]["Newsroom-Signature"])
    published = Delivery.objects.filter(event__type="article.published")
    assert {d.partner for d in published} == {partner, trusted}
    assert {d.due_at for d in published} == {lifts}


def test_unpublishing_is_sent_only_to_partners_that_had_the_story(receiver, partner, editor):
    shown = workflow.publish(article=ready_to_publish(), by=editor)
    delivery.deliver_due()
    at = timezone.now() + timedelta(hours=1)
    never_shown = workflow.publish(article=ready_to_publish(), by=editor, at=at)

    workflow.unpublish(article=shown, by=editor)
    workflow.unpublish(article=never_shown, by=editor)
    delivery.deliver_due()

    assert receiver.types() == ["article.published", "article.unpublished"]
    assert receiver.received[1]["json"]["ninjs"]["pubstatus"] == "canceled"
    assert Delivery.objects.filter(status="skipped").count() == 2  # its publish and withdrawal


class Killed(BaseException):
    """The worker's process dying (SIGKILL): nothing after it runs, its transaction rolls back."""


def test_a_partner_that_took_a_story_before_its_worker_died_is_told_of_the_withdrawal(
    receiver, partner, editor, monkeypatch
):
    article = workflow.publish(article=ready_to_publish(), by=editor)

    def die(*args, **kwargs):
        raise Killed

    # The partner takes the POST; the worker dies before it can record that it did.
    with monkeypatch.context() as patched:
        patched.setattr(delivery.Attempt.objects, "create", die)
        with pytest.raises(Killed):
            delivery.deliver_due()
    assert receiver.types() == ["article.published"]

    workflow.unpublish(article=article, by=editor)
    _due_now()
    delivery.deliver_due()

    assert receiver.types() == ["article.published", "article.unpublished"]
    assert not Delivery.objects.filter(status=Delivery.Status.PENDING).exists()


def test_a_partner_gets_only_the_sections_and_topics_it_subscribed_to(receiver, editor):
    world = Section.objects.create(name="World", slug="world")
    europe = Section.objects.create(name="Europe", slug="europe", parent=world)
    sport = Section.objects.create(name="Sport", slug="sport")
    from articles.models import Topic

    ports = Topic.objects.create(name="Ports", slug="ports")
    partner = Partner.objects.create(name="World desk", webhook_url=receiver.url)
    partner.sections.add(world)
    partner.topics.add(ports)

    workflow.publish(article=ready_to_publish(section=europe, headline="In Europe"), by=editor)
    football = ready_to_publish(section=sport, headline="Cup final")
    workflow.publish(article=football, by=editor)
    harbour = ready_to_publish(section=sport, headline="Harbour regatta")
    harbour.topics.add(ports)
    workflow.publish(article=harbour, by=editor)
    delivery.deliver_due()

    headlines = [r["json"]["ninjs"]["headlines"][0]["value"] for r in receiver.received]
    assert headlines == ["In Europe", "Harbour regatta"]


def test_resending_delivers_the_same_event_again(receiver, partner, editor):
    workflow.publish(article=ready_to_publish(), by=editor)
    delivery.deliver_due()

    delivery.resend(Delivery.objects.get())
    delivery.deliver_due()

    assert len(receiver.received) == 2
    assert receiver.received[0]["json"]["id"] == receiver.received[1]["json"]["id"]


# The worker takes its tasks in transactions of its own (SQLite: exclusive ones), so these run
# committed, like production, not inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_the_queue_worker_delivers_what_the_change_enqueued(receiver, partner, editor):
    workflow.publish(article=ready_to_publish(headline="Queued story"), by=editor)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "distribution.tasks.deliver_due"

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert receiver.types() == ["article.published"]
    assert DBTaskResult.objects.get().status == "SUCCEEDED"


@pytest.mark.django_db(transaction=True)
def test_a_retry_is_a_task_due_when_its_backoff_ends(receiver, partner, editor):
    workflow.publish(article=ready_to_publish(), by=editor)
    receiver.statuses = [500]

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after == Delivery.objects.get().next_attempt_at


def test_deliver_once_reports_what_it_did(receiver, partner, editor, capsys):
    workflow.publish(article=ready_to_publish(), by=editor)
    receiver.statuses = [200]

    call_command("deliver", "--once")

    assert capsys.readouterr().out.strip() == (
        "Delivered 1, failed 0 (to be retried), not sent 0, waiting to go public 0."
    )


def test_the_desk_shows_a_paused_partner_and_the_delivery_log(
    client, receiver, partner, editor, settings
):
    settings.DISTRIBUTION_PAUSE_AFTER_FAILURES = 1
    workflow.publish(article=ready_to_publish(headline="Budget passes"), by=editor)
    receiver.statuses = [502]
    delivery.deliver_due()
    client.force_login(editor)

    partners = client.get(reverse("admin:distribution_partner_changelist")).text
    log = client.get(reverse("admin:distribution_delivery_changelist")).text
    one = client.get(
        reverse("admin:distribution_delivery_change", args=[Delivery.objects.get().pk])
    ).text

    assert "Paused" in partners
    assert "(1 failures in a row," in partners
    assert "Budget passes" in log
    assert "502" in log
    assert "The partner answered 502." in one


def test_the_desk_refuses_a_webhook_on_a_private_address(client, settings, editor):
    settings.DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES = False
    client.force_login(editor)

    response = client.post(
        reverse("admin:distribution_partner_add"),
        {"name": "Local", "webhook_url": "https://127.0.0.1/hook", "secret": "s" * 40},
    )

    assert response.status_code == 200
    assert "loopback" in response.text
    assert not Partner.objects.exists()


def test_a_delivery_is_retried_for_at_least_a_day_before_it_is_given_up():
    waits = sum(
        (delivery.backoff(attempt) for attempt in range(1, delivery.MAX_ATTEMPTS)), timedelta()
    )

    assert waits >= timedelta(hours=24)
    assert delivery.backoff(1) == timedelta(seconds=30)
    assert delivery.backoff(delivery.MAX_ATTEMPTS) == timedelta(hours=1)
