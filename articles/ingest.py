"""
Wire copy in, draft articles out.

Parses plain-text agency copy in the common layout:

    [Headline]
    February 25, 2020
    By Ted Hesson and Jane Roe
    WASHINGTON (Reuters) – First paragraph ...

    More paragraphs, separated by blank lines, with SHORT CAPITALISED subheads.

    (Reporting by Ted Hesson in Washington; Editing by Mica Rosenberg and Alistair Bell)

Every paragraph of the copy ends up in the body, in order; nothing it cannot classify is dropped
(an unknown credit role is kept as printed, leftover credit text stays in the body) and each such
case is reported as a warning.
"""

import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

import reversion
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Contributor, Correction, Credit, Topic
from articles.ninjs.schema import validator
from articles.rendering import escape_markdown, html_to_markdown, text_to_markdown
from newsroom import jsonlimits
from newsroom.slugs import unique_slug
from sources.models import Source

MAX_WIRE_BYTES = 1_000_000
# Far longer than any paragraph of news copy (the seed's longest is ~300 characters); a longer
# line is not wire copy, and refusing it bounds the parser's work.
MAX_LINE_CHARS = 5_000


class WireFormatError(ValueError):
    """The file, or the copy in it, is not something this importer takes; the message says why."""


@dataclass(frozen=True)
class ParsedCredit:
    name: str
    role: str
    role_label: str = ""
    place: str = ""


@dataclass
class WireStory:
    headline: str = ""
    filed_on: date | None = None
    dateline: str = ""
    provider: str = ""
    blocks: list[str] = field(default_factory=list)
    credits: list[ParsedCredit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.blocks)

    @property
    def byline(self) -> list[str]:
        return [credit.name for credit in self.credits if credit.role == Credit.Role.BYLINE]


@dataclass(frozen=True)
class ImportResult:
    article: Article
    created: bool
    warnings: list[str]


# --- Parsing --------------------------------------------------------------------------------

_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d")
_WEEKDAY = re.compile(
    r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", re.IGNORECASE
)  # "Tuesday, February 25, 2020"
_BYLINE = re.compile(r"^(?:By|BY)\s+(?P<names>\S.*)$")
_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z.'’/\- ]*[A-Z.]        # WASHINGTON, NEW YORK, ST. LOUIS
        (?:,\s*[^()\n,]{1,40})?)                   # , Calif.
        \s*\((?P<provider>[^()\n]{2,40})\)         # (Reuters)
        \s*(?:[–—]|--?)\s*                         # en dash, em dash or hyphen
    """,
    re.VERBOSE,
)
_CREDIT_LINE = re.compile(r"^\((?P<inner>.*\bby\b.*)\)$", re.DOTALL)
_ROLE = re.compile(r"\b(?P<role>[A-Z][a-z]+(?:\s+[a-z]+)*)\s+by\s+")
_PEOPLE_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_IN_PLACE = re.compile(r"^(?P<name>.+?)\s+in\s+(?P<place>\S.*)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# The words agencies use for a role, normalised to ours. Keys are lower case.
ROLE_WORDS = {
    "reporting": Credit.Role.REPORTING,
    "reported": Credit.Role.REPORTING,
    "additional reporting": Credit.Role.ADDITIONAL_REPORTING,
    "writing": Credit.Role.WRITING,
    "written": Credit.Role.WRITING,
    "editing": Credit.Role.EDITING,
    "edited": Credit.Role.EDITING,
    "photography": Credit.Role.PHOTOGRAPHY,
    "photographs": Credit.Role.PHOTOGRAPHY,
    "photos": Credit.Role.PHOTOGRAPHY,
    "graphics": Credit.Role.GRAPHICS,
}


def parse_date(line: str) -> date | None:
    """A wire date line ("February 25, 2020", "25 Feb 2020", "2020-02-25"), or None."""
    text = _WEEKDAY.sub("", line.strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, not a time)
        except ValueError:
            continue
    return None


def _people(text: str) -> list[tuple[str, str]]:
    """ "A in Washington and B" -> [(A, Washington), (B, "")]; a place covers the names before
    it that have none ("A and B in London")."""
    people: list[list[str]] = []
    for part in _PEOPLE_SPLIT.split(text.strip().rstrip(".;, ")):
        part = part.strip()
        if not part:
            continue
        match = _IN_PLACE.match(part)
        name, place = (match["name"], match["place"]) if match else (part, "")
        if place:
            for earlier in reversed(people):
                if earlier[1]:
                    break
                earlier[1] = place
        people.append([name.strip(), place.strip()])
    return [(name, place) for name, place in people]


def _roles(phrase: str) -> list[str] | None:
    """ "Reporting and writing" -> [reporting, writing]; None when any word is not ours."""
    roles = []
    for word in re.split(r"\s+and\s+", phrase.strip().lower()):
        role = ROLE_WORDS.get(word)
        if role is None:
            return None
        roles.append(role)
    return roles


def parse_credit_line(text: str) -> tuple[list[ParsedCredit], str, list[str]] | None:
    """Parse "(Reporting by X in Place; Editing by Y and Z)".

    Returns (credits, leftover text, warnings), or None when the block is not a credit line.
    """
    text = text.strip()
    # Checked first: on a block that opens with "(" but does not close, the pattern's
    # backtracking is quadratic in the block's length.
    if not (text.startswith("(") and text.endswith(")")):
        return None
    match = _CREDIT_LINE.match(text)
    if not match:
        return None
    inner = match["inner"]
    roles = list(_ROLE.finditer(inner))
    if not roles:
        return None
    credits: list[ParsedCredit] = []
    warnings: list[str] = []
    leftover = inner[: roles[0].start()].strip(" ;,.")
    for index, role_match in enumerate(roles):
        end = roles[index + 1].start() if index + 1 < len(roles) else len(inner)
        segment = inner[role_match.end() : end].strip(" ;,.")
        phrase = role_match["role"]
        people = _people(segment)
        if not people:
            warnings.append(f'credit "{phrase} by" names nobody')
            continue
        known = _roles(phrase)
        if known is None:
            names = ", ".join(name for name, _ in people)
            warnings.append(f'unknown credit role "{phrase}" for {names}: kept as printed')
            credits += [
                ParsedCredit(name, Credit.Role.OTHER, phrase, place) for name, place in people
            ]
        else:
            credits += [
                ParsedCredit(name, role, "", place) for role in known for name, place in people
            ]
    return credits, leftover, warnings


def _is_subhead(block: str) -> bool:
    # Short, one line, not a sentence, and mostly capitals ("POLITICAL ATTACKS?").
    letters = [char for char in block if char.isalpha()]
    return (
        "\n" not in block
        and len(block) <= 80
        and len(block.split()) <= 10
        and len(letters) >= 3
        and not block.endswith((".", ",", ";", ":", '"', "”", "'", "’"))
        and sum(char.isupper() for char in letters) > len(letters) / 2
    )


def _blocks(text: str) -> list[str]:
    return [
        " ".join(line.strip() for line in block.splitlines() if line.strip())
        for block in re.split(r"\n\s*\n", text)
        if block.strip()
    ]


def parse_wire(text: str) -> WireStory:
    """Parse wire copy into a WireStory, or raise WireFormatError saying why not."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.removeprefix("\ufeff")
    if _CONTROL.search(text):
        raise WireFormatError("contains control characters: not plain-text wire copy")
    if not text.strip():
        raise WireFormatError("the file is empty")
    lines = text.strip().split("\n")
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise WireFormatError(
                f"line {number} is {len(line):,} characters long, more than the "
                f"{MAX_LINE_CHARS:,} wire copy ever needs"
            )

    story = WireStory()
    bylines: list[tuple[str, str]] = []
    header: list[str] = []
    header_start = position = 0
    # The header: date, byline and an optional headline, one per line, before the dateline.
    while position < len(lines):
        line = lines[position].strip()
        if not line:
            position += 1
            continue
        if _DATELINE.match(line):
            break
        if (filed_on := parse_date(line)) is not None and story.filed_on is None:
            story.filed_on = filed_on
        elif byline := _BYLINE.match(line):
            bylines += _people(byline["names"])
        elif header or story.filed_on or bylines:
            # Past the headline, an unknown line before the dateline is not in this layout.
            break
        else:
            header.append(line)
            header_start = position
        position += 1

    blocks = _blocks("\n".join(lines[position:]))
    dateline = _DATELINE.match(blocks[0]) if blocks else None
    if dateline is None:
        # No dateline: what looked like a headline starts the first paragraph.
        if header:
            blocks = _blocks("\n".join(lines[header_start:]))
            header = []
        story.warnings.append('no dateline ("CITY (Agency) – ") opens the first paragraph')
    else:
        story.dateline = " ".join(dateline["place"].split())
        story.provider = dateline["provider"].strip()
        blocks[0] = blocks[0][dateline.end() :].strip()
        if not blocks[0]:
            raise WireFormatError("the dateline is not followed by any text")
    story.headline = header[0] if header else ""
    if story.filed_on is None:
        story.warnings.append("no date line (e.g. 'February 25, 2020') before the story")
    if not bylines:
        story.warnings.append("no byline ('By ...') before the story")
    story.credits = [ParsedCredit(name, Credit.Role.BYLINE, "", place) for name, place in bylines]

    if blocks and (parsed := parse_credit_line(blocks[-1])) is not None:
        credits, leftover, warnings = parsed
        story.credits += credits
        story.warnings += warnings
        if leftover:
            story.warnings.append(f"credit line text kept in the body: {blocks[-1]!r}")
        else:
            blocks.pop()
    if not blocks:
        raise WireFormatError("no story paragraphs found")

    story.blocks = [
        f"## {escape_markdown(block)}" if index and _is_subhead(block) else escape_markdown(block)
        for index, block in enumerate(blocks)
    ]
    return story


# --- Importing ------------------------------------------------------------------------------


def content_id(text: str) -> str:
    """The external id of plain-text copy: a hash of its text, ignoring line-ending style."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return "sha256:" + hashlib.sha256(normalised.encode()).hexdigest()


def unique_article_slug(base: str) -> str:
    return unique_slug(Article.objects.all(), base, fallback="article")


# What a path names when it is not a regular file, as the error says it.
_NOT_REGULAR = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
# No following a link the file was swapped for after the check, and no blocking on a pipe.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _require_regular_file(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a file")
        raise WireFormatError(f"{kind}, not a regular file")


def read_wire(path: Path) -> str:
    """A wire file's text, or WireFormatError for what is not a regular file (a symbolic link,
    directory, pipe or device), too big or not UTF-8 text; OSError if it cannot be read."""
    # Checked before opening, since opening a pipe or a device can block or act, and again on
    # what was opened, in case the path changed in between.
    _require_regular_file(path.lstat().st_mode)
    with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as file:
        _require_regular_file(os.fstat(file.fileno()).st_mode)
        return decode_wire(file.read(MAX_WIRE_BYTES + 1))


def decode_wire(data: bytes) -> str:
    """Bytes of wire copy to text, or WireFormatError for what is too big or not UTF-8 text."""
    if len(data) > MAX_WIRE_BYTES:
        raise WireFormatError(f"larger than the {MAX_WIRE_BYTES:,}-byte limit")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise WireFormatError("UTF-16 text, not UTF-8: save the file as UTF-8")
    if b"\x00" in data:
        raise WireFormatError("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WireFormatError(f"not UTF-8 text (byte {exc.start})") from None


def import_wire(*, text: str) -> ImportResult:
    """Import wire copy as a draft article, once: the same copy again returns the first import."""
    external_id = content_id(text)
    existing = Article.objects.filter(external_id=external_id).first()
    if existing is not None:
        return ImportResult(article=existing, created=False, warnings=[])
    story = parse_wire(text)
    fields = _wire_fields(story)
    _refuse_what_does_not_fit(article=fields, credits=story.credits)
    return _import_once(
        external_id=external_id,
        create=lambda: _create_article(story, fields=fields, external_id=external_id),
        comment="Imported from wire copy",
        warnings=story.warnings,
    )


def _preview(value: str, size: int = 40) -> str:
    """The start of a value, on one line, as an error quotes it."""
    text = " ".join(value.split())
    return text if len(text) <= size else text[:size] + "…"


def _refuse_what_does_not_fit(
    *,
    article: dict,
    credits: Sequence[ParsedCredit] = (),
    topics: Sequence[str] = (),
    sources: Sequence[tuple[str, str]] = (),
) -> None:
    """Raise WireFormatError naming the first imported text longer than its column holds.

    Checked before anything is written, by both importers: SQLite would store the whole value
    and PostgreSQL refuse it mid-import (DataError). A name, headline or dateline cut short
    would be a different one, so it is refused, not shortened; slugs, derived from the
    headline, are shortened where they are made (`unique_slug`). `article` holds Article
    fields by name; `sources` holds (kind, name) pairs.
    """
    checks = [
        (f"the {Article._meta.get_field(name).verbose_name}", value, Article, name)
        for name, value in article.items()
        if isinstance(value, str)
    ]
    for credit in credits:
        whose = "the byline" if credit.role == Credit.Role.BYLINE else "the credit"
        checks += [
            (f"{whose} name", credit.name, Contributor, "name"),
            (f"{whose} place", credit.place, Credit, "place"),
            (f"{whose} role", credit.role_label, Credit, "role_label"),
        ]
    checks += [("the subject name", name, Topic, "name") for name in topics]
    checks += [
        (f"the {Source.Kind(kind).label.lower()} name", name, Source, "name")
        for kind, name in sources
    ]
    for what, value, model, name in checks:
        limit = model._meta.get_field(name).max_length
        if limit is not None and len(value) > limit:
            raise WireFormatError(
                f'{what} "{_preview(value)}" is {len(value):,} characters; at most {limit:,} fit'
            )


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


def _create_article(story: WireStory, *, fields: dict, external_id: str) -> Article:
    lede_words = " ".join(story.blocks[0].split()[:10])
    slug_base = story.headline or lede_words
    if story.filed_on:
        slug_base = f"{slug_base} {story.filed_on.isoformat()}"
    article = Article.objects.create(
        **fields,
        slug=unique_article_slug(slug_base),
        status=Article.Status.DRAFT,
        external_id=external_id,
    )
    seen = set()
    for order, parsed in enumerate(story.credits):
        contributor = contributor_for(parsed.name)
        key = (contributor.pk, parsed.role, parsed.role_label)
        if key in seen:
            continue
        seen.add(key)
        Credit.objects.create(
            article=article,
            contributor=contributor,
            role=parsed.role,
            role_label=parsed.role_label,
            place=parsed.place,
            order=order,
        )
    return article


def contributor_slug(name: str) -> str:
    """The slug that identifies a contributor by name: the same for "Jane Roe" and "JANE ROE".
    A name with no Latin letter or digit ("李明") gets one from its hash, as topics do."""
    slug = slugify(name)[:200]
    if slug:
        return slug
    return "contributor-" + hashlib.sha256(name.casefold().encode()).hexdigest()[:10]


def contributor_for(name: str) -> Contributor:
    """The contributor of that name, created on first sight."""
    contributor, _ = Contributor.objects.get_or_create(
        slug=contributor_slug(name), defaults={"name": name}
    )
    return contributor


# --- ninjs ---------------------------------------------------------------------------------

_BY_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_CORRECTION_ROLES = {kind.value for kind in Correction.Kind}


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


def ninjs_external_id(uri: str) -> str:
    """The external id of a ninjs item: "ninjs:" and its uri, or, for a uri longer than the
    column holds, a hash of the whole uri (under a prefix no short one can have), so two uris
    never share an id however much of them they share."""
    external_id = f"ninjs:{uri}"
    if len(external_id) <= Article._meta.get_field("external_id").max_length:
        return external_id
    return "ninjs-sha256:" + hashlib.sha256(uri.encode()).hexdigest()


def import_ninjs(*, item: dict) -> ImportResult:
    """Import a ninjs 2.x text item as a draft, once per `uri`."""
    try:
        jsonlimits.check_strings(item, allow_nul=False)
    except jsonlimits.JSONLimitError as exc:
        raise WireFormatError(str(exc)) from None
    # Before the schema check, whose messages quote values.
    _refuse_control_characters(item)
    errors = sorted(validator().iter_errors(item), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(part) for part in errors[0].absolute_path) or "the item"
        raise WireFormatError(f"not valid ninjs 2.2 at {where}: {errors[0].message}")
    if item.get("type", "text") != "text":
        raise WireFormatError(f"a ninjs {item['type']!r} item: only text items are imported")
    external_id = ninjs_external_id(item["uri"])
    existing = Article.objects.filter(external_id=external_id).first()
    if existing is not None:
        return ImportResult(article=existing, created=False, warnings=[])
    body, warnings = _ninjs_body(item)
    if not body:
        raise WireFormatError("the item has no body text")
    byline, repeats = _ninjs_byline(item)
    fields, times = _ninjs_fields(item, body=body)
    _refuse_what_does_not_fit(
        article=fields,
        credits=[ParsedCredit(name, Credit.Role.BYLINE) for name in byline],
        topics=[name for name, _ in _ninjs_subjects(item)],
        sources=[(kind, entry["name"]) for entry, kind in _ninjs_sources(item)],
    )
    return _import_once(
        external_id=external_id,
        create=lambda: _create_from_ninjs(
            item, fields=fields, byline=byline, external_id=external_id
        ),
        comment="Imported from ninjs",
        warnings=warnings + repeats + times,
    )


def _refuse_control_characters(item: dict) -> None:
    """Raise WireFormatError for a control character (a terminal escape, a bell; tab and line
    breaks are text) in any key or string of the item, as parse_wire does for wire copy."""
    pending: list[tuple[tuple, object, bool]] = [((), item, False)]
    while pending:
        path, value, is_key = pending.pop()
        if isinstance(value, dict):
            for key, child in reversed(value.items()):
                pending += [((*path, key), child, False), (path, key, True)]
        elif isinstance(value, list):
            pending += [((*path, n), child, False) for n, child in reversed(list(enumerate(value)))]
        elif isinstance(value, str) and (found := _CONTROL.search(value)):
            where = "/".join(str(part) for part in path) or "the item"
            raise WireFormatError(
                f"contains control characters (\\u{ord(found[0]):04x} "
                f"{'in a key at' if is_key else 'at'} {where}): not plain text"
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


def _ninjs_body(item: dict) -> tuple[str, list[str]]:
    bodies = item.get("bodies") or []
    html = next((b for b in bodies if "html" in b.get("contenttype", "")), None)
    plain = next((b for b in bodies if b.get("contenttype", "text/plain") == "text/plain"), None)
    if html is not None:
        return html_to_markdown(html.get("value", "")), []
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
            warnings.append(f'{name} "{_preview(value)}" is not a date and time: ignored')
            continue
        if timezone.is_naive(when):
            # ninjs times carry their UTC offset. One without is read on the newsroom's clock
            # and reported, rather than the story refused: the desk needs the copy, and this
            # time is only a proposal that publishing replaces, as the wire importer's
            # date-only times are. The warning tells the editor to check it when the sender
            # files from another time zone.
            zone = timezone.get_default_timezone_name()
            warnings.append(f'{name} "{_preview(value)}" has no UTC offset: read as {zone} time')
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
    if match := _DATELINE.match(first.replace("\\", "")):
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


def _ninjs_subjects(item: dict) -> list[tuple[str, str]]:
    """(name, literal) of each subject that names one."""
    subjects = [
        (s.get("name", "").strip(), s.get("literal", "")) for s in item.get("subjects") or []
    ]
    return [(name, literal) for name, literal in subjects if name]


def _ninjs_sources(item: dict) -> list[tuple[dict, str]]:
    """Each person and organisation that has a name, with the kind of source it is."""
    return [
        (entry, kind)
        for entry, kind in [
            *((person, Source.Kind.PERSON) for person in item.get("people") or []),
            *((org, Source.Kind.ORGANIZATION) for org in item.get("organisations") or []),
        ]
        if entry.get("name")
    ]


def _create_from_ninjs(item: dict, *, fields: dict, byline: list[str], external_id: str) -> Article:
    slug_base = item.get("slugline") or fields["headline"] or " ".join(fields["body"].split()[:10])
    article = Article.objects.create(
        **fields,
        slug=unique_article_slug(slug_base),
        status=Article.Status.DRAFT,
        external_id=external_id,
    )
    for order, name in enumerate(byline):
        Credit.objects.create(
            article=article, contributor=contributor_for(name), role=Credit.Role.BYLINE, order=order
        )
    for description in item.get("descriptions") or []:
        if description.get("role") in _CORRECTION_ROLES:
            Correction.objects.create(
                article=article, kind=description["role"], text=description["value"]
            )
    article.topics.add(*_topics(_ninjs_subjects(item)))
    for entry, kind in _ninjs_sources(item):
        _source_for(entry, kind)
    return article


def _topics(subjects: list[tuple[str, str]]) -> list[Topic]:
    topics = []
    for name, literal in subjects:
        topic = Topic.objects.filter(name__iexact=name).first()
        if topic is None:
            slug = unique_slug(Topic.objects.all(), literal or name, fallback="topic")
            topic = Topic.objects.create(name=name, slug=slug)
        topics.append(topic)
    return topics


def _source_for(entry: dict, kind: str) -> Source:
    """The source a ninjs person or organisation names: by our slug, then name, else new."""
    found = (
        Source.objects.filter(slug=entry.get("literal", "")).first()
        or Source.objects.filter(name__iexact=entry["name"]).first()
    )
    if found is not None:
        return found
    return Source.objects.create(
        name=entry["name"],
        slug=unique_slug(Source.objects.all(), entry["name"], max_length=180, fallback="source"),
        kind=kind,
    )
