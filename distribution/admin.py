"""The desk's distribution screens: partners (webhook, secret, what they subscribe to, whether
they get embargoed copy; paused ones say so, with a resume action) and the delivery log (each
delivery's status, attempts, last answer and next retry, each attempt with its status code and
latency; a resend action)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html

from distribution import accounts, delivery, ssrf
from distribution.models import Attempt, Delivery, Partner, new_secret


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "webhook_url", "embargoed_copy", "waiting", "contact"]
    list_filter = ["active", "embargoed_copy"]
    search_fields = ["name", "contact", "webhook_url"]
    autocomplete_fields = ["sections", "topics"]
    readonly_fields = ["state", "api_account", "failures_in_a_row", "created_at"]
    fieldsets = [
        (None, {"fields": ["name", "contact", "webhook_url", "secret", "active", "state"]}),
        ("What it receives", {"fields": ["embargoed_copy", "sections", "topics", "api_account"]}),
        ("Health", {"fields": ["failures_in_a_row", "created_at"]}),
    ]
    actions = ["resume", "new_secret", "issue_token"]
    # A webhook typed without a scheme is taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        accounts.sync(obj)

    @admin.display(description="API account")
    def api_account(self, obj):
        if obj.account_id is None:
            return "None yet: “Issue an API token” in the partner list makes one."
        what = "with embargoed copy" if obj.embargoed_copy else "published stories only"
        return f"{obj.account.username} ({what})"

    @admin.action(description="Issue an API token (replaces the old one)", permissions=["change"])
    def issue_token(self, request, queryset):
        for partner in queryset:
            key = accounts.issue_token(partner)
            self.message_user(
                request,
                f"API token for {partner.name}: {key} (shown once; give it to the partner "
                "over a safe channel: Authorization: Token <key>).",
                messages.WARNING,
            )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["webhook_url"].validators.append(_reachable)
        return form

    @admin.display(description="State")
    def state(self, obj):
        if not obj.active:
            return "Inactive"
        if obj.is_paused:
            when = timezone.localtime(obj.paused_at).strftime("%Y-%m-%d %H:%M")
            return format_html(
                '<strong class="partner-paused">Paused</strong> ({} failures in a row, {}): '
                "fix the endpoint, then resume it",
                obj.failures_in_a_row,
                when,
            )
        return "Active"

    def get_queryset(self, request):
        # The list's "Waiting" column, counted in the list's own query.
        pending = Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING))
        return super().get_queryset(request).annotate(waiting_count=pending)

    @admin.display(description="Waiting", ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.action(
        description="Resume the selected partners (send what waited)", permissions=["change"]
    )
    def resume(self, request, queryset):
        due = sum(delivery.resume(partner) for partner in queryset)
        self.message_user(request, f"Resumed; {due} waiting deliveries are due now.")

    @admin.action(description="Give the selected partners a new secret", permissions=["change"])
    def new_secret(self, request, queryset):
        for partner in queryset:
            partner.secret = new_secret()
            partner.save(update_fields=["secret"])
        self.message_user(
            request,
            "New secrets made: give each partner theirs; deliveries are signed with it now.",
            messages.WARNING,
        )


def _reachable(url: str) -> None:
    try:
        ssrf.check(url)
    except ssrf.Refused as refused:
        raise ValidationError(str(refused)) from refused


class AttemptInline(admin.TabularInline):
    model = Attempt
    fields = ["at", "status_code", "latency_ms", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "event_type",
        "story",
        "partner",
        "status",
        "attempts",
        "last_status_code",
        "next_retry",
        "delivered_at",
    ]
    list_filter = ["status", "event__type", "partner"]
    list_select_related = ["event", "event__article", "partner"]
    search_fields = ["event__article__headline", "event__uid"]
    fields = [
        "event_id_shown",
        "event_type",
        "story",
        "partner",
        "status",
        "due_at",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "note",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Event", ordering="event__type")
    def event_type(self, obj):
        return obj.event.get_type_display()

    @admin.display(description="Event id")
    def event_id_shown(self, obj):
        return str(obj.event.uid)

    @admin.display(description="Story", ordering="event__article__headline")
    def story(self, obj):
        return obj.event.article.headline

    @admin.display(description="Next retry", ordering="next_attempt_at")
    def next_retry(self, obj):
        return obj.next_attempt_at if obj.status == Delivery.Status.PENDING else "—"

    @admin.action(description="Resend the selected deliveries", permissions=["change"])
    def resend(self, request, queryset):
        for item in queryset.select_related("event", "partner"):
            delivery.resend(item)
        self.message_user(request, f"{queryset.count()} deliveries will be sent again.")
