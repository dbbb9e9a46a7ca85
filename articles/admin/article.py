"""The article admin, the heart of the desk: the list of live articles, the change form with
its inlines and workflow controls, saving through the workflow as one revision, deleting into
the trash, and the desk's own pages (views/) for an article."""

from contextlib import contextmanager

import reversion
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion import revisions as reversion_revisions

from articles import embargo, presence, trash, workflow
from articles.admin import actions as list_actions
from articles.admin import material_change, transitions, views
from articles.admin.filters import ContributorFilter, StatusFilter, TopicFilter
from articles.admin.forms import ArticleForm
from articles.admin.inlines import CorrectionInline, CreditInline, TopicInline, editable
from articles.desk import own_contributor
from articles.models import Article, Credit
from articles.permissions import may_lift_embargo
from images.models import Image
from newsroom.admin import AutocompleteSelect, ModelAdmin

# The side panel's lead photo and embargo: fieldsets of their own, drawn in the panel rather
# than as tabs.
PANEL_FIELDSET = "desk-panel-photo"
EMBARGO_FIELDSET = "desk-panel-embargo"

# Shown, never edited: the workflow and the import set them.
WORKFLOW_FIELDS = [
    "status_label",
    "published_at",
    "version",
    "created_at",
    "updated_at",
    "external_id",
]


@contextmanager
def own_revision():
    """A revision of the block's own, not merged into the request's (reversion's middleware
    wraps every POST): when the block fails, what it recorded goes with its rolled-back rows.

    reversion has no public way to open an outermost revision inside another, so this sets its
    stack aside; test_admin_desk's refused-publish test fails if a reversion upgrade changes it.
    """
    token = reversion_revisions._stack.set([])
    try:
        yield
    finally:
        reversion_revisions._stack.reset(token)


def newsroom_time_zone() -> str:
    """The newsroom's time zone as the schedule box shows it: "Europe/Paris (UTC+01:00)"."""
    name = timezone.get_current_timezone_name()
    offset = timezone.localtime().utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    utc = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return name if name == "UTC" else f"{name} ({utc})"


class RefusalShown:
    """The form shown again after the workflow refused the button pressed: invalid, so nothing
    is saved, with the reasons (linked to their fields in the side panel)."""

    def clean(self):
        cleaned = super().clean()
        refusal = getattr(self.request, "desk_refusal", None)
        if refusal is not None:
            raise ValidationError(str(refusal), code="refused")
        return cleaned


class LeadPhotoSelect(AutocompleteSelect):
    """The lead photo's autocomplete, with a placeholder: what to type, and the empty box's
    accessible name (select2 names its box after what it shows)."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-placeholder"] = "Type a caption, credit or alt text"
        return attrs


def photo_panel_context(request) -> dict:
    """The photo panel's addresses, for those who may use the library (and upload to it)."""
    user = request.user
    if not user.has_perm("images.view_image"):
        return {}
    context = {
        "photo_choose_url": reverse("admin:images_image_choose"),
        "photo_library_url": reverse("admin:images_image_changelist"),
    }
    if user.has_perm("images.add_image"):
        context["photo_upload_url"] = reverse("admin:images_image_upload")
        context["photo_add_url"] = reverse("admin:images_image_add")
    return context


def shown_lead_photo(form) -> Image | None:
    """The lead photo the form shows: the story's, or the one just chosen (a refused form)."""
    if form is None or "lead_image" not in form.fields:
        return None
    value = form["lead_image"].value()
    if isinstance(value, Image):
        return value
    value = str(value or "")
    return Image.objects.filter(pk=value).first() if value.isdigit() and len(value) < 19 else None


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
    readonly_fields = ["sourcing", *WORKFLOW_FIELDS]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", "expected_version"]}),
        ("Lead photo", {"fields": ["lead_image"], "classes": [PANEL_FIELDSET]}),
        ("Embargo", {"fields": ["embargoed_until"], "classes": [EMBARGO_FIELDSET]}),
        ("Filing", {"fields": ["dateline", "provider", "language"]}),
        ("Sections", {"fields": ["section", "also_in"]}),
        ("Trust", {"fields": ["type_of_work", "about_story"]}),
        ("Sourcing", {"fields": ["sourcing"]}),
        ("Workflow", {"fields": WORKFLOW_FIELDS}),
    ]
    autocomplete_fields = ["lead_image", "section", "also_in"]
    inlines = [CreditInline, TopicInline, CorrectionInline]
    actions = list_actions.ALL
    list_per_page = 50

    def get_queryset(self, request):
        bylines = Credit.objects.filter(role=Credit.Role.BYLINE).select_related("contributor")
        return (
            Article.objects.live()
            .select_related("updated_by")
            .prefetch_related(
                Prefetch("credits", queryset=bylines, to_attr="byline_credits"), "topics"
            )
        )

    def get_actions(self, request):
        return list_actions.offered(super().get_actions(request), request.user)

    # --- Columns

    @admin.display(description="headline", ordering="headline")
    def headline_or_untitled(self, obj):
        return str(obj)

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            local = timezone.localtime(obj.published_at)
            return format_html("Scheduled for {}", local.strftime("%b %-d, %Y, %H:%M"))
        if embargo.released_under_embargo(obj):
            local = timezone.localtime(obj.embargoed_until)
            return format_html("Under embargo until {}", local.strftime("%b %-d, %Y, %H:%M"))
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
        return super().has_change_permission(request, obj) and editable(request, obj)

    def get_fieldsets(self, request, obj=None):
        # A published story's edit may be material: the box that asks for a correction.
        return material_change.with_field(super().get_fieldsets(request, obj), obj)

    def get_view_on_site_url(self, obj=None):
        if obj is None or not Article.objects.published().filter(pk=obj.pk).exists():
            return None
        return super().get_view_on_site_url(obj)

    # --- The change form: every save is version-guarded and one revision with its inlines

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and request.POST.get("_transition"):
            # Save and apply the button pressed as one step; if the workflow refuses, none of
            # it happened (no revision, no version) and the form is shown again as typed.
            try:
                with transaction.atomic(), own_revision():
                    return self._desk_changeform(request, object_id, form_url, extra_context)
            except transitions.Refused as refusal:
                request.desk_refusal = refusal
        return self._desk_changeform(request, object_id, form_url, extra_context)

    def _desk_changeform(self, request, object_id, form_url, extra_context):
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
            "refusal": getattr(request, "desk_refusal", None),
            "publish_problems": workflow.publish_problems(article),
            "others_present": presence.others_present(article_id=article.pk, user=request.user),
            "preview_url": reverse("admin:articles_article_preview", args=[article.pk]),
            "presence_url": reverse("admin:articles_article_presence", args=[article.pk]),
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
            **self.embargo_context(request, article),
        }

    def embargo_context(self, request, article) -> dict:
        if not embargo.released_under_embargo(article):
            return {}
        return {
            "under_embargo": True,
            "embargo_lifts": timezone.localtime(article.embargoed_until),
            "lift_embargo_url": reverse("admin:articles_article_lift_embargo", args=[article.pk])
            if may_lift_embargo(request.user)
            else "",
        }

    def desk_context(self, request, article) -> dict:
        """What the desk's side panel needs on the add and the change form alike (sources adds
        its quote check); `article` is None on the add form."""
        return {
            "render_url": reverse("admin:articles_article_render"),
            "time_zone": newsroom_time_zone(),
            **photo_panel_context(request),
        }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead_image":
            kwargs["widget"] = LeadPhotoSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "lead_image" and formfield is not None:
            # Beside the lead photo: change it (its words, in a popup) or add one; deleting a
            # photo is the library's business, and "view" repeats "change".
            formfield.widget.can_delete_related = False
            formfield.widget.can_view_related = False
            # The autocomplete's box takes its name from this (its label is for the select).
            formfield.widget.attrs["aria-label"] = "Lead photo: find it in the library"
        return formfield

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The request goes with the form: a stale save merges the whole request, inlines and
        # all (forms.py), and a refused publish is told on the form it was pressed from.
        return type(form.__name__, (RefusalShown, form), {"request": request})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # After a stale save, the inlines are bound to the merged data the form computed.
        merged = getattr(request, "desk_merged_data", None)
        if merged is not None and "data" in kwargs:
            kwargs["data"] = merged
        new = obj is None or obj.pk is None
        if new and request.method == "GET" and isinstance(inline, CreditInline):
            # A new story's byline is the writer's own, until they change it.
            contributor = own_contributor(request.user)
            if contributor is not None:
                kwargs["initial"] = [{"contributor": contributor.pk, "role": Credit.Role.BYLINE}]
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The writing screen is the story's: the admin's app list would narrow it.
        context["is_nav_sidebar_enabled"] = False
        if obj is not None and "transitions" not in context:
            # A re-rendered form (validation error, conflict) shows the same desk controls.
            context.update(self.workflow_context(request, obj))
        elif add:
            # A new story can be written and published from its first screen.
            context["transitions"] = workflow.transitions_for_new(request.user)
            context["refusal"] = getattr(request, "desk_refusal", None)
        context.update(self.desk_context(request, obj if change else None))
        names = [transition.name for transition in context.get("transitions", [])]
        context["primary_transition"] = next((n for n in ("publish", "submit") if n in names), "")
        context["schedule_at"] = request.POST.get("_schedule_at", "")
        form = context.get("adminform") and context["adminform"].form
        context["conflict"] = getattr(form, "conflict", None)
        context["lead_photo"] = shown_lead_photo(form)
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
            transitions.apply_pressed(request, form.instance, name)

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
        trash.trash(article=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            trash.trash(article=article, by=request.user)

    # --- The desk's own pages (views/): preview, presence, history, compare, restore, trash

    def get_urls(self):
        return [*views.urls(self), *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        return views.history.index(self, request, object_id)

    def article_or_404(self, request, object_id) -> Article:
        """The live article a desk page is for, if this user may see it; else a 404."""
        article = self.get_object(request, str(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("No such article.")
        return article

    def render_page(self, request, template, *, title, **context):
        """One of the desk's own pages, in the admin's frame."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **context,
        }
        return TemplateResponse(request, template, context)
