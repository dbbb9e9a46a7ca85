from django.contrib import admin

from articles.models import Article, Contributor, Correction, Credit, Topic
from sources.models import Attribution


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["contributor"]


class AttributionInline(admin.StackedInline):
    model = Attribution
    extra = 0
    autocomplete_fields = ["source"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "published_at", "updated_at"]
    list_filter = ["status", "provider"]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["version", "external_id", "created_at", "updated_at"]
    inlines = [CreditInline, AttributionInline, CorrectionInline]


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "published_at"]
    list_filter = ["kind"]
    list_select_related = ["article"]
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
