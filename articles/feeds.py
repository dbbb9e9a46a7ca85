"""RSS and Atom feeds of the latest published articles, site-wide and per topic."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article, Topic
from articles.structured_data import absolute_url, modified_at
from newsroom.pagecache import depends_on, tag_for

FEED_LENGTH = 30


def items():
    """What a feed item shows: a teaser's byline and topics, and the corrections (whose dates
    make the item's updated date)."""
    return Article.objects.published().for_teaser().prefetch_related("corrections")


class LatestArticlesFeed(Feed):
    """RSS 2.0: the newest published articles, with bylines, topics and dates."""

    cache_tags = ("feeds",)

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


class LatestArticlesAtomFeed(LatestArticlesFeed):
    """The same articles as Atom 1.0."""

    feed_type = Atom1Feed

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
