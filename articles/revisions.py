"""Reading an article's revisions: history, snapshots of a revision with its inlines, and the
field-by-field differences the history, compare and conflict views show."""

import difflib
from dataclasses import dataclass

from django.utils.dateparse import parse_datetime
from reversion.models import Version

from articles.models import Article, Contributor, Correction, Credit, TaggedArticle, Topic
from sources.models import Attribution, Source

# Article fields an editor cares to compare, with their labels.
FIELDS = [
    ("headline", "Headline"),
    ("slug", "Slug"),
    ("dek", "Standfirst"),
    ("body", "Body"),
    ("dateline", "Dateline"),
    ("provider", "Provider"),
    ("language", "Language"),
    ("status", "Status"),
    ("published_at", "Publication time"),
]
INLINES = [
    ("credits", "Credits"),
    ("attributions", "Attributions"),
    ("topics", "Topics"),
    ("corrections", "Corrections"),
]


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str
    # For long text: (marker, line) pairs, marker one of " ", "-", "+".
    lines: tuple[tuple[str, str], ...] = ()


def history(article: Article):
    """The article's revisions, newest first, with who and when."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def snapshot(version: Version) -> dict[str, str | list[str]]:
    """An article as a revision recorded it: its fields and each inline as readable lines."""
    article_fields = version.field_dict
    data: dict[str, str | list[str]] = {
        name: _display(name, article_fields.get(name)) for name, _ in FIELDS
    }
    by_model: dict[type, list[dict]] = {}
    for related in version.revision.version_set.select_related("content_type"):
        model = related.content_type.model_class()
        if model in (Credit, Attribution, TaggedArticle, Correction):
            fields = related.field_dict
            # A revision can hold other articles' inlines too (a source merge touches many).
            owner = fields.get("article_id", fields.get("content_object_id"))
            if str(owner) == str(version.object_id):
                by_model.setdefault(model, []).append(fields)
    data.update(_inline_lines(by_model))
    return data


def current_snapshot(article: Article) -> dict[str, str | list[str]]:
    """The article as it is now, in the same shape as snapshot()."""
    data: dict[str, str | list[str]] = {
        name: _display(name, getattr(article, name)) for name, _ in FIELDS
    }
    by_model = {
        Credit: list(article.credits.values()),
        Attribution: list(article.attributions.values()),
        TaggedArticle: list(article.tagged_topics.values()),
        Correction: list(article.corrections.values()),
    }
    data.update(_inline_lines(by_model))
    return data


def diff(old: dict, new: dict) -> list[Change]:
    """What differs between two snapshots, field by field, inlines included."""
    changes = []
    for name, label in FIELDS + INLINES:
        before, after = old.get(name, ""), new.get(name, "")
        if before == after:
            continue
        if isinstance(before, list) or isinstance(after, list):
            before_lines = before if isinstance(before, list) else []
            after_lines = after if isinstance(after, list) else []
            lines = _line_diff(before_lines, after_lines)
            changes.append(Change(label, "\n".join(before_lines), "\n".join(after_lines), lines))
        elif name == "body":
            lines = _line_diff(before.split("\n\n"), after.split("\n\n"))
            changes.append(Change(label, before, after, lines))
        else:
            changes.append(Change(label, before, after))
    return changes


def version_for(article: Article, article_version: int) -> Version | None:
    """The revision that recorded the article at a given version number, if any."""
    for version in history(article):
        if version.field_dict.get("version") == article_version:
            return version
    return None


def _line_diff(before: list[str], after: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (line[0], line[2:]) for line in difflib.ndiff(before, after) if line[:1] in {" ", "-", "+"}
    )


def _display(name: str, value) -> str:
    if value is None:
        return ""
    if name == "status":
        return str(Article.Status(value).label) if value in Article.Status.values else str(value)
    if name == "published_at":
        when = parse_datetime(value) if isinstance(value, str) else value
        return when.isoformat(sep=" ", timespec="minutes") if when else ""
    return str(value)


def _inline_lines(by_model: dict[type, list[dict]]) -> dict[str, list[str]]:
    contributor_ids = {row["contributor_id"] for row in by_model.get(Credit, [])}
    source_ids = {row["source_id"] for row in by_model.get(Attribution, [])}
    topic_ids = {row["tag_id"] for row in by_model.get(TaggedArticle, [])}
    contributors = dict(
        Contributor.objects.filter(pk__in=contributor_ids).values_list("pk", "name")
    )
    sources = dict(Source.objects.filter(pk__in=source_ids).values_list("pk", "name"))
    topics = dict(Topic.objects.filter(pk__in=topic_ids).values_list("pk", "name"))
    roles = dict(Credit.Role.choices)
    kinds = dict(Attribution.Kind.choices)
    correction_kinds = dict(Correction.Kind.choices)

    def ordered(rows):
        return sorted(rows, key=lambda row: (row.get("order", 0), row.get("id") or 0))

    return {
        "credits": [
            f"{contributors.get(row['contributor_id'], '(deleted contributor)')}: "
            f"{row.get('role_label') or roles.get(row['role'], row['role'])}"
            + (f" in {row['place']}" if row.get("place") else "")
            for row in ordered(by_model.get(Credit, []))
        ],
        "attributions": [
            f"{sources.get(row['source_id'], '(deleted source)')} — "
            f"{kinds.get(row['kind'], row['kind'])}, “{row['text']}” ({row.get('verb') or '—'}"
            + (f", paragraph {row['paragraph']}" if row.get("paragraph") is not None else "")
            + ")"
            for row in ordered(by_model.get(Attribution, []))
        ],
        "topics": sorted(
            topics.get(row["tag_id"], "(deleted topic)") for row in by_model.get(TaggedArticle, [])
        ),
        "corrections": [
            f"{correction_kinds.get(row['kind'], row['kind'])}: {row['text']}"
            for row in sorted(
                by_model.get(Correction, []), key=lambda row: str(row.get("published_at"))
            )
        ],
    }
