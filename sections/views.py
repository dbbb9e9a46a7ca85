"""The sections on the reader site: the index of sections in print and each section's front
(its lead and featured pins, then its newest stories, paginated like every other list)."""

from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.pagination import UncountedPaginator
from fronts import curation
from newsroom.pagecache import depends_on, expires_at, tag_for
from sections.models import Section


class SectionIndexView(ListView):
    cache_tags = ("sections",)
    template_name = "sections/section_list.html"
    context_object_name = "sections"

    def get_queryset(self):
        return (
            Section.objects.in_print()
            .select_related("parent")
            .order_by("parent__order", "parent__name", "parent_id", "order", "name")
        )

    def get_context_data(self, **kwargs):
        """Top-level sections, each with its subsections in print (an orphan subsection, whose
        parent has no story of its own, is listed at the top level)."""
        context = super().get_context_data(**kwargs)
        shown = {section.pk for section in context["sections"]}
        tops, children = [], {}
        for section in context["sections"]:
            if section.parent_id in shown:
                children.setdefault(section.parent_id, []).append(section)
            else:
                tops.append(section)
        tops.sort(key=lambda s: (s.order, s.name))
        context["tree"] = [(section, children.get(section.pk, [])) for section in tops]
        return context


class SectionFrontView(ListView):
    cache_tags = ("sections",)  # and the section's own, and its front's pins, below
    template_name = "sections/section_front.html"
    context_object_name = "articles"
    paginate_by = 20
    paginator_class = UncountedPaginator

    def get(self, request, *args, **kwargs):
        self.section = get_object_or_404(
            Section.objects.in_print().select_related("parent"), slug=kwargs["slug"]
        )
        depends_on(request, tag_for(self.section), curation.front_tag(self.section.pk))
        self.front = curation.front(self.section)
        if self.front.expires_at is not None:
            expires_at(request, self.front.expires_at)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            curation.teasers(curation.in_section(self.section))
            .exclude(pk__in=self.front.pinned_ids)
            .order_by("-published_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        first = self.request.GET.get("page", "1") in {"", "1"}
        return super().get_context_data(
            section=self.section,
            lead=self.front.lead if first else None,
            featured=self.front.featured if first else [],
            **kwargs,
        )
