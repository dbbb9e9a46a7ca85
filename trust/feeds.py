"""The corrections archive as RSS 2.0: the newest corrections to stories a reader may see."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse

from articles.structured_data import absolute_url
from trust.views import public_corrections

FEED_LENGTH = 30


class CorrectionsFeed(Feed):
    cache_tags = ("corrections",)
    language = "en"

    def title(self):
        return f"{settings.SITE_NAME}: corrections"

    def link(self):
        return absolute_url(reverse("trust:corrections"))

    def feed_url(self):
        return absolute_url(reverse("trust:corrections_feed"))

    def description(self):
        return f"Corrections, clarifications and updates to stories {settings.SITE_NAME} published."

    def items(self):
        return public_corrections()[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return absolute_url(item.article.get_absolute_url()) + "#corrections-heading"

    def item_guid(self, item):
        return absolute_url(reverse("trust:corrections")) + f"#correction-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at
