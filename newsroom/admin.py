"""The newsroom's admin site: the desk's front page, the ModelAdmin base that keeps tampered
input a 4xx, and the merge step shared by the apps."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest, ValidationError
from django.template.response import TemplateResponse

from articles.desk import desk_queue
from newsroom import logins


class NewsroomAdminSite(admin.AdminSite):
    site_header = "Newsroom desk"
    site_title = "Newsroom desk"
    index_title = "The desk"
    index_template = "admin/desk_index.html"

    def login(self, request, extra_context=None):
        # Checked before the password is, so a throttled guess learns nothing.
        if request.method == "POST":
            reason = logins.refusal(request, request.POST.get("username", ""))
            if reason:
                response = TemplateResponse(
                    request,
                    self.login_template or "admin/login.html",
                    {
                        **self.each_context(request),
                        "title": "Log in",
                        "app_path": request.get_full_path(),
                        "username": request.POST.get("username", ""),
                        "form": AdminAuthenticationForm(request),
                        "throttled": reason,
                    },
                    status=429,
                )
                response["Retry-After"] = str(logins.WINDOW_SECONDS)
                return response
        return super().login(request, extra_context)

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "queue": desk_queue(request.user)}
        return super().index(request, extra_context)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every ModelAdmin on the desk gets the base's refusals of tampered input, Django's own
        # (users and groups) included.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ModelAdmin):
            admin_class = type(admin_class.__name__, (ModelAdmin, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)


# --- Tampered input: Django's admin answers some of it with a 500 --------------------------


def valid_keys(field, values) -> list:
    """The values that can be stored in `field` (a primary key, say); a tampered form sends
    others, which a lookup turns into a ValueError or OverflowError instead of no match."""
    valid = []
    for value in values:
        try:
            field.clean(value, None)
        except ValidationError:
            continue
        valid.append(value)
    return valid


class AutocompleteSelect(widgets.AutocompleteSelect):
    """Django's, except that a value that is no valid id renders as nothing chosen rather than
    crashing the very page that reports "Select a valid choice"."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.model._meta.get_field(self.field.remote_field.field_name)
        return super().optgroups(name, valid_keys(target, value), attr)


class TamperedInputMixin:
    """For every ModelAdmin and inline: autocomplete fields that survive a tampered id."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NewsroomChangeList(ChangeList):
    def get_filters(self, request):
        # Django turns a bad date-hierarchy value into the "?e=1" refusal only when datetime()
        # says ValueError: not a year past C's long (OverflowError), nor 9999, whose end is in
        # year 10000.
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class ModelAdmin(TamperedInputMixin, admin.ModelAdmin):
    """The base of every ModelAdmin on the desk: tampered ids and dates are a 4xx, not a 500."""

    def get_changelist(self, request, **kwargs):
        return NewsroomChangeList

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if valid_keys(self.opts.pk, selected) != selected:
            raise BadRequest("The selection holds something that is not an id.")
        return super().response_action(request, queryset)


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=None, widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = queryset


def merge_action(model_admin, request, queryset, *, merge, noun: str, moved: str):
    """An admin action's confirmation step for merging: pick the survivor, then merge.

    `merge(target, others)` does the work and returns how many things moved.
    """
    if queryset.count() < 2:
        messages.error(request, f"Select at least two {noun}s to merge.")
        return None
    form = MergeForm(request.POST if "target" in request.POST else None, queryset=queryset)
    if form.is_bound and form.is_valid():
        target = form.cleaned_data["target"]
        others = [obj for obj in queryset if obj.pk != target.pk]
        try:
            count = merge(target, others)
        except ValueError as exc:
            messages.error(request, str(exc))
            return None
        messages.success(
            request, f"Merged {len(others)} {noun}(s) into {target}; {count} {moved} moved."
        )
        return None
    return TemplateResponse(
        request,
        "admin/merge_confirmation.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": f"Merge {noun}s",
            "form": form,
            "objects": queryset,
            "noun": noun,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )
