"""WSGI entry point for gunicorn: `gunicorn newsroom.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

from newsroom import gcpolicy  # noqa: E402 (after Django is set up)

gcpolicy.install()  # a web worker's garbage collection (newsroom/gcpolicy.py)
