from django.contrib import admin

from sources.models import Attribution, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "title", "affiliation"]
    list_filter = ["kind"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "title", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]


@admin.register(Attribution)
class AttributionAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "verb", "article"]
    list_filter = ["kind"]
    list_select_related = ["source", "article"]
    search_fields = ["text", "source__name", "article__headline"]
    autocomplete_fields = ["article", "source"]
