"""The article's change form on the desk, with optimistic concurrency: a save made from an
older version than the one stored is refused once, with the other editor's changes merged into
the form, inlines and all (articles/merge.py), and what both changed left for the editor to
choose ("Use their version"). Saving again from the refused form keeps both editors' work.

(articles/forms.py is the public search form; this is the desk's.)
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.text import Truncator
from reversion.errors import RevertError

from articles import embargo, merge, merge_sides, photos, rendering, revisions, workflow
from articles.admin import material_change as material
from articles.models import Article


class LocalDateTimeField(forms.DateTimeField):
    """A date and time in the newsroom's time zone, in the browser's own picker; a stored
    value given as text (a revision's, for the merge) is shown the same way."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def prepare_value(self, value):
        if isinstance(value, str) and value:
            value = parse_datetime(value) or value
        return super().prepare_value(value)


class ArticleForm(forms.ModelForm):
    # The version the editor started from; a save from an older one is refused.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    material_change = material.field()
    embargoed_until = LocalDateTimeField(
        required=False,
        label="Embargo until",
        help_text="Partners allowed embargoed copy get the story as soon as it is published; "
        "readers only from this time.",
    )

    request = None  # the request the form was posted with, set per request by the admin

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "dek",
            "body",
            "lead_image",
            "dateline",
            "provider",
            "language",
            "type_of_work",
            "about_story",
            "embargoed_until",
        ]
        widgets = {
            "dek": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 30}),
            "about_story": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self._current = None  # the stored article, locked, when the form was posted
        self._merge = None  # a stale save's merge, refused in clean()
        if self.is_bound and self.add_prefix("type_of_work") not in self.data:
            # Left out of a post (an older form, a script), the story keeps its type of work.
            self.fields["type_of_work"].disabled = True
        if self.is_bound and self.add_prefix("embargoed_until") not in self.data:
            # So does its embargo: an empty box clears it, an absent one leaves it alone.
            self.fields["embargoed_until"].disabled = True
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            if self.is_bound:
                self._reconcile()

    def clean_body(self):
        body = self.cleaned_data["body"]
        rendering.validate_own_images(body)
        photos.validate_image_references(body)
        return body

    def clean_embargoed_until(self):
        until = self.cleaned_data["embargoed_until"]
        stored = self._current or (self.instance if self.instance.pk else None)
        embargo.check_change(stored, until)
        return until

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        material.check(self, cleaned)
        if self._current is None:
            raise ValidationError("This article is no longer stored.")
        if self._merge is None:
            return cleaned
        stale = workflow.StaleVersion(self._current)
        merged, changes, started = self._merge
        self.conflict = {
            "message": str(stale),
            "changes": changes,
            "started_known": started,
            "taken": merged.taken,
            "fields": [vars(choice) for choice in merged.choices],
        }
        self._note_their_values(merged.choices)
        raise ValidationError(_refusal(stale, merged, started))

    # --- The merge, worked out as the form is made

    def _reconcile(self) -> None:
        """Lock the stored article; take their version where the editor ticked "Use their
        version"; and if the save is stale, merge the POST with their version (refused in
        clean()). The admin binds the inlines after making the form and before validating it
        (to `request.desk_merged_data`), so this cannot wait for clean()."""
        self._current = current = self._locked_current()
        if current is None:
            return
        expected = self._posted_version()
        stale = expected != current.version
        ticked = merge.chosen(self.data)
        if not stale and not ticked:
            return
        form, formsets = self._shapes()
        theirs_snapshot = revisions.current_snapshot(current)
        theirs = merge_sides.stored_side(
            theirs_snapshot, merge_sides.current_rows(current), form, formsets
        )
        started, base = (
            (None, None) if not stale else self._side_at(current, expected, form, formsets)
        )
        data = self.data
        if ticked:
            # Their version as the refused form showed it: the version it was refused at.
            data = merge.take_theirs(data, ticked, base if stale else theirs, form, formsets)
        if stale:
            merged = merge.merge_post(data, base, theirs, form, formsets, parent=str(current.pk))
            data = merged.data
            data[self.add_prefix("expected_version")] = current.version
            changes = revisions.diff(started, theirs_snapshot) if started is not None else []
            # The version moved, but nothing the form shows did (a photo or a topic the story
            # shows was edited, as when the editor adds a missing credit in the library): no
            # one's work to merge, so the save goes through on the current version.
            if started is None or merged.taken or merged.choices or changes:
                self._merge = (merged, changes, started is not None)
        self.data = data
        if self.request is not None:
            self.request.desk_merged_data = data

    def _locked_current(self) -> Article | None:
        """The stored article, its row locked until the save commits."""
        # Locks the article's row alone (PostgreSQL refuses to lock the outer-joined user).
        return (
            Article.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .filter(pk=self.instance.pk)
            .first()
        )

    def _posted_version(self) -> int | None:
        try:
            return self.fields["expected_version"].clean(
                self.data.get(self.add_prefix("expected_version"))
            )
        except ValidationError:
            return None

    def _shapes(self) -> tuple[merge.Shape, dict[str, merge.RowShape]]:
        """The inputs this form and the desk's inline formsets post."""
        form = merge.Shape(
            {name: self.fields[name] for name in ArticleForm.Meta.fields if name in self.fields},
            prefix=f"{self.prefix}-" if self.prefix else "",
        )
        formsets = {}
        if self.request is not None and admin.site.is_registered(Article):
            desk = admin.site.get_model_admin(Article)
            for formset, _inline in desk.get_formsets_with_inlines(self.request, self.instance):
                formsets[formset.get_default_prefix()] = merge_sides.row_shape(formset)
        return form, formsets

    @staticmethod
    def _side_at(current: Article, version: int | None, form, formsets):
        """The article's snapshot and side at a version, or (None, None) if no revision has it."""
        found = revisions.version_for(current, version) if version else None
        if found is None:
            return None, None
        try:
            snapshot = revisions.snapshot(found)
            side = merge_sides.stored_side(
                snapshot, merge_sides.revision_rows(found), form, formsets
            )
        except RevertError:  # a revision the models have outgrown
            return None, None
        return snapshot, side

    def _note_their_values(self, choices) -> None:
        # Beside each input both changed: their value, under the editor's own.
        for choice in choices:
            if choice.name in self.fields:
                # The bound field (made while cleaning) keeps its own copy of the help text.
                self.fields[choice.name].help_text = self[choice.name].help_text = format_html(
                    "<strong>You both changed this.</strong> Theirs: “{}” (tick “Use their "
                    "version” above to take it).",
                    Truncator(choice.theirs or "—").chars(300),
                )


def _refusal(stale: workflow.StaleVersion, merged: merge.Merged, started: bool) -> str:
    text = f"{stale} Their changes are listed above and have been merged into this form"
    if not merged.choices:
        return text + "; none clashes with yours. Review the form, then save again."
    labels = ", ".join(choice.label for choice in merged.choices)
    unknown = (
        ""
        if started
        else " (the version you started from is not in the history, so every difference is listed)"
    )
    return (
        f"{text}. You both changed {labels}{unknown}: yours is in the form and theirs beside "
        "it. Tick “Use their version” where you want theirs, then save again."
    )
