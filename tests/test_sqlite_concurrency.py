"""Concurrent writers on a SQLite file (the `make run` default): the second writer of a version
gets the optimistic-concurrency refusal (412 from the API, the conflict notice on the desk), not
"database is locked" (a 503). The writers run as threads of a Django process of their own, on a
scratch database file, with the settings an operator gets."""

import json

import pytest
from django.db import connection

from tests.scratch import manage

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's locking; PostgreSQL has row locks"
)

WRITERS = 6


def race_writers(writers: int = WRITERS) -> None:
    """In the writers' process: every writer saves version 1 of one article at the same moment,
    once through the API and once through the desk; print each one's outcome as JSON."""
    import threading

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from articles.models import Article
    from tests.factories import ArticleFactory, UserFactory

    editors = [UserFactory(username=f"editor{i}", is_staff=True) for i in range(writers)]
    for editor in editors:
        editor.groups.add(Group.objects.get(name="Editor"))
    outcomes = {"api": [], "desk": []}

    def run_all(write) -> None:
        start = threading.Barrier(writers)

        def writer(i):
            start.wait()
            try:
                write(i)
            finally:
                connection.close()

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    api_article = ArticleFactory(slug="raced-in-the-api")
    api_clients = []
    for editor in editors:
        client = APIClient(SERVER_NAME="localhost")
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
        api_clients.append(client)

    def api_write(i):
        response = api_clients[i].patch(
            f"/api/v1/articles/{api_article.slug}/",
            {"headline": f"API writer {i}"},
            format="json",
            HTTP_IF_MATCH='"1"',
        )
        outcomes["api"].append([response.status_code, response.json().get("current_version")])

    run_all(api_write)

    desk_article = ArticleFactory(slug="raced-on-the-desk")
    desk_clients = []
    for editor in editors:
        client = Client(SERVER_NAME="localhost")
        client.force_login(editor)
        desk_clients.append(client)
    form = {"slug": desk_article.slug, "body": "b", "language": "en", "expected_version": "1"}
    for prefix in ("credits", "tagged_topics", "attributions", "corrections"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    def desk_write(i):
        response = desk_clients[i].post(
            f"/admin/articles/article/{desk_article.pk}/change/",
            {**form, "headline": f"Desk writer {i}"},
        )
        outcomes["desk"].append(
            [response.status_code, "Their changes are listed above" in response.text]
        )

    run_all(desk_write)

    outcomes["versions"] = [
        Article.objects.get(pk=api_article.pk).version,
        Article.objects.get(pk=desk_article.pk).version,
    ]
    print(json.dumps(outcomes))


def test_the_second_writer_of_a_version_is_refused_as_stale_not_locked_out(tmp_path):
    database = f"sqlite:///{tmp_path / 'raced.sqlite3'}"
    migrated = manage(database, "migrate", "--verbosity=0")
    assert migrated.returncode == 0, migrated.stderr

    result = manage(
        database,
        "shell",
        "--command=from tests.test_sqlite_concurrency import race_writers; race_writers()",
    )

    assert result.returncode == 0, result.stderr
    outcomes = json.loads(result.stdout.strip().splitlines()[-1])
    # One writer wins; every other one is told the version moved on (a 503 was the bug).
    assert sorted(outcomes["api"]) == [[200, None]] + [[412, 2]] * (WRITERS - 1)
    assert sorted(outcomes["desk"]) == [[200, True]] * (WRITERS - 1) + [[302, False]]
    assert outcomes["versions"] == [2, 2]
    assert "database is locked" not in result.stderr
