"""The article list's query parameters, for the API (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from articles.models import Article, ArticleStatus, Contributor, Credit, TaggedArticle, Topic
from articles.permissions import sees_everything_live
from articles.search import RANKED_MATCHES, search_articles
from sections.models import Section

# The choices a filter accepts are what the reader may see: a topic, contributor or source that
# exists only in drafts is "not a valid choice" to the public, exactly like one that does not
# exist at all.


def visible_topics(request):
    if request is not None and sees_everything_live(request.user):
        return Topic.objects.all()
    return Topic.objects.in_print()


def visible_contributors(request):
    if request is not None and sees_everything_live(request.user):
        return Contributor.objects.all()
    return Contributor.objects.in_print()


def visible_sections(request):
    if request is not None and sees_everything_live(request.user):
        return Section.objects.all()
    return Section.objects.in_print()


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """One related object, named by its slug; a slug the reader cannot see is invalid (400)."""

    def __init__(self, *, noun: str, **kwargs):
        kwargs.setdefault(
            "error_messages", {"invalid_choice": f"There is no {noun} with that slug."}
        )
        super().__init__(to_field_name="slug", **kwargs)


class ArticleOrderingFilter(django_filters.OrderingFilter):
    def filter(self, qs, value):
        qs = super().filter(qs, value)
        # A tie-breaker, so pages never repeat or skip articles that sort equal.
        return qs.order_by(*qs.query.order_by, "-pk") if value else qs


class ArticleFilter(django_filters.FilterSet):
    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if self.is_bound:
            # Only the parameters given are read: an absent one filters nothing, and the choices
            # of the topic, contributor and section filters (what the reader may see) cost a
            # third of a list's request to set up.
            self.filters = {name: f for name, f in self.filters.items() if name in self.data}

    topic = SlugFilter(
        noun="topic",
        queryset=visible_topics,
        method="filter_topic",
        label="Articles tagged with this topic (its slug).",
    )
    contributor = SlugFilter(
        noun="contributor",
        queryset=visible_contributors,
        method="filter_contributor",
        label="Articles crediting this contributor in any role (their slug).",
    )
    section = SlugFilter(
        noun="section",
        queryset=visible_sections,
        method="filter_section",
        label="Articles in this section (its slug), as its front lists them: those whose home "
        "is the section or one of its subsections, and those also shown in it.",
    )
    published_after = django_filters.IsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        label="Published at or after this ISO 8601 date or time.",
    )
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="lte",
        label="Published at or before this ISO 8601 date or time.",
    )
    status = django_filters.ChoiceFilter(
        choices=ArticleStatus.choices,
        method="filter_status",
        label="Staff only: articles in this status.",
    )
    full = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_full",
        label="true: each article whole, with body, body_html, attributions and corrections, "
        "as the article endpoint gives it. Left out, a list gives each article without them.",
    )
    # The same full-text search as the site's /search/; results come best match first unless
    # `ordering` says otherwise, so q is applied before ordering.
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=200,
        label='Full-text search (as on the site\'s search page): words, "phrases", OR, -word. '
        f"Only the newest matches are ranked: a count of {RANKED_MATCHES + 1} means that more "
        f"than {RANKED_MATCHES} matched (narrow with other filters).",
    )
    ordering = ArticleOrderingFilter(
        fields=(
            ("published_at", "published_at"),
            ("updated_at", "updated_at"),
            ("created_at", "created_at"),
            ("headline", "headline"),
        ),
        label="Sort by published_at, updated_at, created_at or headline; prefix - to reverse. "
        "Default: newest published first (best match first with q).",
    )

    class Meta:
        model = Article
        fields = []

    def filter_topic(self, queryset, name, topic):
        return queryset.filter(
            Exists(TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag=topic))
        )

    def filter_contributor(self, queryset, name, contributor):
        return queryset.filter(
            Exists(Credit.objects.filter(article=OuterRef("pk"), contributor=contributor))
        )

    def filter_section(self, queryset, name, section):
        return queryset.in_section(section)

    def filter_status(self, queryset, name, value):
        if not sees_everything_live(self.request.user):
            raise ValidationError({"status": ["Only staff may filter articles by status."]})
        return queryset.filter(status=value)

    def filter_full(self, queryset, name, value):
        return queryset  # the view chooses the serializer; nothing to filter

    def filter_q(self, queryset, name, value):
        return search_articles(queryset, value)
