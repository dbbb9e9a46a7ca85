"""The media library's filters: where a photo is used (each an EXISTS subquery, no query per
row) and how it was made (AI-generated first, then each IPTC type)."""

from django.contrib import admin
from django.db.models import Q

from images.admin import usage
from images.models import DigitalSourceType


class UsedInFilter(admin.SimpleListFilter):
    title = "used in"
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return [
            ("lead", "Lead photo of a story"),
            ("inline", "In a story's text"),
            ("unused", "Not used"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "lead":
            return queryset.filter(usage.as_lead())
        if value == "inline":
            return queryset.filter(usage.inline())
        if value == "unused":
            return queryset.filter(~usage.as_lead(), ~usage.inline())
        return queryset


class SourceTypeFilter(admin.SimpleListFilter):
    title = "how it was made"
    parameter_name = "made"
    SYNTHETIC = "synthetic"

    def lookups(self, request, model_admin):
        return [(self.SYNTHETIC, "AI-generated (any kind)"), *DigitalSourceType.choices]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.SYNTHETIC:
            return queryset.filter(digital_source_type__in=DigitalSourceType.synthetic())
        if value in DigitalSourceType.values:
            return queryset.filter(Q(digital_source_type=value))
        return queryset
