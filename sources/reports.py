"""The sourcing report: who the newsroom quotes, how much it leans on unnamed sources over
time, and which stories name nobody. For editors, over published articles."""

import csv
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from articles.models import Article, Topic
from sources.models import Attribution, Source, SourceKind


@dataclass(frozen=True)
class SharePoint:
    period: date
    total: int
    unnamed: int

    @property
    def share(self) -> float:
        return self.unnamed / self.total if self.total else 0.0


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    topic: Topic | None
    article_count: int
    top_sources: list  # Sources annotated with quote_count and article_count
    unnamed_share: list[SharePoint]
    without_named_source: list[Article]


# The report's quick ranges, in the order offered: key (the `range` query value) and label.
RANGES = {
    "7d": "Last 7 days",
    "30d": "Last 30 days",
    "90d": "Last 90 days",
    "year": "This year",
    "all": "All time",
}
_DAYS = {"7d": 7, "30d": 30, "90d": 90}


def first_published_on() -> date | None:
    """The day (in the newsroom's time zone) the first story still published went out."""
    first = Article.objects.published().aggregate(first=Min("published_at"))["first"]
    return timezone.localdate(first) if first else None


def range_dates(key: str, today: date, first: date | None = None) -> tuple[date, date]:
    """The days a quick range covers, both inclusive and ending today: "7d" is today and the
    six days before it, "year" starts on January 1, and "all" on the day of the first
    published story (`first`; today when there is none)."""
    if key in _DAYS:
        return today - timedelta(days=_DAYS[key] - 1), today
    if key == "year":
        return today.replace(month=1, day=1), today
    if key == "all":
        return min(first or today, today), today
    raise ValueError(f"No such range: {key!r}")


def _articles(start: date, end: date, topic: Topic | None):
    articles = Article.objects.published().filter(
        published_at__date__gte=start, published_at__date__lte=end
    )
    if topic is not None:
        articles = articles.filter(tagged_topics__tag=topic)
    return articles


def sourcing_report(*, start: date, end: date, topic: Topic | None = None, top: int = 20) -> Report:
    """The report for articles published from `start` to `end` inclusive, in five queries."""
    articles = _articles(start, end, topic)
    attributions = Attribution.objects.filter(article__in=articles)
    top_sources = list(
        Source.objects.filter(attributions__in=attributions)
        .annotate(
            quote_count=Count("attributions", distinct=True),
            article_count=Count("attributions__article", distinct=True),
        )
        .select_related("affiliation")
        .order_by("-quote_count", "name")[:top]
    )
    # Weekly points for a short range, monthly for a long one.
    trunc = TruncWeek if (end - start) <= timedelta(days=120) else TruncMonth
    unnamed_share = [
        SharePoint(row["period"].date(), row["total"], row["unnamed"])
        for row in attributions.annotate(period=trunc("article__published_at"))
        .values("period")
        .annotate(total=Count("pk"), unnamed=Count("pk", filter=Q(source__kind=SourceKind.UNNAMED)))
        .order_by("period")
    ]
    named = Attribution.objects.filter(article=OuterRef("pk")).exclude(
        source__kind=SourceKind.UNNAMED
    )
    without_named_source = list(
        articles.filter(~Exists(named))
        .order_by("-published_at")
        .only("pk", "headline", "slug", "published_at")
    )
    return Report(
        start=start,
        end=end,
        topic=topic,
        article_count=articles.count(),
        top_sources=top_sources,
        unnamed_share=unnamed_share,
        without_named_source=without_named_source,
    )


def chart(points: list[SharePoint], *, width: int = 640, height: int = 200, pad: int = 32) -> dict:
    """Coordinates for a server-rendered SVG line chart of the unnamed share (0–100 %)."""
    if not points:
        return {"width": width, "height": height, "points": [], "path": ""}
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    plotted = [
        {
            "x": round(pad + index * step, 1),
            "y": round(height - pad - point.share * (height - 2 * pad), 1),
            "label": point.period.isoformat(),
            "percent": round(point.share * 100),
            "total": point.total,
        }
        for index, point in enumerate(points)
    ]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}" for i, p in enumerate(plotted))
    return {
        "width": width,
        "height": height,
        "pad": pad,
        "points": plotted,
        "path": path,
        "top": pad,
        "bottom": height - pad,
        "middle": height / 2,
        "right": width - pad,
    }


def _cell(value) -> str:
    # Spreadsheets execute cells that start like a formula; neutralise them.
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def write_csv(report: Report, out) -> None:
    """The report as CSV: one section per table, each with its header row."""
    writer = csv.writer(out)
    writer.writerow(["Sourcing report", report.start.isoformat(), report.end.isoformat()])
    writer.writerow(["Topic", _cell(report.topic.name if report.topic else "All topics")])
    writer.writerow([])
    writer.writerow(["Source", "Kind", "Title", "Affiliation", "Attributions", "Articles"])
    for source in report.top_sources:
        writer.writerow(
            [
                _cell(source.name),
                source.get_kind_display(),
                _cell(source.title),
                _cell(source.affiliation.name if source.affiliation else ""),
                source.quote_count,
                source.article_count,
            ]
        )
    writer.writerow([])
    writer.writerow(["Period", "Attributions", "Unnamed", "Unnamed share"])
    for point in report.unnamed_share:
        writer.writerow(
            [point.period.isoformat(), point.total, point.unnamed, f"{point.share:.2f}"]
        )
    writer.writerow([])
    writer.writerow(["Stories with no named source", "Published"])
    for article in report.without_named_source:
        writer.writerow([_cell(article.headline), article.published_at.isoformat()])
