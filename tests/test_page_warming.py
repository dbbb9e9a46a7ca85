"""No cold first reader: after a publish, a correction or a rename commits, the queue's worker
renders again the pages it evicted (and the new story's own), so the next anonymous reader
gets a stored page, and it shows the change."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult

from articles import cache_invalidation, workflow
from fronts.models import FrontSlot
from newsroom import warming
from tests.api import full_article
from tests.factories import CorrectionFactory, TopicFactory, ready_to_publish, staff_user
from tests.test_page_cache import _state


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SETTLE_SECONDS = 0
    settings.PAGE_CACHE_WARM = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor():
    return staff_user("editor", username="ed")


def _store(client, *urls):
    for url in urls:
        assert _state(client, url) == (200, "miss"), url


def _run_worker():
    """What `manage.py db_worker` does once the tasks are due (a fifth of a second away)."""
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=True):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _queued_urls() -> list[str]:
    return [
        url
        for result in DBTaskResult.objects.filter(task_path="newsroom.warming.warm_pages")
        for url in result.args_kwargs["args"][0]
    ]


# The worker takes its tasks in transactions of its own, so these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_publishing_warms_the_story_its_api_detail_and_the_lists_it_evicted(
    client, editor, django_assert_num_queries
):
    topic = TopicFactory()
    full_article().topics.add(topic)
    home, topic_page = reverse("articles:index"), topic.get_absolute_url()
    _store(client, home, topic_page)
    story = ready_to_publish(headline="Warm from the first reader")
    story.topics.add(topic)
    DBTaskResult.objects.all().delete()

    workflow.publish(article=story, by=editor)

    queued = _queued_urls()
    assert queued[:2] == [
        f"http://testserver{story.get_absolute_url()}",
        f"http://testserver/api/v1/articles/{story.slug}/",
    ]
    assert {f"http://testserver{home}", f"http://testserver{topic_page}"} <= set(queued)
    assert _state(client, home)[1] == "miss"  # evicted: before the worker, a reader renders it
    _run_worker()
    assert DBTaskResult.objects.get().status == "SUCCEEDED"
    for url in (story.get_absolute_url(), topic_page, f"/api/v1/articles/{story.slug}/"):
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response["X-Page-Cache"] == "hit", url
        assert "Warm from the first reader" in response.text


@pytest.mark.django_db(transaction=True)
def test_warmed_pages_show_a_correction_and_a_renamed_topic_source_and_byline(client):
    article = full_article()
    topic = article.topics.first()
    source = article.attributions.get().source
    contributor = article.credits.first().contributor
    pages = [
        article.get_absolute_url(),
        reverse("articles:index"),
        topic.get_absolute_url(),
        source.get_absolute_url(),
        contributor.get_absolute_url(),
        f"/api/v1/articles/{article.slug}/",
    ]
    _store(client, *pages)

    CorrectionFactory(article=article, text="An earlier version misnamed the river.")
    topic.name = "Rivers and estuaries"
    topic.save()
    source.name = "Marguerite Okonkwo-Hale"
    source.save()
    contributor.name = "Tobias Ferreira-Lund"
    contributor.save()
    _run_worker()

    story = client.get(pages[0])
    assert story["X-Page-Cache"] == "hit"
    for shown in (
        "An earlier version misnamed the river.",
        "Rivers and estuaries",
        "Marguerite Okonkwo-Hale",
        "Tobias Ferreira-Lund",
    ):
        assert shown in story.text, shown
    for url, shown in (
        (pages[1], "Tobias Ferreira-Lund"),
        (pages[2], "Rivers and estuaries"),
        (pages[3], "Marguerite Okonkwo-Hale"),
        (pages[4], "Tobias Ferreira-Lund"),
        (pages[5], "Marguerite Okonkwo-Hale"),
    ):
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit", url
        assert shown in response.text, url


@pytest.mark.django_db(transaction=True)
def test_curating_the_home_page_warms_it_with_the_new_lead(client):
    pinned = full_article(headline="An older story the desk leads with")
    full_article(headline="The newest story")
    home = reverse("articles:index")
    _store(client, home)
    assert 'class="lead-story"' not in client.get(home).text

    FrontSlot.objects.create(section=None, article=pinned, slot="lead")
    _run_worker()

    response = client.get(home)
    assert response["X-Page-Cache"] == "hit"
    lead = response.text.index('class="lead-story"')
    assert response.text.index("An older story the desk leads with") > lead


@pytest.mark.django_db(transaction=True)
def test_saves_within_the_settle_window_queue_the_pages_once(client, editor, settings):
    article = full_article()
    _store(client, article.get_absolute_url())
    DBTaskResult.objects.all().delete()
    settings.PAGE_CACHE_SETTLE_SECONDS = 5

    for dek in ("First pass.", "Second pass.", "Third pass."):
        article.dek = dek
        workflow.save_article(article=article, by=editor)

    assert DBTaskResult.objects.filter(task_path="newsroom.warming.warm_pages").count() == 1


@pytest.mark.django_db
def test_without_a_shared_cache_or_a_page_cache_nothing_is_queued(
    client, editor, settings, django_capture_on_commit_callbacks
):
    story = ready_to_publish()
    _store(client, reverse("articles:index"))
    for warm, seconds in ((False, 600), (True, 0)):
        settings.PAGE_CACHE_WARM, settings.PAGE_CACHE_SECONDS = warm, seconds
        cache_invalidation._local.batch = None
        with django_capture_on_commit_callbacks(execute=True):
            story.dek = f"{warm} {seconds}"
            workflow.save_article(article=story, by=editor)
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_a_site_url_is_where_a_new_story_is_warmed(settings):
    settings.SITE_URL, settings.SITE_URL_CONFIGURED = "https://news.example.org", True

    urls = warming.pages_to_warm({"article-1", "home"}, ["/articles/new-story/"])

    assert urls == ["https://news.example.org/articles/new-story/"]


@pytest.mark.django_db
def test_addresses_are_remembered_newest_first_and_a_page_that_fails_is_counted(client):
    for n in range(warming.ADDRESSES_PER_TAG + 3):
        warming.remember(f"http://testserver/search/?q={n}", ["search", "site"])
    urls = warming.pages_to_warm({"search", "site"})
    assert len(urls) == warming.ADDRESSES_PER_TAG
    assert urls[0] == f"http://testserver/search/?q={warming.ADDRESSES_PER_TAG + 2}"

    outcome = warming.warm(["http://testserver/articles/no-such-story/", urls[0]])

    assert (outcome["failed"], outcome["stored"]) == (1, 1)
    assert _state(client, urls[0].removeprefix("http://testserver")) == (200, "hit")


@pytest.mark.django_db
def test_an_https_page_behind_the_proxy_is_warmed_under_the_readers_key(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    full_article()
    home = "https://testserver" + reverse("articles:index")

    assert warming.warm([home])["stored"] == 1

    behind_proxy = {"Host": "testserver", "X-Forwarded-Proto": "https"}  # as nginx passes it
    response = client.get(reverse("articles:index"), headers=behind_proxy)
    assert response["X-Page-Cache"] == "hit"
    assert _state(client, reverse("articles:index")) == (200, "miss")  # plain http: its own


def test_a_failure_to_queue_never_fails_the_change(monkeypatch, settings, caplog):
    def refuse(*args, **kwargs):
        raise transaction.TransactionManagementError("no queue")

    monkeypatch.setattr(warming, "pages_to_warm", refuse)
    warming.after_invalidation({"home"})
    assert "Could not queue the pages to warm" in caplog.text
