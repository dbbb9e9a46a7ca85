"""Serving the photo library's renditions from the file system at MEDIA_URL (development, and
a single-machine site; behind a CDN or from the object store otherwise). Only renditions are
public: originals keep the camera's metadata and live in the private storage."""

import mimetypes

from django.conf import settings
from django.http import Http404
from django.views.decorators.cache import cache_control
from django.views.static import serve

mimetypes.add_type("image/avif", ".avif")
mimetypes.add_type("image/webp", ".webp")

PUBLIC_PREFIX = "images/renditions/"


@cache_control(public=True, max_age=60 * 60 * 24 * 365, immutable=True)
def rendition(request, path):
    # Names are content hashes, so a file never changes: cached for a year.
    if not path.startswith(PUBLIC_PREFIX) or path.rsplit(".", 1)[-1] not in {
        "jpg",
        "webp",
        "avif",
    }:
        raise Http404("No such image.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
