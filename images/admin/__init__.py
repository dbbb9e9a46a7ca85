"""The photo desk (Django's admin), registered here; autodiscover imports this package.

- image.py: the media library (ImageAdmin): list, add, the photo's page with its focal point
- filters.py, usage.py: where a photo is used, asked in the database
- views.py: the article form's photo panel (choose, upload, describe) and the original's
  download

Like the rest of the images app, the desk never imports articles: a photo's stories are asked
through the reverse relations."""

from django.contrib import admin

from images.admin.image import ImageAdmin
from images.models import Image

admin.site.register(Image, ImageAdmin)

__all__ = ["ImageAdmin"]
