"""A worker serving readers loads none of what only writes, uploads and imports need (issue 19:
each costs every gunicorn worker resident memory): Pillow (photos are decoded on upload),
markdown-it and nh3 (a body renders when it is saved, into `body_html`) and jsonschema (only
the ninjs importer validates).

One process migrates a scratch SQLite database and saves a story with a byline, photo and
topic; a second, with production settings (DEBUG off, the cache off), loads the application
and the URLconf as gunicorn does, serves the home page, the story, its topic, the API list and
detail through the test client, and reports which of those modules it has loaded."""

import json
import os

from tests.probes import run_python

LAZY = ("PIL", "markdown_it", "nh3", "jsonschema")

PREPARE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from images import library
from tests.factories import ArticleFactory, CreditFactory, TopicFactory
from tests.images_factory import photo_bytes, upload
photo, _ = library.store_upload(upload(photo_bytes(400, 300)), alt_text="A desk", credit="Staff")
topic = TopicFactory(slug="startup-topic")
article = ArticleFactory(published=True, slug="startup-story", lead_image=photo)
article.topics.add(topic)
CreditFactory(article=article)
"""

SERVE = """
import json, sys
# Production's settings, but static files named as they are (no collectstatic for a manifest).
from newsroom import settings
settings.STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
from newsroom.wsgi import application  # what a gunicorn worker loads
import newsroom.urls
from django.test import Client
client = Client()
statuses = {
    path: client.get(path).status_code
    for path in (
        "/",
        "/articles/startup-story/",
        "/topics/startup-topic/",
        "/api/v1/articles/",
        "/api/v1/articles/startup-story/",
    )
}
lazy = sys.argv[1].split(",")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in lazy)
print(json.dumps({"statuses": statuses, "loaded": loaded}))
"""


def test_a_reader_worker_never_loads_what_only_writes_need(tmp_path):
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONHASHSEED"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        CACHE_BACKEND="dummy",
        SECRET_KEY="startup-imports-test-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    run_python(PREPARE, env={**env, "DEBUG": "1"})
    report = json.loads(
        run_python(SERVE, ",".join(LAZY), env={**env, "DEBUG": "0"}).splitlines()[-1]
    )
    assert set(report["statuses"].values()) == {200}, report["statuses"]
    assert report["loaded"] == []
