"""
Imports: a parsed story becomes a draft article, once. Wire copy (parsed by wire.py) and ninjs
items (checked and parsed by ninjs/parse.py) are written with their credits, and for ninjs their
corrections, topics and sources, in one transaction and one revision, or not at all.

Each import has an idempotency key, the article's `external_id` (a hash of wire copy, a ninjs
item's uri): the same copy again returns the first import, and of two imports racing with the
same copy one stands. Nothing is written before the shared checks (ingest_checks.py) have passed;
what the import could not take as it stands is reported in ImportResult.warnings.

A ninjs item's associated pictures are imported from local files (a media directory the caller
names): every one is found and decoded before anything is written, then stored in the photo
library in the article's transaction, the "featureimage" (or the first picture the body does
not show) as its lead. A picture that cannot be imported refuses the whole item.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Protocol

import reversion
from django.db import IntegrityError, transaction

from articles import workflow
from articles.contributors import contributor_for
from articles.ingest_checks import refuse_what_does_not_fit
from articles.models import Article, Correction, Topic
from articles.ninjs import pictures
from articles.ninjs.parse import PICTURE, NinjsStory, check_ninjs, parse_ninjs
from articles.wire import ParsedCredit, WireStory, parse_wire
from images import library, processing
from images.models import Image
from newsroom.slugs import unique_slug
from sections.models import Section


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the article, whether this import created it, and its warnings."""

    article: Article
    created: bool
    warnings: list[str]


class NamedHandler(Protocol):
    """What another app does with the people and organisations a ninjs item names (the sources
    app: makes them sources), registered in NINJS_NAMED from its AppConfig.ready()."""

    def checks(self, story: NinjsStory) -> list[tuple[str, str, type, str]]:
        """(what, value, model, field) for each value that must fit its column."""

    def write(self, article: Article, story: NinjsStory) -> None:
        """Write what the story names, inside the import's transaction."""


NINJS_NAMED: list[NamedHandler] = []


def content_id(text: str) -> str:
    """The external id of plain-text copy: a hash of its text, ignoring line-ending style."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return "sha256:" + hashlib.sha256(normalised.encode()).hexdigest()


def ninjs_external_id(uri: str) -> str:
    """The external id of a ninjs item: "ninjs:" and its uri, or, for a uri longer than the
    column holds, a hash of the whole uri (under a prefix no short one can have), so two uris
    never share an id however much of them they share."""
    external_id = f"ninjs:{uri}"
    if len(external_id) <= Article._meta.get_field("external_id").max_length:
        return external_id
    return "ninjs-sha256:" + hashlib.sha256(uri.encode()).hexdigest()


def unique_article_slug(base: str) -> str:
    return unique_slug(Article.objects.all(), base, fallback="article")


def import_wire(*, text: str) -> ImportResult:
    """Import wire copy as a draft article, once: the same copy again returns the first import."""
    external_id = content_id(text)
    existing = Article.objects.filter(external_id=external_id).first()
    if existing is not None:
        return ImportResult(article=existing, created=False, warnings=[])
    story = parse_wire(text)
    fields = _wire_fields(story)
    refuse_what_does_not_fit(article=fields, credits=story.credits)
    return _import_once(
        external_id=external_id,
        create=lambda: _create_draft(
            fields=fields,
            slug_base=_wire_slug_base(story),
            credits=story.credits,
            external_id=external_id,
        ),
        comment="Imported from wire copy",
        warnings=story.warnings,
    )


def import_ninjs(*, item: dict, media_dir: Path | None = None) -> ImportResult:
    """Import a ninjs 2.x text item as a draft, once per `uri`; its associated pictures too
    when `media_dir` holds their files."""
    check_ninjs(item)
    external_id = ninjs_external_id(item["uri"])
    existing = Article.objects.filter(external_id=external_id).first()
    if existing is not None:
        return ImportResult(article=existing, created=False, warnings=[])
    story = parse_ninjs(item, with_pictures=media_dir is not None)
    refuse_what_does_not_fit(
        article=story.fields,
        credits=story.credits,
        topics=[name for name, _ in story.subjects],
        extra=[check for named in NINJS_NAMED for check in named.checks(story)]
        + _picture_checks(story),
    )
    warnings = list(story.warnings)
    decoded = []
    if story.pictures and media_dir is None:
        warnings.append(
            f"{len(story.pictures)} associated picture(s) not imported: give --media-dir, the "
            "directory holding their files, to import them"
        )
    elif story.pictures:
        decoded = [pictures.load(picture, media_dir) for picture in story.pictures]
    stored: list[Image] = []
    try:
        result = _import_once(
            external_id=external_id,
            create=lambda: _create_from_ninjs(
                story, external_id=external_id, decoded=decoded, stored=stored, warnings=warnings
            ),
            comment="Imported from ninjs",
            warnings=warnings,
        )
    except BaseException:
        _forget_files(stored)
        raise
    if not result.created:
        _forget_files(stored)  # someone else's import of the same item stood
    return result


def _picture_checks(story: NinjsStory) -> list[tuple[str, str, type, str]]:
    return [
        (
            f"picture {picture.name!r}'s {Image._meta.get_field(name).verbose_name}",
            value,
            Image,
            name,
        )
        for picture in story.pictures
        for name, value in picture.fields.items()
    ]


def _forget_files(images: list[Image]) -> None:
    """The files of images stored in a transaction that was rolled back, unless the same
    photo is in the library after all (its files are named by its content)."""
    for image in images:
        if not Image.objects.filter(content_hash=image.content_hash).exists():
            image.original.delete(save=False)
            processing.delete_files([r["name"] for r in image.renditions])


def _import_once(*, external_id: str, create, comment: str, warnings: list[str]) -> ImportResult:
    """Create the article in one transaction and one revision; if someone imported the same
    copy at the same moment, theirs stands and is returned instead."""
    try:
        with transaction.atomic(), reversion.create_revision():
            article = create()
            reversion.set_comment(comment)
    except IntegrityError:
        existing = Article.objects.filter(external_id=external_id).first()
        if existing is None:
            raise
        return ImportResult(article=existing, created=False, warnings=[])
    return ImportResult(article=article, created=True, warnings=warnings)


def _wire_fields(story: WireStory) -> dict:
    """The article's fields from the story, but for its slug (made when it is written)."""
    return {
        "headline": story.headline,
        "body": story.body,
        "dateline": story.dateline,
        "provider": story.provider,
        # A date-only wire time is taken as midday UTC: the same calendar day from UTC-11 to
        # UTC+11. It is a proposal; the desk sets the real time when it publishes.
        "published_at": datetime.combine(story.filed_on, time(12), tzinfo=UTC)
        if story.filed_on
        else None,
    }


def _wire_slug_base(story: WireStory) -> str:
    lede_words = " ".join(story.blocks[0].split()[:10])
    slug_base = story.headline or lede_words
    if story.filed_on:
        slug_base = f"{slug_base} {story.filed_on.isoformat()}"
    return slug_base


def _create_draft(
    *,
    fields: dict,
    slug_base: str,
    credits: list[ParsedCredit],
    external_id: str,
    topics: list[Topic] | None = None,
) -> Article:
    """The draft with its credits (each contributor once per role) and topics, written by the
    workflow like any other article; the importer is the system, not a user."""
    rows, seen = [], set()
    for order, parsed in enumerate(credits):
        contributor = contributor_for(parsed.name)
        key = (contributor.pk, parsed.role, parsed.role_label)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "contributor": contributor,
                "role": parsed.role,
                "role_label": parsed.role_label,
                "place": parsed.place,
                "order": order,
            }
        )
    article = Article(**fields, slug=unique_article_slug(slug_base), external_id=external_id)
    return workflow.save_article(
        article=article, by=None, check_permission=False, credits=rows, topics=topics
    )


def _create_from_ninjs(
    story: NinjsStory,
    *,
    external_id: str,
    decoded: list[processing.Decoded],
    stored: list[Image],
    warnings: list[str],
) -> Article:
    images = []
    for picture, photo in zip(story.pictures, decoded, strict=False):
        image, created = library.store_decoded(photo, **picture.fields)
        if created:
            stored.append(image)
        images.append(image)
    fields = dict(story.fields)
    if images:
        fields["body"] = PICTURE.sub(
            lambda match: f"![{match[1]}](image:{images[int(match[2])].pk})", fields["body"]
        )
        fields["lead_image"] = _lead(story, images, warnings)
    # The home section it names, when the newsroom has one with that slug (the desk sets it
    # otherwise: sections are the newsroom's own, not the sender's).
    fields["section"] = (
        Section.objects.filter(slug=story.section).first() if story.section else None
    )
    article = _create_draft(
        fields=fields,
        slug_base=story.slug_base,
        credits=story.credits,
        external_id=external_id,
        topics=_topics(story.subjects),
    )
    # Part of the copy as the agency sent it, not corrections the desk logs (log_correction).
    for kind, text in story.corrections:
        Correction.objects.create(article=article, kind=kind, text=text)
    for named in NINJS_NAMED:
        named.write(article, story)
    return article


def _lead(story: NinjsStory, images: list[Image], warnings: list[str]) -> Image | None:
    """The "featureimage", or else the first picture the body does not show; a warning for
    each other picture the story leaves in the library unshown."""
    shown = {int(match[2]) for match in PICTURE.finditer(story.fields["body"])}
    names = [picture.name for picture in story.pictures]
    unshown = [n for n in range(len(images)) if n not in shown]
    lead = names.index(pictures.LEAD) if pictures.LEAD in names else next(iter(unshown), None)
    for n in unshown:
        if n != lead:
            warnings.append(
                f"picture {names[n]!r} is in the photo library but not in the story (neither "
                "its lead nor shown in its body)"
            )
    return images[lead] if lead is not None else None


def _topics(subjects: list[tuple[str, str]]) -> list[Topic]:
    topics = []
    for name, literal in subjects:
        topic = Topic.objects.filter(name__iexact=name).first()
        if topic is None:
            slug = unique_slug(Topic.objects.all(), literal or name, fallback="topic")
            topic = Topic.objects.create(name=name, slug=slug)
        topics.append(topic)
    return topics
