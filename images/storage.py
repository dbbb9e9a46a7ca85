"""Where originals live on the file system: MEDIA_ROOT/private, never served at MEDIA_URL (an
original keeps the camera's metadata, GPS included). Staff download it through the desk."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateFileSystemStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        # Read from the setting each time it changes (the parent clears this on MEDIA_ROOT).
        return self._location or os.path.join(settings.MEDIA_ROOT, "private")

    def url(self, name):
        raise ValueError("Originals have no public address; the desk serves them to staff.")
