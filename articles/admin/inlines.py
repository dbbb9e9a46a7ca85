"""The inlines of the article form: credits, topics and corrections (sources adds its
attributions), each editable exactly when the article is."""

from django.contrib import admin
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet

from articles import permissions
from articles.models import Correction, Credit, TaggedArticle
from newsroom.admin import TamperedInputMixin


def editable(request, article) -> bool:
    """Whether this user may edit this article (a new one: yes) under the workflow."""
    return article is None or permissions.may_edit(request.user, article)


class DeskInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A table's cells are labelled by their column heading for the eye only: each input
        # carries its field's name for assistive tech too.
        for name, field in form.fields.items():
            if name != DELETION_FIELD_NAME and not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", str(field.label or name).capitalize())
        if DELETION_FIELD_NAME in form.fields:
            # A table row's delete box has no label of its own: name what it deletes.
            what = str(form.instance) if form.instance.pk else self.model._meta.verbose_name
            form.fields[DELETION_FIELD_NAME].widget.attrs["aria-label"] = f"Delete {what}"


class ArticleInlineMixin(TamperedInputMixin):
    extra = 0
    formset = DeskInlineFormSet

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and editable(request, obj)


class CreditInline(ArticleInlineMixin, admin.StackedInline):
    # Stacked, to fit the desk's side panel beside the story.
    model = Credit
    autocomplete_fields = ["contributor"]
    fields = ["contributor", ("role", "order"), ("place", "role_label")]
    verbose_name = "byline and credit"
    verbose_name_plural = "byline and credits"

    def get_extra(self, request, obj=None, **kwargs):
        # A new story's form holds its byline row, the writer's own (ArticleAdmin).
        return 1 if obj is None else 0


class TopicInline(ArticleInlineMixin, admin.TabularInline):
    model = TaggedArticle
    autocomplete_fields = ["tag"]
    verbose_name = "topic"
    verbose_name_plural = "topics"


class CorrectionInline(ArticleInlineMixin, admin.StackedInline):
    model = Correction
    fields = [("kind", "published_at"), "text"]
