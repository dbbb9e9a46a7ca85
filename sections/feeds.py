"""RSS 2.0 of one section: its newest published stories (its own, its subsections' and those
also shown in it), as the site-wide feed writes them."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles.feeds import FEED_LENGTH, LatestArticlesFeed, items
from articles.structured_data import absolute_url
from fronts.curation import in_section
from newsroom.pagecache import depends_on, tag_for
from sections.models import Section


class SectionFeed(LatestArticlesFeed):
    cache_tags = ("feeds", "sections")

    def get_object(self, request, slug):
        section = get_object_or_404(Section.objects.in_print(), slug=slug)
        depends_on(request, tag_for(section))
        return section

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute_url(reverse("sections:feed", kwargs={"slug": obj.slug}))

    def description(self, obj):
        return obj.description or f"The latest {settings.SITE_NAME} stories in {obj.name}."

    def items(self, obj):
        return items().filter(pk__in=in_section(obj).values("pk"))[:FEED_LENGTH]
