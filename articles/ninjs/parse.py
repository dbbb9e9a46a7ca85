"""
ninjs in: an agency's ninjs 2.x text item (a JSON file, or the dict) checked and read into a
NinjsStory, the draft's fields and what the item names. Reading only; nothing here touches the
database (ingest.py writes the story).

An item must be valid ninjs 2.2 (schema.py) and hold only text a database stores, without
control characters. Its HTML or plain-text body becomes the Markdown body (or, failing those, a
ninjs 1.x `body_html`/`body_text`, or the text description NTB sends); a dateline opening the
first paragraph becomes metadata; descriptions in a correction's role become corrections. Its
associated pictures are read by `pictures.py`; when they are to be imported, each body
<figure> showing one becomes a placeholder (`PICTURE`) that the importer points at the stored
library image.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.utils import timezone

from articles.contributors import contributor_slug
from articles.ingest_checks import (
    WireFormatError,
    preview,
    read_wire,
    refuse_control_characters,
)
from articles.models import Correction, Credit
from articles.ninjs.pictures import NinjsPicture, read_pictures, split_figures
from articles.ninjs.schema import validator
from articles.rendering import escape_markdown, html_to_markdown, text_to_markdown
from articles.wire import DATELINE, ParsedCredit
from newsroom import jsonlimits

_BY_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_CORRECTION_ROLES = {kind.value for kind in Correction.Kind}
# In a parsed body, the paragraph standing for the item's Nth associated picture; no text the
# Markdown writer makes can look like it (it escapes brackets).
PICTURE = re.compile(r"!\[([^\]\n]*)\]\(ninjs-picture:(\d+)\)")


@dataclass(frozen=True)
class NinjsStory:
    """A ninjs item as the importer writes it."""

    fields: dict  # the article's fields, but for its slug (made when it is written)
    slug_base: str
    credits: list[ParsedCredit]  # the byline, each contributor once
    corrections: list[tuple[str, str]]  # (kind, text)
    subjects: list[tuple[str, str]]  # (name, literal) of the topics it is tagged with
    section: str  # the literal of its home section (a subject with rel "section"), or ""
    # ("people" or "organisations", name, literal): whom it names, in ninjs's own terms
    named: list[tuple[str, str, str]]
    pictures: list[NinjsPicture]  # the associated pictures, in the item's order
    warnings: list[str]


def read_ninjs(path: Path) -> dict:
    """A ninjs file as a dict, or WireFormatError for what is not a JSON object."""
    text = read_wire(path)
    try:
        # Before parsing: the parser, and the schema check after it, recurse once per level.
        jsonlimits.check_depth(text)
    except jsonlimits.JSONLimitError as exc:
        raise WireFormatError(f"JSON {exc}") from None
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WireFormatError(f"not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(item, dict):
        raise WireFormatError("not a ninjs item: the top level must be a JSON object")
    return item


def check_ninjs(item: dict) -> None:
    """Raise WireFormatError unless the item is a ninjs 2.2 text item of storable plain text."""
    try:
        jsonlimits.check_strings(item, allow_nul=False)
    except jsonlimits.JSONLimitError as exc:
        raise WireFormatError(str(exc)) from None
    # Before the schema check, whose messages quote values.
    refuse_control_characters(item)
    errors = sorted(validator().iter_errors(item), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(part) for part in errors[0].absolute_path) or "the item"
        raise WireFormatError(f"not valid ninjs 2.2 at {where}: {errors[0].message}")
    if item.get("type", "text") != "text":
        raise WireFormatError(f"a ninjs {item['type']!r} item: only text items are imported")


def parse_ninjs(item: dict, *, with_pictures: bool = False) -> NinjsStory:
    """Read a checked item (check_ninjs) into a NinjsStory, or raise WireFormatError saying why
    not. `with_pictures`: the pictures will be imported, so the figures showing them become
    their placeholders (otherwise a figure is text, its caption a paragraph)."""
    pictures, skipped = read_pictures(item)
    body, warnings = _ninjs_body(item, pictures if with_pictures else [])
    if not body:
        raise WireFormatError("the item has no body text")
    byline, repeats = _ninjs_byline(item)
    fields, times = _ninjs_fields(item, body=body)
    return NinjsStory(
        fields=fields,
        slug_base=item.get("slugline")
        or fields["headline"]
        or " ".join(fields["body"].split()[:10]),
        credits=[ParsedCredit(name, Credit.Role.BYLINE) for name in byline],
        corrections=[
            (description["role"], description["value"])
            for description in item.get("descriptions") or []
            if description.get("role") in _CORRECTION_ROLES
        ],
        subjects=_ninjs_subjects(item),
        section=next(
            (s.get("literal") or "" for s in _subject_entries(item) if s.get("rel") == "section"),
            "",
        ),
        named=[
            (group, entry["name"], entry.get("literal", ""))
            for group in ("people", "organisations")
            for entry in item.get(group) or []
            if entry.get("name")
        ],
        pictures=pictures,
        warnings=skipped + warnings + repeats + times,
    )


def _ninjs_byline(item: dict) -> tuple[list[str], list[str]]:
    """The names in `by`, each contributor once, and a warning for each named more than once
    (a credit is unique per contributor and role)."""
    names: dict[str, str] = {}
    times: dict[str, int] = {}
    for name in _BY_SPLIT.split(item.get("by", "").strip()):
        if name:
            slug = contributor_slug(name)
            names.setdefault(slug, name)
            times[slug] = times.get(slug, 0) + 1
    warnings = [
        f"the byline names {names[slug]} {count} times: credited once"
        for slug, count in times.items()
        if count > 1
    ]
    return list(names.values()), warnings


def _ninjs_body(item: dict, pictures: list[NinjsPicture]) -> tuple[str, list[str]]:
    bodies = item.get("bodies") or []
    html = next((b for b in bodies if "html" in b.get("contenttype", "")), None)
    plain = next((b for b in bodies if b.get("contenttype", "text/plain") == "text/plain"), None)
    if html is not None:
        return _html_with_pictures(html.get("value", ""), pictures), []
    if plain is not None:
        return text_to_markdown(plain.get("value", "")), []
    if "body_html" in item or "body_text" in item:  # ninjs 1.x names
        return (
            html_to_markdown(item["body_html"])
            if "body_html" in item
            else text_to_markdown(item["body_text"]),
            ["ninjs 1.x body field used"],
        )
    text = _body_description(item)
    if text is not None:
        return text_to_markdown(text["value"]), ["no body: its text description is the body"]
    return "", []


def _html_with_pictures(html: str, pictures: list[NinjsPicture]) -> str:
    """The HTML body as Markdown, each figure showing one of `pictures` its placeholder."""
    blocks = []
    for piece in split_figures(html, pictures) if pictures else [html]:
        if isinstance(piece, int):
            note = re.sub(r"[^\w .-]", "", pictures[piece].name)
            blocks.append(f"![{note}](ninjs-picture:{piece})")
        elif text := html_to_markdown(piece):
            blocks.append(text)
    return "\n\n".join(blocks)


def _body_description(item: dict) -> dict | None:
    """A body-less item's text: a plain-text description in the role "text" (as NTB sends)."""
    if item.get("bodies"):
        return None
    return next(
        (
            d
            for d in item.get("descriptions") or []
            if d.get("role") == "text" and d.get("contenttype", "text/plain") == "text/plain"
        ),
        None,
    )


def _ninjs_time(item: dict) -> tuple[datetime | None, list[str]]:
    """When the item was written, and a warning for each time it gives that cannot be taken as
    it stands."""
    warnings = []
    for name in ("contentcreated", "firstcreated", "versioncreated"):
        if not (value := item.get(name)):
            continue
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            warnings.append(f'{name} "{preview(value)}" is not a date and time: ignored')
            continue
        if timezone.is_naive(when):
            # ninjs times carry their UTC offset. One without is read on the newsroom's clock
            # and reported, rather than the story refused: the desk needs the copy, and this
            # time is only a proposal that publishing replaces, as the wire importer's
            # date-only times are. The warning tells the editor to check it when the sender
            # files from another time zone.
            zone = timezone.get_default_timezone_name()
            warnings.append(f'{name} "{preview(value)}" has no UTC offset: read as {zone} time')
            when = timezone.make_aware(when, timezone.get_default_timezone())
        return when, warnings
    return None, warnings


def _ninjs_fields(item: dict, *, body: str) -> tuple[dict, list[str]]:
    """The article's fields from the item, but for its slug (made when it is written), and
    the warnings reading them gave."""
    headlines = item.get("headlines") or []
    headline = next((h["value"] for h in headlines if h.get("role") == "main"), None)
    headline = headline or (headlines[0]["value"] if headlines else "")
    descriptions = item.get("descriptions") or []
    used_as_body = _body_description(item)
    dek = next(
        (
            d["value"]
            for d in descriptions
            if d.get("role") not in _CORRECTION_ROLES
            and d.get("contenttype", "text/plain") == "text/plain"
            and d is not used_as_body
        ),
        "",
    )
    dateline = item.get("located", "")
    provider = next((s.get("name", "") for s in item.get("infosources") or []), "")
    provider = provider or item.get("copyrightholder", "")
    # A dateline opening the first paragraph ("GROSSETO, Italy (AP) -- ") is metadata.
    first, _, rest = body.partition("\n\n")
    if match := DATELINE.match(first.replace("\\", "")):
        dateline = dateline or " ".join(match["place"].split())
        provider = provider or match["provider"].strip()
        remainder = first.replace("\\", "")[match.end() :].strip()
        body = escape_markdown(remainder) + ("\n\n" + rest if rest else "") if remainder else rest
    published_at, warnings = _ninjs_time(item)
    fields = {
        "headline": headline,
        "dek": dek,
        "body": body,
        "dateline": dateline,
        "provider": provider,
        "language": item.get("language") or "en",
        "published_at": published_at,
    }
    return fields, warnings


def _subject_entries(item: dict) -> list[dict]:
    return [s for s in item.get("subjects") or [] if isinstance(s, dict)]


def _ninjs_subjects(item: dict) -> list[tuple[str, str]]:
    """(name, literal) of each subject that names one, but the section (not a topic)."""
    subjects = [
        (s.get("name", "").strip(), s.get("literal", ""))
        for s in _subject_entries(item)
        if s.get("rel") != "section"
    ]
    return [(name, literal) for name, literal in subjects if name]
