"""The trust pages: the newsroom's policies (an index and one page each; an empty policy has no
page), the corrections archive, and a story's feedback form (never page-cached: it carries its
own CSRF token, so it works however the story's page was served)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from articles.models import Article, Correction
from articles.pagination import UncountedPaginator
from articles.querysets import published_q
from articles.rendering import render_markdown
from trust import feedback
from trust.indicators import shown
from trust.policies import BY_SLUG


class PolicyIndexView(TemplateView):
    template_name = "trust/policy_index.html"
    cache_tags = ()  # shown() declares the policies

    def get_context_data(self, **kwargs):
        return super().get_context_data(policies=shown(self.request), **kwargs)


class PolicyDetailView(TemplateView):
    template_name = "trust/policy_detail.html"
    cache_tags = ()

    def get_context_data(self, **kwargs):
        policy = BY_SLUG.get(kwargs["slug"])
        policies = shown(self.request)
        text = dict(policies).get(policy) if policy else None
        if not text:
            raise Http404("No such policy.")
        return super().get_context_data(
            policy=policy, body_html=render_markdown(text), policies=policies, **kwargs
        )


def public_corrections():
    """Corrections on stories a reader may see, newest first, each with its story."""
    return (
        Correction.objects.filter(published_q("article__"))
        .select_related("article")
        .order_by("-published_at", "-pk")
    )


class CorrectionsArchiveView(ListView):
    # "corrections" goes stale with any public story's change (cache_invalidation.LIST_TAGS).
    cache_tags = ("corrections",)
    template_name = "trust/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 20
    paginator_class = UncountedPaginator

    def get_queryset(self):
        return public_corrections()


@never_cache
def feedback_form(request, slug):
    """GET: the form; POST: store it (400 with the form's errors, 429 past the rate limit)."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    sent = request.method == "GET" and request.GET.get("sent") == "1"
    status, refusal = 200, ""
    if request.method == "POST":
        form = feedback.FeedbackForm(request.POST)
        if form.is_robot():
            status, refusal = 400, "Your message could not be sent."
        elif feedback.over_limit(request):
            status = 429
            refusal = "You have sent several messages in the last hour. Please try again later."
        elif form.is_valid():
            feedback.store(request=request, article=article, data=form.cleaned_data)
            return redirect(reverse("trust:feedback", args=[article.slug]) + "?sent=1")
        else:
            status = 400
    elif request.method == "GET":
        form = feedback.FeedbackForm()
    else:
        return render(request, "trust/feedback_form.html", {"article": article}, status=405)
    return render(
        request,
        "trust/feedback_form.html",
        {"article": article, "form": form, "sent": sent, "refusal": refusal},
        status=status,
    )
