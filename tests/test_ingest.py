"""Wire-copy ingest: parsing the common layout, importing drafts once, and failing cleanly."""

import contextlib
import os
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingest import import_wire
from articles.ingest_checks import WireFormatError
from articles.models import Article, Contributor, Credit
from articles.wire import parse_wire
from tests import wire

SEED = Path(__file__).resolve().parent.parent / "newsroom" / "data"
SEED_TEXT = (SEED / "reuters-2020-02-25-ice-subpoenas.txt").read_text(encoding="utf-8")


def _source_paragraphs(text: str) -> list[str]:
    return [block.strip() for block in text.split("\n\n") if block.strip()]


# --- The seed ------------------------------------------------------------------------------


def test_seed_copy_is_the_shared_original():
    shared = Path(__file__).resolve().parents[2] / "shared" / "seed"
    original = shared / "reuters-2020-02-25-ice-subpoenas.txt"
    if not original.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    assert original.read_bytes() == (SEED / original.name).read_bytes()


def test_seed_header_dateline_and_byline():
    story = parse_wire(SEED_TEXT)

    assert story.filed_on == date(2020, 2, 25)
    assert story.dateline == "WASHINGTON"
    assert story.provider == "Reuters"
    assert story.byline == ["Ted Hesson"]
    assert story.headline == ""


def test_seed_keeps_every_paragraph_verbatim_and_in_order():
    story = parse_wire(SEED_TEXT)
    paragraphs = _source_paragraphs(SEED_TEXT)
    # Date, byline and credit line are metadata; the rest is the body, word for word.
    body_paragraphs = paragraphs[2:-1]
    body_paragraphs[0] = body_paragraphs[0].removeprefix("WASHINGTON (Reuters) – ")

    assert len(story.blocks) == len(body_paragraphs) == 26
    for block, paragraph in zip(story.blocks, body_paragraphs, strict=True):
        assert block.removeprefix("## ") == paragraph
    assert story.blocks[0].startswith("The Trump administration is turning to federal courts")
    assert story.blocks[-1].endswith("either public or previously readily available to ICE.")


def test_seed_subhead_becomes_markdown_heading():
    story = parse_wire(SEED_TEXT)

    assert story.blocks[14] == "## POLITICAL Assaults?"
    assert [block for block in story.blocks if block.startswith("#")] == [story.blocks[14]]


def test_seed_credit_line_roles_and_places():
    story = parse_wire(SEED_TEXT)
    credits = [(c.name, c.role, c.role_label, c.place) for c in story.credits]

    assert credits == [
        ("Ted Hesson", Credit.Role.BYLINE, "", ""),
        ("Ted Hesson", Credit.Role.REPORTING, "", "Washington"),
        ("Mica Rosenberg", Credit.Role.OTHER, "Enhancing", ""),
        ("Alistair Bell", Credit.Role.OTHER, "Enhancing", ""),
    ]
    assert story.warnings == [
        'unknown credit role "Enhancing" for Mica Rosenberg, Alistair Bell: kept as printed'
    ]


# --- Other stories in the same layout ------------------------------------------------------


def test_two_bylines_em_dash_region_and_headline():
    story = parse_wire(wire.TWO_BYLINES_EM_DASH)

    assert story.headline == "Port strike talks collapse as ships queue off Long Beach"
    assert story.filed_on == date(2021, 3, 3)
    assert story.dateline == "LOS ANGELES, Calif."
    assert story.byline == ["Jane Roe", "Omar Haddad"]
    # Hard-wrapped lines join into one paragraph.
    assert story.blocks[0] == (
        "Talks between dockworkers and terminal operators broke down on Tuesday, "
        "leaving dozens of container ships waiting off the coast."
    )
    assert len(story.blocks) == 3
    assert story.warnings == []


def test_credit_line_with_several_people_places_and_roles():
    story = parse_wire(wire.TWO_BYLINES_EM_DASH)
    credits = [(c.name, c.role, c.place) for c in story.credits if c.role != Credit.Role.BYLINE]

    assert credits == [
        ("Jane Roe", Credit.Role.REPORTING, "Los Angeles"),
        ("Omar Haddad", Credit.Role.REPORTING, "Long Beach"),
        ("Kim Lee", Credit.Role.ADDITIONAL_REPORTING, "Seattle"),
        ("Jane Roe", Credit.Role.WRITING, ""),
        ("Sam Gray", Credit.Role.EDITING, ""),
        ("Lee Park", Credit.Role.EDITING, ""),
        ("Ann Fox", Credit.Role.EDITING, ""),
    ]


def test_hyphen_dash_day_first_date_no_subhead_and_unknown_role_kept():
    story = parse_wire(wire.HYPHEN_NO_SUBHEAD_UNKNOWN_ROLE)

    assert story.filed_on == date(2022, 4, 12)
    assert story.dateline == "NEW DELHI"
    assert story.blocks == [
        "India's central bank left interest rates unchanged on Thursday.",
        "Governor Rao said inflation was expected to ease.",
    ]
    compiled = [c for c in story.credits if c.role == Credit.Role.OTHER]
    assert [(c.name, c.role_label) for c in compiled] == [("Arjun Mehta", "Compiled")]
    assert any('"Compiled"' in warning for warning in story.warnings)


@pytest.mark.django_db
def test_missing_byline_and_credit_line_are_reported_and_markdown_characters_escaped():
    story = parse_wire(wire.NO_BYLINE_NO_CREDIT)

    assert story.provider == "AFP"
    assert story.byline == []
    assert "no byline ('By ...') before the story" in story.warnings
    article = import_wire(text=wire.NO_BYLINE_NO_CREDIT).article
    # Characters Markdown would read as markup render exactly as printed.
    assert "<p>* Officials urged vaccination.</p>" in article.body_html
    assert "<p>1. This is not a list.</p>" in article.body_html
    assert "<p>AT&amp;amp;T and _underscores_ stay as printed.</p>" in article.body_html
    assert "<ul>" not in article.body_html
    assert "<ol>" not in article.body_html


def test_copy_without_a_dateline_keeps_every_paragraph():
    text = "June 1, 2024\n\nBy A Writer\n\nFirst paragraph with no dateline.\n\nSecond one.\n"

    story = parse_wire(text)

    assert story.blocks == ["First paragraph with no dateline.", "Second one."]
    assert story.dateline == ""
    assert any("no dateline" in warning for warning in story.warnings)


def test_credit_line_with_text_it_cannot_place_stays_in_the_body():
    text = "WASHINGTON (Reuters) – Lede.\n\n(Reuters staff; Editing by Ann Fox)\n"

    story = parse_wire(text)

    assert story.blocks[-1] == "(Reuters staff; Editing by Ann Fox)"
    assert [(c.name, c.role) for c in story.credits] == [("Ann Fox", Credit.Role.EDITING)]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the file is empty"),
        ("   \n\n  ", "the file is empty"),
        ("February 1, 2020\n\nBy Ann Fox\n", "no story paragraphs found"),
        ("WASHINGTON (Reuters) – \n", "the dateline is not followed by any text"),
        ("WASHINGTON (Reuters) – Lede.\x07\n", "control characters"),
    ],
)
def test_unparseable_copy_raises_a_clear_reason(text, reason):
    with pytest.raises(WireFormatError, match=reason):
        parse_wire(text)


# --- Importing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_a_draft_with_credits_and_contributors():
    result = import_wire(text=SEED_TEXT)
    article = result.article

    assert result.created
    assert article.status == Article.Status.DRAFT
    assert article.dateline == "WASHINGTON"
    assert article.provider == "Reuters"
    assert article.published_at == datetime(2020, 2, 25, 12, tzinfo=UTC)
    assert article.body_html.count("<p>") == 25
    assert "<h2>POLITICAL Assaults?</h2>" in article.body_html
    assert [(c.contributor.name, c.role, c.role_label, c.place) for c in article.credits.all()] == [
        ("Ted Hesson", "byline", "", ""),
        ("Ted Hesson", "reporting", "", "Washington"),
        ("Mica Rosenberg", "other", "Enhancing", ""),
        ("Alistair Bell", "other", "Enhancing", ""),
    ]
    assert Contributor.objects.count() == 3
    assert not Article.objects.published().exists()


@pytest.mark.django_db
def test_reimporting_the_same_copy_changes_nothing():
    first = import_wire(text=SEED_TEXT)
    updated_at = Article.objects.get().updated_at

    again = import_wire(text=SEED_TEXT)
    crlf = import_wire(text=SEED_TEXT.replace("\n", "\r\n"))

    assert not again.created
    assert not crlf.created
    assert again.article.pk == crlf.article.pk == first.article.pk
    assert Article.objects.count() == 1
    assert Credit.objects.count() == 4
    assert Article.objects.get().updated_at == updated_at


@pytest.mark.django_db
def test_imported_slugs_never_collide():
    first = import_wire(text=wire.HYPHEN_NO_SUBHEAD_UNKNOWN_ROLE).article
    second = import_wire(text=wire.HYPHEN_NO_SUBHEAD_UNKNOWN_ROLE + "\nOne more line.\n").article

    assert first.slug == "indias-central-bank-left-interest-rates-unchanged-on-thursday-2022-04-12"
    assert second.slug == f"{first.slug}-2"


@pytest.mark.django_db
def test_values_at_their_columns_limits_import_whole_and_the_slug_is_shortened():
    headline = "Port strike talks " + "o" * 282
    dateline = "LOS ANGELES" + " XY" * 27 + ", Calif."
    name, place, role = "J" + "a" * 199, "S" + "e" * 99, "C" + "o" * 99
    assert [len(headline), len(dateline), len(name), len(place), len(role)] == [
        300,
        100,
        200,
        100,
        100,
    ]
    text = (
        wire.TWO_BYLINES_EM_DASH.replace(
            "Port strike talks collapse as ships queue off Long Beach", headline
        )
        .replace("LOS ANGELES, Calif.", dateline)
        .replace("By Jane Roe", f"By {name}")
        .replace("in Seattle", f"in {place}")
        .replace("Writing by", f"{role} by")
    )

    article = import_wire(text=text).article

    assert (article.headline, article.dateline) == (headline, dateline)
    assert article.slug == "port-strike-talks-" + "o" * 62
    credits = [(c.contributor.name, c.place, c.role_label) for c in article.credits.all()]
    assert (name, "", "") in credits
    assert ("Kim Lee", place, "") in credits
    assert ("Jane Roe", "", role) in credits


@pytest.mark.django_db
def test_a_failure_midway_leaves_no_partial_article(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Credit.objects, "bulk_create", explode)  # after the article's row

    with pytest.raises(RuntimeError):
        import_wire(text=SEED_TEXT)

    assert Article.objects.count() == 0
    monkeypatch.undo()
    assert import_wire(text=SEED_TEXT).created
    assert Article.objects.count() == 1


# --- The command ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_wire_command_imports_many_files_with_progress(tmp_path, capsys):
    files = []
    for name, text in [("a.txt", SEED_TEXT), ("b.txt", wire.TWO_BYLINES_EM_DASH)]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))

    call_command("import_wire", *files)
    call_command("import_wire", *files)

    out = capsys.readouterr().out
    assert f"[1/2] {files[0]}: imported draft" in out
    assert f"[2/2] {files[1]}: imported draft" in out
    assert f"[1/2] {files[0]}: already imported as" in out
    assert 'warning: unknown credit role "Enhancing"' in out
    assert Article.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary data, not text"),
        ("WASHINGTON (Reuters) - Caf\u00e9.".encode("latin-1"), "not UTF-8 text"),
        (b"", "the file is empty"),
        (b"x" * 1_000_001, "larger than the 1,000,000-byte limit"),
    ],
)
def test_import_wire_command_reports_bad_files_and_writes_nothing_for_them(
    tmp_path, capsys, content, reason
):
    good = tmp_path / "good.txt"
    good.write_text(wire.TWO_BYLINES_EM_DASH, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)

    with pytest.raises(CommandError, match="1 of 2 files could not be imported"):
        call_command("import_wire", str(bad), str(good))

    err = capsys.readouterr().err
    assert f"[1/2] {bad}: error: {reason}" in err
    assert Article.objects.count() == 1
    assert Article.objects.get().headline.startswith("Port strike talks collapse")


@pytest.mark.django_db
def test_import_wire_command_reports_a_missing_file(tmp_path, capsys):
    with pytest.raises(CommandError, match="1 of 1 files could not be imported"):
        call_command("import_wire", str(tmp_path / "missing.txt"))

    assert "missing.txt: error: cannot read the file (No such file or directory)" in (
        capsys.readouterr().err
    )


def _fifo_with_a_writer(path: Path) -> Path:
    """A named pipe that, should the importer ever block opening it, is fed a story a few
    seconds later, so the test fails rather than hangs."""
    os.mkfifo(path)

    def feed():
        time.sleep(3)
        with contextlib.suppress(OSError):  # nobody opened it: as it should be
            descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            os.write(descriptor, wire.TWO_BYLINES_EM_DASH.encode())
            os.close(descriptor)

    threading.Thread(target=feed, daemon=True).start()
    return path


def _not_a_regular_file(kind: str, directory: Path) -> Path:
    link = directory / "link.txt"
    match kind:
        case "link-to-story":
            link.symlink_to(directory / "story.txt")
        case "link-to-system-file":
            link.symlink_to("/etc/passwd")
        case "dangling-link":
            link.symlink_to(directory / "missing.txt")
        case "link-to-directory":
            link.symlink_to(directory)
        case "directory":
            return directory
        case "fifo":
            return _fifo_with_a_writer(directory / "pipe")
        case "device":
            return Path("/dev/null")
    return link


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("link-to-story", "a symbolic link, not a regular file"),
        ("link-to-system-file", "a symbolic link, not a regular file"),
        ("dangling-link", "a symbolic link, not a regular file"),
        ("link-to-directory", "a symbolic link, not a regular file"),
        ("directory", "a directory, not a regular file"),
        ("fifo", "a named pipe, not a regular file"),
        ("device", "a character device, not a regular file"),
    ],
)
def test_import_wire_command_refuses_what_is_not_a_regular_file(tmp_path, capsys, kind, reason):
    (tmp_path / "story.txt").write_text(wire.TWO_BYLINES_EM_DASH, encoding="utf-8")
    path = _not_a_regular_file(kind, tmp_path)

    with pytest.raises(CommandError, match="1 of 1 files could not be imported"):
        call_command("import_wire", str(path))

    captured = capsys.readouterr()
    assert captured.err == f"{path}: error: {reason}\n"
    assert captured.out == ""
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_regular_file_in_a_linked_directory_is_still_imported(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "story.txt").write_text(wire.TWO_BYLINES_EM_DASH, encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real")

    call_command("import_wire", str(tmp_path / "linked" / "story.txt"))

    assert Article.objects.count() == 1
