from functools import cached_property
from urllib.parse import urlencode

from django import forms
from django.utils import timezone

from articles.models import Topic
from sources import reports

MAX_DAYS = 3660


class SourcingReportForm(forms.Form):
    """The sourcing report's range and topic. Always bound: a first visit (no query string)
    covers all time, from the first published story to today; `range` picks a quick range
    (reports.RANGES) and overrides typed dates; a start or end left out runs from the first
    story or to today."""

    # Not a field of the form on the page: its links send it, and the form's own submit sends
    # the dates it filled in, so typing new ones is never overridden by an earlier link.
    range = forms.ChoiceField(
        choices=[("", "Typed dates"), *reports.RANGES.items()], required=False
    )
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.order_by("name"),
        required=False,
        empty_label="All topics",
        to_field_name="slug",
    )

    def __init__(self, data=None, **kwargs):
        self.today = timezone.localdate()
        data = data.dict() if hasattr(data, "dict") else dict(data or {})
        if not any(data.get(name) for name in ("range", "start", "end")):
            data["range"] = "all"  # the first visit
        chosen = data.get("range", "")
        if chosen in reports.RANGES:
            first = self.first_published if chosen == "all" else None
            start, end = reports.range_dates(chosen, self.today, first)
            data.update(start=start.isoformat(), end=end.isoformat())
        else:
            # Shown in the date inputs as well as used, so what the page says is what it shows.
            if not data.get("start"):
                data["start"] = (self.first_published or self.today).isoformat()
            if not data.get("end"):
                data["end"] = self.today.isoformat()
        super().__init__(data, **kwargs)

    @cached_property
    def first_published(self):
        return reports.first_published_on()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError("The start date must be on or before the end date.")
        if start and end and not cleaned.get("range"):
            # Typed dates (a quick range is never too long). Nothing was published before the
            # first story, so a start before it makes the range no wider.
            since = max(start, self.first_published or start)
            if (end - since).days > MAX_DAYS:
                raise forms.ValidationError(
                    "Choose a range of at most ten years, or all time.", code="too_long"
                )
        return cleaned

    def quick_ranges(self) -> list[dict]:
        """The quick ranges as links: label, query string (keeping a valid topic) and whether
        it is the range shown."""
        valid = self.is_valid()
        topic = self.cleaned_data.get("topic") if valid else None
        shown = (self.cleaned_data["start"], self.cleaned_data["end"]) if valid else None
        chosen = self.cleaned_data.get("range") if valid else None
        links = []
        for key, label in reports.RANGES.items():
            query = {"range": key, **({"topic": topic.slug} if topic else {})}
            if chosen:
                current = key == chosen
            else:
                dates = reports.range_dates(key, self.today, self.first_published)
                current = shown == dates and not any(link["current"] for link in links)
            links.append(
                {"key": key, "label": label, "query": urlencode(query), "current": current}
            )
        return links
