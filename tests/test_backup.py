"""The backup drill: back up, restore into an empty database, and everything matches.

On PostgreSQL this runs pg_dump against the test database and pg_restore into a scratch
database; on SQLite, dumpdata and loaddata into a scratch file.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles import workflow
from articles.models import Article
from newsroom import backup
from tests.api import user
from tests.factories import (
    AttributionFactory,
    ContributorFactory,
    CorrectionFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
)
from tests.scratch import evaluate, manage
from tests.scratch import scratch_database as scratch_database

SUMMARY = "__import__('tests.test_backup', fromlist=['_']).database_summary()"


def database_summary() -> dict:
    """Counts and key fields of everything a restore must bring back, in a stable order."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token
    from reversion.models import Revision

    from articles.models import Contributor, Correction, Credit, TaggedArticle, Topic
    from sources.models import Attribution, Source

    def name(person):
        return person.get_username() if person else None

    def when(moment):
        return moment.isoformat() if moment else None

    return {
        "users": sorted(
            [
                u.username,
                u.email,
                u.password,
                u.is_staff,
                u.is_superuser,
                u.is_active,
                sorted(group.name for group in u.groups.all()),
            ]
            for u in get_user_model().objects.all()
        ),
        "groups": sorted(
            [group.name, sorted(p.codename for p in group.permissions.all())]
            for group in Group.objects.all()
        ),
        "tokens": sorted([token.user.username, token.key] for token in Token.objects.all()),
        "articles": [
            [
                a.pk,
                a.slug,
                a.headline,
                a.dek,
                a.body,
                a.body_html,
                a.status,
                a.version,
                when(a.published_at),
                when(a.updated_at),
                name(a.created_by),
                name(a.updated_by),
                a.external_id,
            ]
            for a in Article.objects.order_by("pk")
        ],
        "contributors": sorted(
            [c.slug, c.name, c.bio, name(c.user)] for c in Contributor.objects.all()
        ),
        "credits": sorted(
            [c.article.slug, c.contributor.slug, c.role, c.role_label, c.place, c.order]
            for c in Credit.objects.all()
        ),
        "corrections": sorted(
            [c.article.slug, c.kind, c.text, when(c.published_at)] for c in Correction.objects.all()
        ),
        "topics": sorted([t.slug, t.name, t.description] for t in Topic.objects.all()),
        "tagged": sorted([t.content_object.slug, t.tag.slug] for t in TaggedArticle.objects.all()),
        "sources": sorted(
            [s.slug, s.name, s.kind, s.title, s.affiliation.slug if s.affiliation else None]
            for s in Source.objects.all()
        ),
        "attributions": sorted(
            [a.article.slug, a.source.slug, a.kind, a.text, a.verb, a.paragraph, a.order]
            for a in Attribution.objects.all()
        ),
        "revisions": [
            [
                when(revision.date_created),
                revision.comment,
                name(revision.user),
                sorted(
                    [v.content_type.app_label, v.content_type.model, v.object_id, v.serialized_data]
                    for v in revision.version_set.all()
                ),
            ]
            for revision in Revision.objects.order_by("pk")
        ],
    }


def _newsroom() -> None:
    """A desk's worth of content, written through the workflow so every save is a revision."""
    editor = user("editor", "drill-editor")
    reporter = user("reporter", "drill-reporter")
    user("superuser", "drill-admin")
    call_command("issue_token", "drill-editor", verbosity=0)
    city = SourceFactory(kind="organization", name="City of Denver", slug="city-of-denver")
    attorney = SourceFactory(name="Kristin Bronson", title="city attorney", affiliation=city)
    official = SourceFactory(kind="unnamed", name="a Denver official", affiliation=city)
    immigration, courts = TopicFactory(name="Immigration"), TopicFactory(name="Courts")
    byline = ContributorFactory(name="Drill Reporter", user=reporter)
    for number in range(3):
        article = workflow.save_article(
            article=Article(
                headline=f"Drill story {number}",
                slug=f"drill-story-{number}",
                body=f"First paragraph of story {number}.\n\n## A subhead\n\nAnd a *second*.",
            ),
            by=reporter,
        )
        CreditFactory(article=article, contributor=byline, order=0)
        CreditFactory(article=article, contributor=ContributorFactory(), role="editing", order=1)
        AttributionFactory(article=article, source=attorney, text=f"Quote {number}.", order=0)
        AttributionFactory(article=article, source=official, kind="paraphrase", order=1)
        article.topics.add(immigration, *([courts] if number else []))
        article.dek = f"Standfirst {number}, tightened by the desk."
        article = workflow.save_article(
            article=article, by=editor, expected_version=article.version, message="Edited"
        )
        if number < 2:
            article = workflow.transition(article=article, name="publish", by=editor)
        if number == 0:
            CorrectionFactory(article=article, text="An earlier version misspelled a name.")


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_everything_intact(
    tmp_path, scratch_database
):
    _newsroom()
    before = database_summary()
    assert len(before["articles"]) == 3
    assert len(before["revisions"]) >= 8
    path = tmp_path / ("newsroom.dump" if connection.vendor == "postgresql" else "newsroom.json")

    call_command("backup", str(path), verbosity=0)
    restored = manage(scratch_database, "restore", str(path))

    assert restored.returncode == 0, restored.stderr
    expected = "(pg_restore)" if connection.vendor == "postgresql" else "(loaddata)"
    assert expected in restored.stdout
    after = evaluate(scratch_database, SUMMARY)
    assert after == before
    # The restored database takes new writes: its id sequences carried over too.
    seeded = manage(scratch_database, "seed")
    assert seeded.returncode == 0, seeded.stderr
    # And a second restore into it is refused: it has content now.
    again = manage(scratch_database, "restore", str(path))
    assert again.returncode == 1
    assert (
        again.stderr.strip()
        .splitlines()[-1]
        .startswith("CommandError: the database is not empty (")
    )


@pytest.mark.django_db
def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match=r"missing\.dump: no such file$"):
        call_command("restore", str(tmp_path / "missing.dump"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [b"PGDMP\x01\x0e\x00", b'[{"model": "x"}]', b"not a backup at all\n", b"\xff\xfe[\x00"],
)
def test_restore_refuses_a_file_in_the_wrong_format_and_changes_nothing(tmp_path, content):
    path = tmp_path / "backup"
    path.write_bytes(content)
    before = Article.objects.count()

    with pytest.raises(CommandError) as raised:
        call_command("restore", str(path), force=True)

    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    assert Article.objects.count() == before


@pytest.mark.django_db
def test_restore_refuses_a_database_with_content_unless_forced(tmp_path):
    workflow.save_article(
        article=Article(headline="Keep me", slug="keep-me"), by=user("editor"), message="Created"
    )
    path = tmp_path / "backup"
    path.write_bytes(b"PGDMP" if connection.vendor == "postgresql" else b"[]")

    with pytest.raises(CommandError, match=r"the database is not empty .*--force"):
        call_command("restore", str(path))

    assert Article.objects.filter(slug="keep-me").exists()


def test_a_missing_pg_dump_is_one_clear_line(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)

    with pytest.raises(backup.BackupError) as raised:
        backup.pg_tool("pg_dump")

    assert str(raised.value).startswith("pg_dump not found on PATH: install the PostgreSQL")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is for PostgreSQL")
def test_backup_on_postgresql_without_pg_dump_fails_and_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)

    with pytest.raises(CommandError, match=r"^pg_dump not found on PATH"):
        call_command("backup", str(tmp_path / "newsroom.dump"))

    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_backup_into_a_missing_directory_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"is not a directory$"):
        call_command("backup", str(tmp_path / "nowhere" / "newsroom.dump"))
