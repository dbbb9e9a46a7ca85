"""The desk's admins for what articles are filed with: contributors (with their author page's
title, photo, expertise and links, and their staff login) and topics (each listed with how
many articles use it; topics merge) and the corrections logged on articles."""

from django import forms
from django.contrib import admin
from django.db.models import Count

from articles import workflow
from articles.contributors import validate_links
from articles.merging import merge_topics
from articles.models import Contributor
from newsroom.admin import ModelAdmin, merge_action


class ArticleCountAdmin(ModelAdmin):
    """For what articles are filed with by name: the slug made from the name, and a list in
    name order with how many articles use each row."""

    prepopulated_fields = {"slug": ["name"]}
    counted = None  # the lookup from a row to its articles

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=Count(self.counted, distinct=True))
            .order_by("name")  # Meta.ordering does not apply to aggregate queries
        )

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


class ContributorForm(forms.ModelForm):
    """The author page's facts; links are https profile addresses, one a line."""

    class Meta:
        model = Contributor
        fields = ["name", "slug", "title", "bio", "photo", "expertise", "links", "user"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_links(self):
        return validate_links(self.cleaned_data["links"])


class ContributorAdmin(ArticleCountAdmin):
    form = ContributorForm
    list_display = ["name", "title", "slug", "user", "article_count"]
    list_filter = [("user", admin.EmptyFieldListFilter)]
    search_fields = ["name", "bio", "title", "expertise"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["photo"]
    counted = "credits__article"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class TopicAdmin(ArticleCountAdmin):
    list_display = ["name", "slug", "article_count", "description"]
    search_fields = ["name", "description"]
    actions = ["merge_selected"]
    counted = "tagged_articles"

    @admin.action(description="Merge selected topics into one", permissions=["change"])
    def merge_selected(self, request, queryset):
        def merge(target, others):
            return merge_topics(target=target, others=others, by=request.user)

        return merge_action(self, request, queryset, merge=merge, noun="topic", moved="tagging(s)")


class CorrectionAdmin(ModelAdmin):
    """Corrections across articles; logging, editing or deleting one is a change to its article
    (a new version and revision)."""

    list_display = ["article", "kind", "published_at"]
    list_filter = ["kind", "published_at"]
    list_select_related = ["article"]
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
    date_hierarchy = "published_at"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        message = f"{obj.get_kind_display()} {'edited' if change else 'logged'}"
        workflow.touch(article=obj.article, by=request.user, message=message)

    def delete_model(self, request, obj):
        article = obj.article
        super().delete_model(request, obj)
        workflow.touch(article=article, by=request.user, message="Correction deleted")
