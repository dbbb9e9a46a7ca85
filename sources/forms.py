from datetime import timedelta

from django import forms
from django.utils import timezone

from articles.models import Topic


class SourcingReportForm(forms.Form):
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.order_by("name"),
        required=False,
        empty_label="All topics",
        to_field_name="slug",
    )

    def __init__(self, data=None, **kwargs):
        today = timezone.localdate()
        initial = {"start": today - timedelta(days=90), "end": today}
        # An unfiltered first visit shows the last 90 days.
        super().__init__({**initial, **data.dict()} if data else initial, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError("The start date must be on or before the end date.")
        if start and end and (end - start).days > 3660:
            raise forms.ValidationError("Choose a range of at most ten years.")
        return cleaned
