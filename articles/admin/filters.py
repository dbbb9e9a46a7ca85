"""The article list's filters on the desk: by workflow status, by topic and by contributor."""

from django.contrib import admin

from articles.models import Contributor, Credit, TaggedArticle, Topic
from articles.querysets import published_q, scheduled_q


class StatusFilter(admin.SimpleListFilter):
    """The workflow status, with published split into out now and scheduled for later."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("published", "Published"),
            ("archived", "Archived"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.filter(scheduled_q())
        if value == "published":
            return queryset.filter(published_q())
        if value in {"draft", "review", "archived"}:
            return queryset.filter(status=value)
        return queryset


class LinkedToFilter(admin.SimpleListFilter):
    """Articles linked (through `link_model`) to the chosen topic or contributor, by slug.

    A subquery rather than a join, so an article linked twice (a byline and a reporting
    credit) is listed once.
    """

    model = link_model = link_field = article_field = None

    def lookups(self, request, model_admin):
        return list(self.model.objects.values_list("slug", "name"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        linked = self.link_model.objects.filter(**{f"{self.link_field}__slug": self.value()})
        return queryset.filter(pk__in=linked.values(self.article_field))


class TopicFilter(LinkedToFilter):
    title = parameter_name = "topic"
    model, link_model, link_field, article_field = Topic, TaggedArticle, "tag", "content_object"


class ContributorFilter(LinkedToFilter):
    title = parameter_name = "contributor"
    model, link_model, link_field, article_field = Contributor, Credit, "contributor", "article"
