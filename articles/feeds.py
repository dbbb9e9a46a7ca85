"""RSS and Atom feeds of the latest published articles, site-wide and per topic, each item
with its lead photo as Media RSS (`media:content`, and an enclosure link in Atom)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from articles.models import Article, Topic
from articles.structured_data import absolute_url, card_image, modified_at
from newsroom.pagecache import depends_on, tag_for

FEED_LENGTH = 30
MEDIA_RSS = "http://search.yahoo.com/mrss/"


class _WithPhotos:
    """Writes an item's `photo` (from item_extra_kwargs) as Media RSS's media:content."""

    def add_media_namespace(self, attrs: dict) -> dict:
        return {**attrs, "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        photo = item.get("photo")
        if not photo:
            return
        self.add_photo_link(handler, photo)
        handler.startElement(
            "media:content",
            {
                "url": photo["url"],
                "medium": "image",
                "type": photo["type"],
                "width": str(photo["width"]),
                "height": str(photo["height"]),
            },
        )
        if photo["description"]:
            handler.addQuickElement("media:description", photo["description"], {"type": "plain"})
        if photo["credit"]:
            handler.addQuickElement("media:credit", photo["credit"])
        if photo["copyright"]:
            handler.addQuickElement("media:copyright", photo["copyright"])
        handler.endElement("media:content")

    def add_photo_link(self, handler, photo):
        pass


class PhotoRssFeed(_WithPhotos, Rss201rev2Feed):
    def rss_attributes(self):
        return self.add_media_namespace(super().rss_attributes())


class PhotoAtomFeed(_WithPhotos, Atom1Feed):
    def root_attributes(self):
        return self.add_media_namespace(super().root_attributes())

    def add_photo_link(self, handler, photo):
        # Atom's own way to attach a file; its length is optional, and unknown here.
        handler.addQuickElement(
            "link", "", {"rel": "enclosure", "type": photo["type"], "href": photo["url"]}
        )


def items():
    """What a feed item shows: a teaser's byline and topics, and the corrections (whose dates
    make the item's updated date)."""
    return Article.objects.published().for_teaser().prefetch_related("corrections")


class LatestArticlesFeed(Feed):
    """RSS 2.0: the newest published articles, with bylines, topics and dates."""

    cache_tags = ("feeds",)
    feed_type = PhotoRssFeed

    def title(self):
        return f"{settings.SITE_NAME}: latest news"

    def link(self):
        return absolute_url(reverse("articles:index"))

    def feed_url(self):
        return absolute_url(reverse("articles:feed_rss"))

    def description(self):
        return f"The latest articles published by {settings.SITE_NAME}."

    language = "en"

    def items(self):
        return items()[:FEED_LENGTH]

    def item_title(self, item):
        # Plain text; the feed writer escapes it once (Django's default escapes it twice).
        return item.headline

    def item_description(self, item):
        return item.dek

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return modified_at(item)

    def item_author_name(self, item):
        names = [credit.contributor.name for credit in item.byline]
        return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else None

    def item_author_link(self, item):
        byline = item.byline
        return absolute_url(byline[0].contributor.get_absolute_url()) if byline else None

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]

    def item_extra_kwargs(self, item):
        """The lead photo (joined by for_teaser), at the social card's size."""
        photo = card_image(item.lead_image)
        if photo is None:
            return {}
        image = item.lead_image
        return {
            "photo": {
                **photo,
                "description": image.caption or image.alt_text,
                "credit": image.credit,
                "copyright": image.copyright_notice,
            }
        }


class LatestArticlesAtomFeed(LatestArticlesFeed):
    """The same articles as Atom 1.0."""

    feed_type = PhotoAtomFeed

    def feed_url(self):
        return absolute_url(reverse("articles:feed_atom"))

    def subtitle(self):
        return self.description()


class TopicFeed(LatestArticlesFeed):
    """RSS 2.0: the newest published articles on one topic."""

    def get_object(self, request, slug):
        topic = get_object_or_404(Topic.objects.in_print(), slug=slug)
        depends_on(request, tag_for(topic))
        return topic

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute_url(reverse("articles:topic_feed", kwargs={"slug": obj.slug}))

    def description(self, obj):
        return obj.description or f"The latest {settings.SITE_NAME} articles on {obj.name}."

    def items(self, obj):
        return items().filter(tagged_topics__tag=obj)[:FEED_LENGTH]
