"""The article's change form on the desk, with optimistic concurrency: a save made from an
older version than the one stored is refused once, showing the editor what changed meanwhile.

(articles/forms.py is the public search form; this is the desk's.)
"""

from django import forms
from django.core.exceptions import ValidationError

from articles import rendering, revisions, workflow
from articles.models import Article


class ArticleForm(forms.ModelForm):
    # The version the editor started from; a save from an older one is refused.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    request = None  # the request the form was posted with, set per request by the admin

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
        current = self._locked_current()
        if expected == current.version:
            return cleaned
        stale = workflow.StaleVersion(current)
        self.conflict = {"message": str(stale), "changes": _changes_since(current, expected)}
        self._let_the_next_save_through(current)
        raise ValidationError(
            f"{stale} Their changes are listed above; your edits are still in this form. "
            "Review them, then save again to keep yours."
        )

    def _locked_current(self) -> Article:
        """The stored article, its row locked until the save commits."""
        # Locks the article's row alone (PostgreSQL refuses to lock the outer-joined user).
        return (
            Article.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .get(pk=self.instance.pk)
        )

    def _let_the_next_save_through(self, current: Article) -> None:
        # The editor has now seen the other changes: a second, deliberate save may go ahead.
        data = self.data.copy()
        data[self.add_prefix("expected_version")] = current.version
        self.data = data


def _changes_since(current: Article, version: int | None) -> list:
    """What changed between the version the editor started from and the stored article."""
    started = revisions.version_for(current, version) if version else None
    if not started:
        return []
    return revisions.diff(revisions.snapshot(started), revisions.current_snapshot(current))
