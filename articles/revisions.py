"""Reading an article's revisions: history, snapshots of a revision with its inlines, and the
field-by-field differences the history, compare and conflict views show."""

import difflib
from dataclasses import dataclass

from django.utils.dateparse import parse_datetime
from reversion.models import Version

from articles import dependencies
from articles.models import Article

# Article fields an editor cares to compare, with their labels.
FIELDS = [
    ("headline", "Headline"),
    ("slug", "Slug"),
    ("dek", "Standfirst"),
    ("body", "Body"),
    ("dateline", "Dateline"),
    ("provider", "Provider"),
    ("language", "Language"),
    ("type_of_work", "Type of work"),
    ("about_story", "About this story"),
    ("lead_image", "Lead photo"),
    ("status", "Status"),
    ("published_at", "Publication time"),
    ("embargoed_until", "Embargo until"),
]


def _inline_labels() -> list[tuple[str, str]]:
    return [(inline.key, inline.label) for _, inline in dependencies.inlines_in_order()]


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
        name: _display(name, article_fields.get(_attname(name))) for name, _ in FIELDS
    }
    by_model: dict[type, list[dict]] = {}
    for related in version.revision.version_set.select_related("content_type"):
        model = related.content_type.model_class()
        if model in dependencies.INLINES:
            fields = related.field_dict
            # A revision can hold other articles' inlines too (a source merge touches many).
            owner = fields.get(dependencies.INLINES[model].article_field)
            if str(owner) == str(version.object_id):
                by_model.setdefault(model, []).append(fields)
    data.update(_inline_lines(by_model))
    return data


def current_snapshot(article: Article) -> dict[str, str | list[str]]:
    """The article as it is now, in the same shape as snapshot()."""
    data: dict[str, str | list[str]] = {
        name: _display(name, getattr(article, _attname(name))) for name, _ in FIELDS
    }
    by_model = {
        model: list(getattr(article, inline.related_name).values())
        for model, inline in dependencies.inlines_in_order()
    }
    data.update(_inline_lines(by_model))
    return data


def diff(old: dict, new: dict) -> list[Change]:
    """What differs between two snapshots, field by field, inlines included."""
    changes = []
    for name, label in FIELDS + _inline_labels():
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


def _attname(name: str) -> str:
    # A revision stores a foreign key by its column (lead_image_id): the photo's number.
    return Article._meta.get_field(name).attname


def _display(name: str, value) -> str:
    if value is None:
        return ""
    if name == "status":
        return str(Article.Status(value).label) if value in Article.Status.values else str(value)
    if name in ("published_at", "embargoed_until"):
        when = parse_datetime(value) if isinstance(value, str) else value
        return when.isoformat(sep=" ", timespec="minutes") if when else ""
    return str(value)


def _inline_lines(by_model: dict[type, list[dict]]) -> dict[str, list[str]]:
    return {
        inline.key: inline.describe(by_model.get(model, []))
        for model, inline in dependencies.inlines_in_order()
    }
