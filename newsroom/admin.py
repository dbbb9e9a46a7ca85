"""The newsroom's admin site: the desk's front page, and the merge step shared by the apps."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.forms import AdminAuthenticationForm
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
