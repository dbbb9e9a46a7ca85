from django.contrib import admin
from django.db.models import Count

from newsroom.admin import merge_action
from sources.merging import merge_sources
from sources.models import Attribution, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "title", "affiliation", "attribution_count"]
    list_filter = ["kind", ("affiliation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["affiliation"]
    search_fields = ["name", "title", "description", "affiliation__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        # Meta.ordering does not apply to aggregate queries.
        return (
            super()
            .get_queryset(request)
            .annotate(attribution_total=Count("attributions"))
            .order_by("name")
        )

    @admin.display(description="attributions", ordering="attribution_total")
    def attribution_count(self, obj):
        return obj.attribution_total

    @admin.action(description="Merge selected sources into one", permissions=["change"])
    def merge_selected(self, request, queryset):
        return merge_action(
            self,
            request,
            queryset,
            merge=lambda target, others: merge_sources(
                target=target, others=others, by=request.user
            ),
            noun="source",
            moved="attribution(s)",
        )


@admin.register(Attribution)
class AttributionAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "verb", "article"]
    list_filter = ["kind"]
    list_select_related = ["source", "article"]
    search_fields = ["text", "source__name", "article__headline"]
    autocomplete_fields = ["article", "source"]
