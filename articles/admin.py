"""The editors' desk: articles with their workflow, revisions, trash and presence notices."""

from datetime import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from taggit.models import Tag

from articles import presence, rendering, revisions, workflow
from articles.merging import merge_topics
from articles.models import Article, Contributor, Correction, Credit, TaggedArticle, Topic
from articles.views import ArticleDetailView, with_page_data
from newsroom.admin import ModelAdmin, TamperedInputMixin, merge_action
from sources.models import Attribution

# --- Filters -------------------------------------------------------------------------------


class StatusFilter(admin.SimpleListFilter):
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
        now = timezone.now()
        value = self.value()
        if value == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        if value == "published":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__lte=now)
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


# --- Inlines: editable exactly when the article is -----------------------------------------


class ArticleInlineMixin(TamperedInputMixin):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(request, obj)


def _editable(request, article) -> bool:
    return article is None or workflow.can_edit(request.user, article)


class CreditInline(ArticleInlineMixin, admin.TabularInline):
    model = Credit
    autocomplete_fields = ["contributor"]
    fields = ["contributor", "role", "role_label", "place", "order"]


class TopicInline(ArticleInlineMixin, admin.TabularInline):
    model = TaggedArticle
    autocomplete_fields = ["tag"]
    verbose_name = "topic"
    verbose_name_plural = "topics"


class AttributionInline(ArticleInlineMixin, admin.StackedInline):
    model = Attribution
    autocomplete_fields = ["source"]
    fields = [("source", "kind"), "text", ("verb", "paragraph", "order")]


class CorrectionInline(ArticleInlineMixin, admin.StackedInline):
    model = Correction
    fields = [("kind", "published_at"), "text"]


# --- The article form: optimistic concurrency ----------------------------------------------


class ArticleForm(forms.ModelForm):
    # The version the editor started from; a save from an older one is refused.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["headline", "slug", "dek", "body", "dateline", "provider", "language"]
        widgets = {
            "dek": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 30}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean_body(self):
        body = self.cleaned_data["body"]
        rendering.validate_own_images(body)
        return body

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        expected = cleaned.get("expected_version")
        # Locks the article's row alone (PostgreSQL refuses to lock the outer-joined user).
        current = (
            Article.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .get(pk=self.instance.pk)
        )
        if expected == current.version:
            return cleaned
        stale = workflow.StaleVersion(current)
        started = revisions.version_for(current, expected) if expected else None
        self.conflict = {
            "message": str(stale),
            "changes": revisions.diff(
                revisions.snapshot(started), revisions.current_snapshot(current)
            )
            if started
            else [],
        }
        # The editor has now seen the other changes: a second, deliberate save may go ahead.
        data = self.data.copy()
        data[self.add_prefix("expected_version")] = current.version
        self.data = data
        raise ValidationError(
            f"{stale} Their changes are listed above; your edits are still in this form. "
            "Review them, then save again to keep yours."
        )


# --- The article admin ---------------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(ModelAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline_or_untitled",
        "status_label",
        "byline_names",
        "topic_names",
        "published_at",
        "updated_at",
    ]
    list_filter = [StatusFilter, TopicFilter, ContributorFilter, "published_at", "provider"]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = [
        "sourcing",
        "status_label",
        "published_at",
        "version",
        "created_at",
        "updated_at",
        "external_id",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", "expected_version"]}),
        ("Filing", {"fields": ["dateline", "provider", "language"]}),
        ("Sourcing", {"fields": ["sourcing"]}),
        (
            "Workflow",
            {
                "fields": [
                    "status_label",
                    "published_at",
                    "version",
                    "created_at",
                    "updated_at",
                    "external_id",
                ]
            },
        ),
    ]
    inlines = [CreditInline, TopicInline, AttributionInline, CorrectionInline]
    actions = [
        "submit_selected",
        "publish_selected",
        "unpublish_selected",
        "archive_selected",
        "trash_selected",
    ]
    list_per_page = 50

    def get_queryset(self, request):
        return (
            Article.objects.live()
            .select_related("updated_by")
            .prefetch_related(
                Prefetch(
                    "credits",
                    queryset=Credit.objects.filter(role=Credit.Role.BYLINE).select_related(
                        "contributor"
                    ),
                    to_attr="byline_credits",
                ),
                "topics",
            )
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deleting means the trash: see trash_selected
        if not request.user.has_perm(workflow.PUBLISH_PERMISSION):
            for name in ("publish_selected", "unpublish_selected", "archive_selected"):
                actions.pop(name, None)
        if not request.user.has_perm("articles.delete_article"):
            actions.pop("trash_selected", None)
        return actions

    # --- Columns

    @admin.display(description="headline", ordering="headline")
    def headline_or_untitled(self, obj):
        return str(obj)

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            local = timezone.localtime(obj.published_at)
            return format_html("Scheduled for {}", local.strftime("%b %-d, %Y, %H:%M"))
        return obj.get_status_display()

    @admin.display(description="who the story relies on")
    def sourcing(self, obj):
        if obj.pk is None:
            return "—"
        summary = obj.sourcing_summary()
        return (
            f"{summary['named_people']} named people, {summary['named_organizations']} named "
            f"organisations, {summary['unnamed_sources']} unnamed sources; "
            f"{summary['direct_quotes']} direct quotes, {summary['documents']} documents"
        )

    @admin.display(description="byline")
    def byline_names(self, obj):
        credits = getattr(obj, "byline_credits", None)
        if credits is None:
            credits = obj.byline
        return ", ".join(credit.contributor.name for credit in credits)

    @admin.display(description="topics")
    def topic_names(self, obj):
        return ", ".join(topic.name for topic in obj.topics.all())

    # --- Permissions: the workflow decides

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(request, obj)

    def get_view_on_site_url(self, obj=None):
        if obj is None or not Article.objects.published().filter(pk=obj.pk).exists():
            return None
        return super().get_view_on_site_url(obj)

    # --- Saving: every save is version-guarded and one revision with its inlines

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            extra_context = extra_context or {}
            if object_id and request.method == "GET":
                article = self.get_object(request, unquote(object_id))
                if article is not None:
                    presence.mark_present(article_id=article.pk, user=request.user)
                    extra_context.update(self.workflow_context(request, article))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def workflow_context(self, request, article):
        """What the desk controls on the change form need (sources adds its sourcing checks)."""
        return {
            "transitions": workflow.allowed_transitions(request.user, article),
            "publish_problems": workflow.publish_problems(article),
            "others_present": presence.others_present(article_id=article.pk, user=request.user),
            "preview_url": reverse("admin:articles_article_preview", args=[article.pk]),
            "presence_url": reverse("admin:articles_article_presence", args=[article.pk]),
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and "transitions" not in context:
            # A re-rendered form (validation error, conflict) shows the same desk controls.
            context.update(self.workflow_context(request, obj))
        context["conflict"] = getattr(
            context.get("adminform") and context["adminform"].form, "conflict", None
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        changed = ", ".join(form.changed_data) if change else ""
        workflow.save_article(
            article=obj,
            by=request.user,
            expected_version=form.cleaned_data.get("expected_version") if change else None,
            message=f"Edited {changed}" if changed else ("Edited" if change else "Created"),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        name = request.POST.get("_transition")
        if name:
            self._apply_transition(request, form.instance, name)

    def _apply_transition(self, request, article, name):
        at = None
        if name == "schedule":
            at = _parse_local_datetime(request.POST.get("_schedule_at", ""))
            if at is None:
                messages.error(request, "Give a date and time to schedule the article for.")
                return
        try:
            workflow.transition(
                article=article,
                name=name,
                by=request.user,
                at=at,
                override_unattributed=request.POST.get("_override_unattributed") == "1",
            )
        except workflow.UnattributedQuotes as exc:
            messages.error(
                request,
                f"{exc}. Attribute them (Suggest attributions helps), or tick “publish anyway”.",
            )
        except workflow.NotReady as exc:
            messages.error(request, str(exc))
        except (workflow.WorkflowError, PermissionDenied) as exc:
            messages.error(request, str(exc) or "You may not do that.")
        else:
            messages.success(request, f"{article}: {workflow.TRANSITIONS[name].done}.")

    def response_change(self, request, obj):
        if request.POST.get("_transition"):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get("_transition"):
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    # --- Deleting means the trash

    def delete_model(self, request, obj):
        workflow.trash(article=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            workflow.trash(article=article, by=request.user)

    # --- Bulk actions through the workflow

    def _bulk(self, request, queryset, name):
        done, refused = 0, []
        for article in queryset:
            try:
                workflow.transition(article=article, name=name, by=request.user)
                done += 1
            except (workflow.WorkflowError, PermissionDenied) as exc:
                refused.append(f"{article}: {exc}")
        if done:
            messages.success(request, f"{done} article(s) {workflow.TRANSITIONS[name].done}.")
        for line in refused:
            messages.error(request, line)

    @admin.action(description="Submit selected articles for review")
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="Publish selected articles now")
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="Send selected articles back to draft")
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    @admin.action(description="Archive selected articles")
    def archive_selected(self, request, queryset):
        self._bulk(request, queryset, "archive")

    @admin.action(description="Move selected articles to the trash")
    def trash_selected(self, request, queryset):
        count = 0
        for article in queryset:
            workflow.trash(article=article, by=request.user)
            count += 1
        messages.success(request, f"{count} article(s) moved to the trash.")

    # --- Extra pages: preview, presence, history, compare, restore, trash

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("trash/", view(self.trash_view), name="articles_article_trash"),
            path(
                "trash/empty/",
                view(require_POST(self.empty_trash_view)),
                name="articles_article_empty_trash",
            ),
            path(
                "trash/<int:object_id>/restore/",
                view(require_POST(self.restore_from_trash_view)),
                name="articles_article_untrash",
            ),
            path(
                "<int:object_id>/preview/", view(self.preview_view), name="articles_article_preview"
            ),
            path(
                "<int:object_id>/presence/",
                view(self.presence_view),
                name="articles_article_presence",
            ),
            path(
                "<int:object_id>/history/compare/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<int:object_id>/history/<int:version_id>/restore/",
                view(require_POST(self.restore_revision_view)),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def article_or_404(self, request, object_id) -> Article:
        article = self.get_object(request, str(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("No such article.")
        return article

    def preview_view(self, request, object_id):
        """The draft rendered with the public template, for staff only, never indexed or cached."""
        self.article_or_404(request, object_id)
        response = PreviewView.as_view(extra_context={"preview": True, "noindex": True})(
            request, pk=object_id
        )
        response.render()
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response

    def presence_view(self, request, object_id):
        article = self.article_or_404(request, object_id)
        if request.method == "POST":
            presence.mark_present(article_id=article.pk, user=request.user)
        response = JsonResponse(
            {"others": presence.others_present(article_id=article.pk, user=request.user)}
        )
        add_never_cache_headers(response)
        return response

    def history_view(self, request, object_id, extra_context=None):
        article = self.article_or_404(request, object_id)
        versions = list(revisions.history(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"History: {article}",
            "article": article,
            "versions": versions,
            "can_restore": workflow.can_edit(request.user, article),
            "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def compare_view(self, request, object_id):
        article = self.article_or_404(request, object_id)
        history = {version.pk: version for version in revisions.history(article)}

        def pick(name):
            value = request.GET.get(name, "")
            if value == "current":
                return "current", revisions.current_snapshot(article)
            try:
                version = history[int(value)]
            except (ValueError, KeyError):
                raise Http404("Choose two revisions of this article to compare.") from None
            return version, revisions.snapshot(version)

        (old, old_snapshot), (new, new_snapshot) = pick("a"), pick("b")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Compare revisions: {article}",
            "article": article,
            "old": old,
            "new": new,
            "changes": revisions.diff(old_snapshot, new_snapshot),
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_revision_view(self, request, object_id, version_id):
        article = self.article_or_404(request, object_id)
        try:
            workflow.restore_revision(article=article, version_id=version_id, by=request.user)
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        messages.success(request, "The revision was restored as a new revision.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def trash_view(self, request):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Trash",
            "articles": Article.objects.trashed()
            .select_related("deleted_by")
            .order_by("-deleted_at"),
            "can_empty": request.user.is_superuser or self.has_delete_permission(request),
        }
        return TemplateResponse(request, "admin/articles/article/trash.html", context)

    def restore_from_trash_view(self, request, object_id):
        article = get_object_or_404(Article.objects.trashed(), pk=object_id)
        workflow.restore_from_trash(article=article, by=request.user)
        messages.success(request, f"{article} is back from the trash.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def empty_trash_view(self, request):
        count = workflow.empty_trash(by=request.user)
        messages.success(request, f"Deleted {count} article(s) for good.")
        return HttpResponseRedirect(reverse("admin:articles_article_trash"))


class PreviewView(ArticleDetailView):
    """The public article page for any live article, drafts included (staff only)."""

    def get_queryset(self):
        return with_page_data(Article.objects.live())

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        # A draft has no publication time yet; show it as if it went out now.
        article.published_at = article.published_at or timezone.now()
        return article


def _parse_local_datetime(value: str) -> datetime | None:
    """A datetime-local input value in the newsroom's time zone."""
    try:
        naive = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_aware(naive):
        return naive
    return timezone.make_aware(naive)


# taggit's own Tag model is unused (topics are our tag model); keep it out of the desk.
admin.site.unregister(Tag)


# --- Contributors, topics, corrections -----------------------------------------------------


@admin.register(Contributor)
class ContributorAdmin(ModelAdmin):
    list_display = ["name", "slug", "user", "credit_count"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(credit_total=Count("credits__article", distinct=True))
            .order_by("name")  # Meta.ordering does not apply to aggregate queries
        )

    @admin.display(description="articles", ordering="credit_total")
    def credit_count(self, obj):
        return obj.credit_total


@admin.register(Topic)
class TopicAdmin(ModelAdmin):
    list_display = ["name", "slug", "article_count", "description"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=Count("tagged_articles", distinct=True))
            .order_by("name")  # Meta.ordering does not apply to aggregate queries
        )

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.action(description="Merge selected topics into one", permissions=["change"])
    def merge_selected(self, request, queryset):
        return merge_action(
            self,
            request,
            queryset,
            merge=lambda target, others: merge_topics(
                target=target, others=others, by=request.user
            ),
            noun="topic",
            moved="tagging(s)",
        )


@admin.register(Correction)
class CorrectionAdmin(ModelAdmin):
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
