"""The sources desk: sources with their sourcing report and merges, attributions across
articles, and the article desk's sourcing tools (an article's attributions inline, suggested
attributions to decide, quotes left unattributed)."""

import io

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import models
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles import permissions, workflow
from articles.admin.article import ArticleAdmin
from articles.admin.forms import ArticleForm
from articles.admin.inlines import ArticleInlineMixin, CorrectionInline, CreditInline, TopicInline
from articles.models import Article
from newsroom.admin import ModelAdmin, merge_action
from sources import quotecheck, reports, suggestions
from sources.extraction import blocks as body_blocks
from sources.forms import SourcingReportForm
from sources.merging import merge_sources
from sources.models import Attribution, AttributionSuggestion, Source, SuggestionStatus


@admin.register(Source)
class SourceAdmin(ModelAdmin):
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

    def get_urls(self):
        report = path(
            "report/",
            self.admin_site.admin_view(self.report_view),
            name="sources_source_report",
        )
        return [report, *super().get_urls()]

    def report_view(self, request):
        """Who we quote, how much we lean on unnamed sources, and which stories name nobody."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = SourcingReportForm(request.GET or None)
        report = None
        if form.is_valid():
            report = reports.sourcing_report(
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                topic=form.cleaned_data["topic"],
            )
            if request.GET.get("format") == "csv":
                out = io.StringIO()
                reports.write_csv(report, out)
                response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
                filename = f"sourcing-{report.start}-{report.end}.csv"
                response["Content-Disposition"] = f'attachment; filename="{filename}"'
                return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Sourcing report",
            "form": form,
            "report": report,
            "chart": reports.chart(report.unnamed_share) if report else None,
            "csv_query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/sources/source/report.html", context)

    @admin.display(description="attributions", ordering="attribution_total")
    def attribution_count(self, obj):
        return obj.attribution_total

    def has_change_permission(self, request, obj=None):
        # A source a published story cites is part of that story: an editor's to change.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.may_change_source(request.user, obj))

    def has_merge_permission(self, request):
        # Merging deletes the merged-away sources; which sources is checked by the merge.
        return request.user.has_perms(["sources.change_source", "sources.delete_source"])

    @admin.action(description="Merge selected sources into one", permissions=["merge"])
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


class AttributionForm(forms.ModelForm):
    class Meta:
        model = Attribution
        fields = ["article", "source", "kind", "text", "verb", "paragraph", "order"]

    user = None  # set per request by the admin

    def clean_article(self):
        article = self.cleaned_data["article"]
        if self.user is not None and not permissions.may_edit(self.user, article):
            raise forms.ValidationError("You may not change this article's attributions.")
        return article


@admin.register(Attribution)
class AttributionAdmin(ModelAdmin):
    """Attributions across articles. Changing one is changing its article, so the same
    workflow rule applies as on the article's own form (reporters: their drafts only)."""

    form = AttributionForm
    list_display = ["source", "kind", "verb", "article"]
    list_filter = ["kind"]
    list_select_related = ["source", "article"]
    search_fields = ["text", "source__name", "article__headline"]
    autocomplete_fields = ["article", "source"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        workflow.touch(article=obj.article, by=request.user, message=f"Attribution to {obj.source}")

    def delete_model(self, request, obj):
        article = obj.article
        super().delete_model(request, obj)
        workflow.touch(article=article, by=request.user, message="Attribution deleted")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.may_edit(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.may_edit(request.user, obj.article))


# --- The article desk's sourcing tools -----------------------------------------------------


class SuggestionForm(forms.ModelForm):
    """What an editor may correct in a suggestion before accepting it."""

    class Meta:
        model = AttributionSuggestion
        fields = ["speaker", "kind", "text", "verb", "paragraph"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class AttributionInline(ArticleInlineMixin, admin.TabularInline):
    # A row each, so a story's twenty quotes fit in a screen of the desk's tabs.
    model = Attribution
    autocomplete_fields = ["source"]
    fields = ["source", "kind", "text", "verb", "paragraph", "order"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    }


class SourcedArticleForm(ArticleForm):
    """The desk's form, with the attributions the side panel's quote check accepted: a JSON
    list the panel's script writes, applied when the form is saved (SourcedArticleAdmin)."""

    accepted_attributions = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_accepted_attributions(self):
        return quotecheck.parse_accepted(self.cleaned_data["accepted_attributions"])

    def clean(self):
        # The field is hidden, so its error is said where the form's own errors are shown.
        if self.has_error("accepted_attributions"):
            problems = " ".join(self.errors["accepted_attributions"])
            self.add_error(
                None,
                f"The accepted attributions were not applied and nothing was saved: {problems}",
            )
        return super().clean()


class SourcedArticleAdmin(ArticleAdmin):
    """The article desk with its sourcing tools: the article's attributions, the quotes no
    attribution covers (warned of before publishing), and a page to accept (with edits) or
    reject suggested attributions."""

    form = SourcedArticleForm
    inlines = [CreditInline, TopicInline, AttributionInline, CorrectionInline]

    def get_urls(self):
        desk = path(
            "<int:object_id>/suggestions/",
            self.admin_site.admin_view(self.suggestions_view),
            name="articles_article_suggestions",
        )
        check = path(
            "quote-check/",
            self.admin_site.admin_view(self.quote_check_view),
            name="articles_article_quote_check",
        )
        return [desk, check, *super().get_urls()]

    def quote_check_view(self, request):
        """The side panel's quote check (JSON): what in the body as typed no attribution of the
        article covers yet, and who each would be credited to. Writes nothing."""
        if request.method != "POST":
            return _refusal("Send the body to check with POST.", 405, Allow="POST")
        if not self.has_view_permission(request):
            return _refusal("You may not use the desk's quote check.", 403)
        try:
            form = quotecheck.CheckForm(request.POST)
        except RequestDataTooBig:
            return _refusal("The request is larger than the desk accepts.", 400)
        if not form.is_valid():
            problems = "; ".join(
                f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()
            )
            return _refusal(problems, 400)
        article = None
        if form.cleaned_data["article"] is not None:
            article = self.get_object(request, str(form.cleaned_data["article"]))
            # The article being edited: one this user may edit (reporters: their own drafts).
            if article is None or not permissions.may_edit(request.user, article):
                return _refusal("No such article to check.", 404)
        return JsonResponse(quotecheck.check(body=form.cleaned_data["body"], article=article))

    def workflow_context(self, request, article):
        context = super().workflow_context(request, article)
        publishing = any(t.target == Article.Status.PUBLISHED for t in context["transitions"])
        context["unattributed_quotes"] = suggestions.uncovered_quotes(article) if publishing else []
        context["suggestions_url"] = reverse(
            "admin:articles_article_suggestions", args=[article.pk]
        )
        return context

    def save_related(self, request, form, formsets, change):
        # The quotes accepted in the side panel first, so the inlines saved and a transition
        # pressed (publish checks every quote is attributed) see them; one save, one revision.
        accepted = form.cleaned_data.get("accepted_attributions") or []
        made = quotecheck.apply_accepted(article=form.instance, items=accepted, formsets=formsets)
        if made:
            names = ", ".join(dict.fromkeys(str(attribution.source) for attribution in made))
            said = f"accepted {len(made)} attribution(s) to {names}"
            comment = reversion.get_comment()
            reversion.set_comment(f"{comment}; {said}" if comment else said.capitalize())
        super().save_related(request, form, formsets, change)

    def desk_context(self, request, article):
        context = super().desk_context(request, article)
        context["quote_check_url"] = reverse("admin:articles_article_quote_check")
        return context

    def suggestions_view(self, request, object_id):
        """Suggested attributions beside the text: accept (with edits) or reject each one."""
        article = self.article_or_404(request, object_id)
        editable = permissions.may_edit(request.user, article)
        if request.method == "POST":
            if not editable:
                raise PermissionDenied
            self._decide(request, article)
            return HttpResponseRedirect(request.path)
        pending = list(
            article.attribution_suggestions.filter(status=SuggestionStatus.PENDING).select_related(
                "source"
            )
        )
        attributed = list(article.attributions.select_related("source"))
        paragraphs = _paragraphs_with_cards(article, pending, attributed)
        placed = {id(a) for _, _, _, had in paragraphs for a in had}
        return self.render_page(
            request,
            "admin/articles/article/suggestions.html",
            title=f"Suggested attributions: {article}",
            article=article,
            editable=editable,
            paragraphs=paragraphs,
            attributed_count=len(attributed),
            unplaced=[a for a in attributed if id(a) not in placed],
            pending_count=len(pending),
            searched=article.attribution_suggestions.exists(),
        )

    def _decide(self, request, article):
        """One press of a button on the suggestions page: look for more, reject or accept."""
        if "find" in request.POST:
            found = suggestions.store_suggestions(article=article)
            messages.success(request, f"{len(found)} new suggestion(s) to review.")
            return
        decision, suggestion = _pressed(request, article)
        if suggestion is None:
            messages.error(request, "That suggestion is gone or already decided.")
        elif decision == "reject":
            suggestions.reject_suggestion(suggestion=suggestion, by=request.user)
            messages.success(request, "Suggestion rejected.")
        else:
            _accept(request, suggestion)


def _refusal(error: str, status: int, **headers) -> JsonResponse:
    return JsonResponse({"error": error}, status=status, headers=headers)


def _paragraphs_with_cards(article, pending, attributed) -> list:
    """Each block of the body with the pending suggestions for it, each with its form, and the
    attributions the story already has in it: (index, block, cards, attributions)."""
    cards: dict[int, list] = {}
    for suggestion in pending:
        form = SuggestionForm(instance=suggestion, prefix=f"s{suggestion.pk}")
        cards.setdefault(suggestion.paragraph, []).append((suggestion, form))
    had: dict[int, list] = {}
    for attribution in attributed:
        had.setdefault(attribution.paragraph, []).append(attribution)
    blocks = body_blocks(article.body)
    return [
        (index, block, cards.get(index, []), had.get(index, []))
        for index, block in enumerate(blocks)
    ]


def _pressed(request, article):
    """The decision ("accept" or "reject") and the still pending suggestion it is for."""
    decision, _, suggestion_id = next(
        (key.partition("-") for key in request.POST if key.startswith(("accept-", "reject-"))),
        ("", "", ""),
    )
    suggestion = article.attribution_suggestions.filter(
        pk=suggestion_id if suggestion_id.isdigit() else None,
        status=SuggestionStatus.PENDING,
    ).first()
    return decision, suggestion


def _accept(request, suggestion):
    form = SuggestionForm(request.POST, instance=suggestion, prefix=f"s{suggestion.pk}")
    if not form.is_valid():
        messages.error(request, f"Not accepted: {form.errors.as_text()}")
        return
    edits = {field: form.cleaned_data[field] for field in SuggestionForm.Meta.fields}
    suggestion.refresh_from_db()  # the form wrote its values onto the instance
    try:
        attribution = suggestions.accept_suggestion(suggestion=suggestion, by=request.user, **edits)
    except workflow.WorkflowError as exc:
        messages.error(request, f"Not accepted: {exc}")
        return
    messages.success(request, f"Attributed to {attribution.source}.")


# The article desk is articles' own; sources extends it, since articles may not import sources.
admin.site.unregister(Article)
admin.site.register(Article, SourcedArticleAdmin)
