"""What a front shows: its live pins (lead first, then the featured stories in order), the
newest stories after them, and the home page's blocks per section. Every story comes from the
articles' visibility rule (`published()`), so a pin on a draft, a scheduled, trashed or
embargoed story shows nothing; an expired pin shows nothing either. Each part is one query
(plus the teasers' bylines), however many pins, sections or stories there are."""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from articles.models import Article, Credit
from articles.querysets import TEASER_DEFERS
from fronts.models import FrontSlot
from sections.models import Section

FEATURED_LIMIT = 4
SECTION_BLOCK_LENGTH = 3


def front_tag(section_id: int | None) -> str:
    """The page-cache tag of one front's curation: the home page's or a section's."""
    return "front-home" if section_id is None else f"front-section-{section_id}"


def teasers(queryset=None):
    """Published stories as a front's teasers show them: the section (the kicker), the lead
    photo and the byline, not the copy. No topic pills on fronts, so no topics prefetched."""
    queryset = Article.objects.published() if queryset is None else queryset
    return (
        queryset.select_related("section", "lead_image")
        .defer(*TEASER_DEFERS)
        .prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("contributor"))
        )
    )


@dataclass
class Front:
    lead: Article | None = None
    featured: list[Article] = field(default_factory=list)
    expires_at: float | None = None  # when the first pin shown runs out (epoch seconds)

    @property
    def pinned_ids(self) -> list[int]:
        return [a.pk for a in ([self.lead] if self.lead else []) + self.featured]


def front(section: Section | None = None, *, now=None) -> Front:
    """The live pins of the home page (no section) or a section front, in one query."""
    now = now or timezone.now()
    on_front = Q(front_slots__section=section) if section else Q(front_slots__section=None)
    # A pin's slot is never empty: this keeps the join inner (a story with no pin at all has
    # no section either, on the outer join).
    on_front &= Q(front_slots__slot__in=FrontSlot.Slot.values)
    live = Q(front_slots__pinned_until__isnull=True) | Q(front_slots__pinned_until__gt=now)
    pinned = (
        teasers()
        .filter(on_front & live)
        .annotate(
            pin_slot=F("front_slots__slot"),
            pin_position=F("front_slots__position"),
            pin_until=F("front_slots__pinned_until"),
        )
        .order_by("pin_slot", "pin_position", "-published_at")
    )
    result = Front()
    for article in pinned[: FEATURED_LIMIT + 5]:
        if article.pin_slot == "lead" and result.lead is None:
            result.lead = article
        elif len(result.featured) < FEATURED_LIMIT:
            result.featured.append(article)
        else:
            continue
        if article.pin_until is not None:
            when = article.pin_until.timestamp()
            result.expires_at = min(result.expires_at or when, when)
    if result.lead is None and result.featured:
        result.lead = result.featured.pop(0)
    return result


def in_section(section: Section):
    """Published stories whose home is this section or one of its subsections, or which also
    appear in it: the section front's list and its feed."""
    return Article.objects.published().in_section(section)


def section_blocks(sections: list, *, exclude: list[int]) -> list[tuple]:
    """The home page's blocks: for each top-level section, its newest few stories (its own
    and its subsections'), left out those already on the front. One query for every block."""
    if not sections:
        return []
    pks = [section.pk for section in sections]
    home = Coalesce("section__parent_id", "section_id")
    ranked = (
        teasers()
        .filter(Q(section__in=pks) | Q(section__parent__in=pks))
        .exclude(pk__in=exclude)
        .annotate(
            block=home,
            rank=Window(RowNumber(), partition_by=[home], order_by=[F("published_at").desc()]),
        )
        .filter(rank__lte=SECTION_BLOCK_LENGTH)
        .order_by("block", "rank")
    )
    by_section: dict[int, list] = {}
    for article in ranked:
        by_section.setdefault(article.block, []).append(article)
    return [(s, by_section[s.pk]) for s in sections if by_section.get(s.pk)]
