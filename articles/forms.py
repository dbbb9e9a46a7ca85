from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from articles.search import MAX_QUERY_LENGTH, clean_query


class QuickSelect(forms.Select):
    """Django's Select, its markup built in Python: the stock widget renders a template for
    each <option>, 20 ms a page for the 500 topics of a large newsroom's search form."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


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
    topic = forms.ModelChoiceField(
        label="Topic",
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label="Any topic",
        widget=QuickSelect,
    )
    published_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
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
