"""The desk's trust tools: the newsroom's policies (one record: the list goes straight to it,
and it is never added twice or deleted) and the readers' feedback, listed with filters."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from newsroom.admin import ModelAdmin
from trust.models import SINGLETON_PK, FeedbackRequest, Policies
from trust.policies import POLICIES


@admin.register(Policies)
class PoliciesAdmin(ModelAdmin):
    fieldsets = [(None, {"fields": [policy.field for policy in POLICIES]})]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        Policies.objects.get_or_create(pk=SINGLETON_PK)
        return HttpResponseRedirect(reverse("admin:trust_policies_change", args=[SINGLETON_PK]))

    def view_on_site(self, obj):
        return reverse("trust:policies")


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(ModelAdmin):
    list_display = ["created_at", "kind", "status", "article", "email"]
    list_filter = ["status", "kind", "created_at"]
    list_select_related = ["article"]
    search_fields = ["message", "email", "article__headline"]
    date_hierarchy = "created_at"
    fields = ["article", "kind", "message", "email", "created_at", "status", "desk_note"]
    readonly_fields = ["article", "kind", "message", "email", "created_at"]
    actions = ["mark_answered", "mark_dismissed"]

    def has_add_permission(self, request):
        return False  # readers send these; the desk answers them

    @admin.action(description="Mark selected as answered", permissions=["change"])
    def mark_answered(self, request, queryset):
        queryset.update(status=FeedbackRequest.Status.ANSWERED)

    @admin.action(description="Mark selected as dismissed", permissions=["change"])
    def mark_dismissed(self, request, queryset):
        queryset.update(status=FeedbackRequest.Status.DISMISSED)
