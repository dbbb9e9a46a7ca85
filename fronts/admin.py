"""The desk's fronts: pin a story to the home page or a section front (lead or featured, in
order, optionally until a time), reorder the pins in the list, unpin by deleting the pin."""

from django.contrib import admin

from fronts.models import FrontSlot


@admin.register(FrontSlot)
class FrontSlotAdmin(admin.ModelAdmin):
    list_display = ["article", "front_name", "slot", "position", "pinned_until"]
    list_editable = ["slot", "position", "pinned_until"]
    list_filter = ["slot", ("section", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article", "section"]
    autocomplete_fields = ["article", "section"]
    search_fields = ["article__headline"]
    ordering = ["section__order", "section__name", "slot", "position"]

    @admin.display(description="Front", ordering="section__name")
    def front_name(self, obj):
        return obj.front_name
