"""An import killed half way (SIGKILL, in the middle of a file's transaction) leaves no partial
article, and running it again imports the rest once, duplicating nothing."""

import signal
import subprocess
import sys

from tests import wire
from tests.scratch import ROOT, environment, evaluate, manage
from tests.scratch import scratch_database as scratch_database

# import_wire, paused inside the third file's transaction (after its article row is written,
# while its credits are), so the test can kill it there.
PAUSED_IMPORT = """
import sys, time, django
django.setup()
from django.core.management import call_command
from articles import workflow
from articles.models import Article

real_replace_rows = workflow._replace_rows

def replace_rows(manager, rows):
    if any(getattr(row.get("contributor"), "name", "") == "Kill Point" for row in rows or []):
        written = Article.objects.filter(headline__startswith="Story three").count()
        print(f"paused with {written} uncommitted article", flush=True)
        time.sleep(600)
    return real_replace_rows(manager, rows)

workflow._replace_rows = replace_rows
call_command("import_wire", *sys.argv[1:])
"""

STORIES = [
    wire.TWO_BYLINES_EM_DASH,
    wire.HYPHEN_NO_SUBHEAD_UNKNOWN_ROLE,
    """\
Story three: the one the import dies in

May 5, 2024

By Kill Point and Ann Other

OSLO (Reuters) – A story whose import is killed half way through.

A second paragraph.

(Reporting by Kill Point; Editing by Sam Gray)
""",
    wire.NO_BYLINE_NO_CREDIT,
    wire.TWO_BYLINES_EM_DASH.replace("Long Beach", "Oakland"),
]


def import_state() -> dict:
    """What the imports left in the database (evaluated in a process on the scratch database)."""
    from reversion.models import Version

    from articles.models import Article, Credit

    return {
        "articles": sorted(Article.objects.values_list("headline", "external_id")),
        "credits": Credit.objects.count(),
        "revisions": Version.objects.get_for_model(Article).count(),
    }


def _state(database_url: str) -> dict:
    return evaluate(
        database_url, "__import__('tests.test_interrupted_import', fromlist=['_']).import_state()"
    )


def test_an_import_killed_midway_leaves_no_partial_article_and_resumes_without_duplicates(
    tmp_path, scratch_database
):
    migrated = manage(scratch_database, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    files = []
    for number, text in enumerate(STORIES, start=1):
        path = tmp_path / f"story{number}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))

    process = subprocess.Popen(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", PAUSED_IMPORT, *files],
        cwd=ROOT,
        env={**environment(scratch_database), "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("paused with"):
                break
        assert lines[-1].strip() == "paused with 1 uncommitted article", "".join(lines)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL

    killed = _state(scratch_database)
    # The two files before the kill are in whole; the one it died in left nothing behind.
    assert [headline for headline, _ in killed["articles"]] == sorted(
        ["Port strike talks collapse as ships queue off Long Beach", ""]
    )
    assert killed["credits"] == 12  # 9 + 3: none of the third file's
    assert killed["revisions"] == 2

    again = manage(scratch_database, "import_wire", *files)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("already imported as") == 2
    assert again.stdout.count("imported draft") == 3
    resumed = _state(scratch_database)
    assert len(resumed["articles"]) == 5
    assert len({external_id for _, external_id in resumed["articles"]}) == 5
    assert resumed["revisions"] == 5

    once_more = manage(scratch_database, "import_wire", *files)
    assert once_more.returncode == 0, once_more.stderr
    assert once_more.stdout.count("already imported as") == 5
    assert _state(scratch_database) == resumed
