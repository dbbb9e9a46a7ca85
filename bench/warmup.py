"""No cold first reader, measured: the time from a publish (and a correction) committing to the
story page and the home page being stored again, by the queue's worker, for the next reader.

Run by bench/run.py in its "warm" mode, beside gunicorn and a `manage.py db_worker`, with the
same settings (the shared Redis cache), as `python bench/warmup.py BASE ARTICLE_PATH HOME_PATH`.
It takes the benchmark's story off the site and puts it back (publish), then logs a correction
on it, each time waits for the warming task that change queued to finish, and then asks for the
two pages once: a warmed page answers `X-Page-Cache: hit`. It prints one JSON line. The story
ends published, as it began, so the corpus is unchanged for the next run.
"""

import json
import os
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 30


def _page_cache_state(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
        response.read()
        return response.headers.get("X-Page-Cache", "")


def _warmed_after(started: float) -> dict:
    """Wait for the warming task queued since `started` to finish; its figures."""
    from datetime import UTC, datetime

    from django_tasks.backends.database.models import DBTaskResult

    since = datetime.fromtimestamp(started - 0.5, UTC)
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        task = (
            DBTaskResult.objects.filter(
                task_path="newsroom.warming.warm_pages", enqueued_at__gte=since
            )
            .order_by("-enqueued_at")
            .first()
        )
        if task is not None and task.finished_at is not None:
            return {
                "status": task.status,
                "seconds": round(task.finished_at.timestamp() - started, 3),
                "pages": len(task.args_kwargs["args"][0]),
                "outcome": task.return_value,
            }
        time.sleep(0.02)
    return {"status": "NOT FINISHED", "seconds": None}


def main() -> None:
    base, article_path, home_path = sys.argv[1:4]
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from articles import workflow
    from articles.models import Article

    editor, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    slug = article_path.strip("/").rsplit("/", 1)[-1]
    article = Article.objects.get(slug=slug)
    pages = {"article": base + article_path, "home": base + home_path}
    settle = settings.PAGE_CACHE_SETTLE_SECONDS
    results = {}

    workflow.unpublish(article=article, by=editor)
    _warmed_after(time.time() - 1)
    time.sleep(settle + 0.5)  # a publish right after would not be stored either
    for change in ("publish", "correction"):
        started = time.time()
        if change == "publish":
            article.refresh_from_db()
            workflow.publish(article=article, by=editor, override_unattributed=True)
        else:
            article.refresh_from_db()
            workflow.log_correction(
                article=article, by=editor, kind="correction", text="A benchmark correction."
            )
        warmed = _warmed_after(started)
        warmed["pages_after"] = {name: _page_cache_state(url) for name, url in pages.items()}
        results[change] = warmed
        time.sleep(settle + 0.5)
    article.corrections.filter(text="A benchmark correction.").delete()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
