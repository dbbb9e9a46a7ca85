"""The read replica router: reads to the replica, writes and the reads that must see them to the
primary, and a writer pinned to the primary for a few seconds after writing."""

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from newsroom import routers
from tests.factories import ArticleFactory

router = routers.PrimaryReplicaRouter()


@pytest.fixture
def replica(settings, transactional_db):
    """A second alias, "replica", on the same test database (as a streaming replica would be).

    Added once the test database is set up (and removed before it is torn down), so the
    replica connection sees only what the primary committed, as a real one would."""
    databases = settings.DATABASES  # the very dict the connection handler reads
    databases["replica"] = {**connections["default"].settings_dict, "TEST": {"MIRROR": "default"}}
    # Connected here: the test case refuses lazy connections to aliases it was not told about.
    connections["replica"].connect()
    yield "replica"
    connections["replica"].close()
    del connections["replica"]
    del databases["replica"]


@pytest.fixture
def request_context():
    """A fresh routing context, as PrimaryAfterWriteMiddleware opens for each request."""
    token = routers.pin_to_primary(False)
    yield
    routers.unpin(token)


def test_without_a_replica_everything_uses_the_primary(request_context):
    assert router.db_for_read(Article) in {None, "default"}
    assert router.db_for_write(Article) == "default"


def test_objects_from_another_database_stay_there(request_context):
    article = Article(pk=1)
    article._state.db = "scratch"  # e.g. a backup being restored
    assert router.db_for_read(Article, instance=article) == "scratch"
    assert router.db_for_write(Article, instance=article) == "scratch"
    assert router.allow_migrate("scratch", "articles") is None


def test_reads_run_on_the_replica_and_see_what_the_primary_committed(replica, request_context):
    # Written outside this request's context (it would pin it): a committed story.
    token = routers.pin_to_primary(True)
    article = ArticleFactory(headline="Committed on the primary")
    routers.unpin(token)

    queryset = Article.objects.filter(pk=article.pk)
    assert queryset.db == "replica"
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert queryset.get().headline == "Committed on the primary"
    assert len(on_replica) == 1


def test_after_a_write_the_same_request_reads_the_primary(replica, request_context):
    assert router.db_for_read(Article) == "replica"

    article = ArticleFactory()

    assert Article.objects.filter(pk=article.pk).db == "default"
    assert routers.wrote_in_this_context()


def test_reads_inside_a_transaction_stay_on_the_primary(replica, request_context):
    with transaction.atomic():
        assert router.db_for_read(Article) == "default"
    assert router.db_for_read(Article) == "replica"


def test_related_objects_of_a_primary_instance_come_from_the_primary(settings, request_context):
    settings.DATABASES["replica"] = {}  # configured; never connected to here
    try:
        article = Article(pk=1)
        article._state.db = "default"
        assert router.db_for_read(Article, instance=article) == "default"
        article._state.db = "replica"
        assert router.db_for_read(Article, instance=article) == "replica"
    finally:
        del settings.DATABASES["replica"]


def test_the_replica_is_never_migrated():
    assert router.allow_migrate("default", "articles") is not False
    assert router.allow_migrate("replica", "articles") is False


# --- A writer's next requests ----------------------------------------------------------------


def _middleware(view):
    return routers.PrimaryAfterWriteMiddleware(view)


def test_a_write_pins_the_writer_to_the_primary_with_a_short_cookie(rf, settings):
    settings.DATABASES["replica"] = {}
    settings.PRIMARY_PIN_SECONDS = 10
    try:

        def writing_view(request):
            router.db_for_write(Article)
            return HttpResponse("saved")

        response = _middleware(writing_view)(rf.post("/admin/"))

        cookie = response.cookies[routers.PrimaryAfterWriteMiddleware.COOKIE]
        assert cookie["max-age"] == 10
        assert cookie["httponly"]

        seen = []

        def reading_view(request):
            seen.append(router.db_for_read(Article))
            return HttpResponse("read")

        pinned = rf.get("/articles/x/")
        pinned.COOKIES[routers.PrimaryAfterWriteMiddleware.COOKIE] = "1"
        _middleware(reading_view)(pinned)
        _middleware(reading_view)(rf.get("/articles/x/"))

        assert seen == ["default", "replica"]
    finally:
        del settings.DATABASES["replica"]


def test_reads_set_no_cookie_and_nothing_is_pinned_without_a_replica(rf):
    def writing_view(request):
        router.db_for_write(Article)
        return HttpResponse("saved")

    def reading_view(request):
        return HttpResponse("read")

    assert not _middleware(reading_view)(rf.get("/")).cookies
    assert not _middleware(writing_view)(rf.post("/")).cookies
