"""The limit: the smallest Django app there is, one view returning a fixed string.

Served by bench/run.py with exactly the gunicorn settings the project gets, so the project's
figures can be read as a fraction of what Django itself can do on this machine in this run.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("SECRET_KEY", "bare-benchmark-app-serves-one-fixed-string"),
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
    )


def hello(request):
    return HttpResponse("Hello, world.", content_type="text/plain")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
