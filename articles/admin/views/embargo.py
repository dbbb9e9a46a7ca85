"""Lifting an embargo early from the desk: a page that says what it breaks and asks why (GET),
and the lift itself (POST), for those with the permission to lift embargoes. The rules are
articles/embargo.py's."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from articles import embargo, workflow
from articles.permissions import may_lift_embargo


class LiftForm(forms.Form):
    reason = forms.CharField(
        label="Why is it lifted early?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="Recorded in the story's history, with your name.",
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


def lift(model_admin, request, object_id):
    article = model_admin.article_or_404(request, object_id)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    if not may_lift_embargo(request.user):
        raise PermissionDenied("You may not lift embargoes.")
    if not embargo.released_under_embargo(article):
        messages.info(request, f"{article} is not under an embargo.")
        return HttpResponseRedirect(change_url)
    form = LiftForm(request.POST or None, initial={"expected_version": article.version})
    if request.method == "POST" and form.is_valid():
        try:
            embargo.lift_embargo(
                article=article,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except workflow.StaleVersion:
            form.add_error(
                None,
                "Someone saved the story while this page was open: read it again, then lift "
                "the embargo.",
            )
        except workflow.WorkflowError as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(request, f"{article}: embargo lifted; readers can see it now.")
            return HttpResponseRedirect(change_url)
    return model_admin.render_page(
        request,
        "admin/articles/article/lift_embargo.html",
        title="Lift the embargo early",
        article=article,
        form=form,
        lifts=timezone.localtime(article.embargoed_until),
        change_url=change_url,
    )
