"""Hostile wire and ninjs files: each gets one readable error line, the command exits non-zero,
nothing is written, and no file keeps the importer busy."""

import contextlib
import json
import time

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Revision, Version

from articles.ingest_checks import WireFormatError
from articles.models import Article, Contributor, Correction, Credit, Topic
from articles.wire import parse_wire
from sources.models import Source
from tests import wire
from tests.scratch import manage
from tests.scratch import scratch_database as scratch_database

STORY = wire.TWO_BYLINES_EM_DASH

HOSTILE = {
    "binary.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
    "random.bin": (bytes(range(1, 256)) * 40, "not UTF-8 text (byte 127)"),
    "huge.txt": (STORY.encode() + b"More words. " * 90_000, "larger than the 1,000,000-byte"),
    "latin-1.txt": (
        wire.HYPHEN_NO_SUBHEAD_UNKNOWN_ROLE.replace("Rao", "Raó").encode("latin-1"),
        "not UTF-8 text",
    ),
    "utf-16.txt": (STORY.encode("utf-16"), "UTF-16 text, not UTF-8"),
    "utf-16-be.txt": (STORY.encode("utf-16-be"), "binary data, not text"),
    "nul.txt": (STORY.replace("Talks", "Ta\x00lks").encode(), "binary data, not text"),
    "surrogate.txt": (
        STORY.replace("Talks", "Ta\ud800lks").encode("utf-8", "surrogatepass"),
        "not UTF-8 text",
    ),
    "long-line.txt": (
        ("WASHINGTON (Reuters) – " + "word " * 2_000 + "\n").encode(),
        "line 1 is 10,022 characters long, more than the 5,000",
    ),
    # A would-be credit line that opens and never closes: quadratic for the old pattern.
    "long-credit.txt": (
        (STORY + "\n(" + "Reporting by " * 800 + "\n").encode(),
        "characters long, more than the 5,000",
    ),
    "whitespace.txt": (b" \n\t\n   \r\n\n", "the file is empty"),
    "bom-only.txt": (b"\xef\xbb\xbf", "the file is empty"),
    "terminal.txt": (STORY.replace("Talks", "\x1b[2JTalks").encode(), "control characters"),
    # Longer than the column holds: PostgreSQL refused them mid-import (DataError), SQLite kept
    # them whole. Each reason is the field named, then its length and the limit.
    "long-byline.txt": (
        STORY.replace("By Jane Roe", "By J" + "a" * 200).encode(),
        ('error: the byline name "Jaaa', "is 201 characters; at most 200 fit"),
    ),
    "long-credit-name.txt": (
        STORY.replace("Editing by Sam Gray", "Editing by S" + "a" * 200).encode(),
        ('error: the credit name "Saaa', "is 201 characters; at most 200 fit"),
    ),
    "long-credit-place.txt": (
        STORY.replace("in Seattle", "in Seattle" + " Tacoma" * 14).encode(),
        ('error: the credit place "Seattle Tacoma', "is 105 characters; at most 100 fit"),
    ),
    "long-credit-role.txt": (
        STORY.replace("Writing by", "Compiled" + " carefully" * 10 + " by").encode(),
        ('error: the credit role "Compiled carefully', "is 108 characters; at most 100 fit"),
    ),
    "long-headline.txt": (
        STORY.replace("Port strike talks", "Port strike talks" + " stall" * 50).encode(),
        ('error: the headline "Port strike talks stall', "is 356 characters; at most 300 fit"),
    ),
    "long-dateline.txt": (
        STORY.replace("LOS ANGELES,", "LOS ANGELES" + " LONG" * 20 + ",").encode(),
        ('error: the dateline "LOS ANGELES LONG', "is 119 characters; at most 100 fit"),
    ),
}


def _has(line: str, reason: str | tuple[str, ...]) -> bool:
    """Whether the error line holds the reason, or each part of it."""
    return all(part in line for part in ((reason,) if isinstance(reason, str) else reason))


def _snapshot() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Credit, Contributor, Correction, Topic, Source, Revision, Version)
    }


def _write(tmp_path) -> list[str]:
    paths = []
    for name, (content, _) in HOSTILE.items():
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))
    return paths


@pytest.mark.django_db
def test_every_hostile_file_gets_one_error_line_and_nothing_is_written(tmp_path, capsys):
    paths = _write(tmp_path)
    (tmp_path / "a-directory").mkdir()
    paths.append(str(tmp_path / "a-directory"))
    before = _snapshot()

    started = time.monotonic()
    with pytest.raises(CommandError, match=f"^{len(paths)} of {len(paths)} files could not"):
        call_command("import_wire", *paths)
    elapsed = time.monotonic() - started

    captured = capsys.readouterr()
    errors = captured.err.strip().splitlines()
    assert len(errors) == len(paths)
    for number, (line, (name, (_, reason))) in enumerate(
        zip(errors, HOSTILE.items(), strict=False), start=1
    ):
        assert line.startswith(f"[{number}/{len(paths)}] {tmp_path / name}: error: "), line
        assert _has(line, reason), line
    assert errors[-1].endswith("error: a directory, not a regular file")
    assert "Traceback" not in captured.err + captured.out
    assert captured.out == ""
    assert _snapshot() == before
    assert elapsed < 5


@pytest.mark.django_db
def test_good_files_beside_hostile_ones_are_still_imported(tmp_path, capsys):
    paths = _write(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")

    with pytest.raises(CommandError, match=f"^{len(paths)} of {len(paths) + 1} files"):
        call_command("import_wire", *paths[:3], str(good), *paths[3:])

    assert Article.objects.get().headline.startswith("Port strike talks collapse")
    assert Revision.objects.count() == 1


def test_operators_see_one_line_per_file_and_a_failing_exit_status(tmp_path, scratch_database):
    assert manage(scratch_database, "migrate", "--noinput").returncode == 0
    paths = _write(tmp_path)

    result = manage(scratch_database, "import_wire", *paths)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(paths) + 1
    assert lines[-1] == f"CommandError: {len(paths)} of {len(paths)} files could not be imported"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON (Reuters) – Lede.\n\n(" + "by " * 1_600,
        "WASHINGTON (Reuters) – Lede.\n\n" + ("(" + "by " * 1_600 + "\n") * 60,
        "WASHINGTON (Reuters) – Lede.\n\n(Reporting by " + "Aa aa " * 800 + "\n" * 1 + "by)",
        ("WASHINGTON" + " " * 4_900 + "\n") * 150,
        "(Reporting by A" + (" " * 4_900 + "\n") * 150 + ")",
    ],
    ids=["open-credit", "many-open-credits", "capitals", "spaces", "credit-spaces"],
)
def test_the_parser_takes_linear_time_on_pathological_copy(text):
    started = time.monotonic()
    with contextlib.suppress(WireFormatError):
        parse_wire(text)
    assert time.monotonic() - started < 1


# --- ninjs ---------------------------------------------------------------------------------

NINJS_ITEM = {
    "uri": "urn:newsml:example.com:20210303:port-strike",
    "headlines": [{"role": "main", "value": "Port strike talks collapse"}],
    "bodies": [{"role": "main", "contenttype": "text/plain", "value": "Talks broke down."}],
    "by": "Jane Roe",
    "subjects": [{"name": "Labour"}],
    "people": [{"name": "Omar Haddad", "rel": "source"}],
}


def _ninjs(**changes) -> bytes:
    # json.dumps escapes what is not ASCII, so "\ud800" and "\u0000" arrive as escapes.
    return json.dumps({**NINJS_ITEM, **changes}).encode()


HOSTILE_NINJS = {
    "deep.json": (
        b'{"uri": "x", "bodies": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "JSON nested 100001 levels deep; at most 32 are allowed",
    ),
    "deep-in-a-known-field.json": (
        _ninjs(subjects=json.loads("[" * 40 + "]" * 40)),
        "JSON nested 41 levels deep; at most 32 are allowed",
    ),
    "surrogate.json": (
        _ninjs(headlines=[{"role": "main", "value": "Port \ud800strike"}]),
        "a string holds an unpaired surrogate (\\ud800-\\udfff), which is not valid Unicode",
    ),
    "surrogate-in-a-key.json": (
        _ninjs(extra={"\udfff": 1}),
        "a string holds an unpaired surrogate",
    ),
    "nul.json": (
        _ninjs(bodies=[{"role": "main", "contenttype": "text/plain", "value": "Ta\x00lks."}]),
        "a string holds a NUL character (\\u0000), which text may not contain",
    ),
    "nul-in-a-name.json": (_ninjs(by="Jane\x00 Roe"), "a string holds a NUL character"),
    # As import_wire refuses them: terminal escapes and other C0 controls are not text.
    "terminal.json": (
        _ninjs(headlines=[{"role": "main", "value": "\x1b[2JPort strike"}]),
        "error: contains control characters (\\u001b at headlines/0/value): not plain text",
    ),
    "bell-in-a-name.json": (
        _ninjs(by="Jane\x07 Roe"),
        "error: contains control characters (\\u0007 at by): not plain text",
    ),
    "control-in-a-key.json": (
        _ninjs(extra={"\x7f": 1}),
        "error: contains control characters (\\u007f in a key at extra): not plain text",
    ),
    # Longer than the column holds: PostgreSQL refused them mid-import (DataError), SQLite kept
    # them whole or, for some, cut short without a word.
    "long-byline.json": (
        _ninjs(by="Jane Roe and J" + "a" * 250),
        ('error: the byline name "Jaaa', "is 251 characters; at most 200 fit"),
    ),
    "long-headline.json": (
        _ninjs(headlines=[{"role": "main", "value": "Port strike" + " talks" * 50}]),
        ('error: the headline "Port strike talks', "is 311 characters; at most 300 fit"),
    ),
    "long-dateline.json": (
        _ninjs(located="Long Beach" + ", California" * 8),
        ('error: the dateline "Long Beach, California', "is 106 characters; at most 100 fit"),
    ),
    "long-provider.json": (
        _ninjs(infosources=[{"name": "Reuters" + " News" * 20}]),
        ('error: the provider "Reuters News', "is 107 characters; at most 100 fit"),
    ),
    "long-copyright-holder.json": (
        _ninjs(copyrightholder="Copyright 2021" + " Reuters" * 12),
        ('error: the provider "Copyright 2021 Reuters', "is 110 characters; at most 100 fit"),
    ),
    "long-language.json": (
        _ninjs(language="en-GB-x-" + "a" * 10),
        ('error: the language "en-GB-x-aaaaaaaaaa"', "is 18 characters; at most 16 fit"),
    ),
    "long-subject.json": (
        _ninjs(subjects=[{"name": "Labour"}, {"name": "Labour" + " relations" * 10}]),
        ('error: the subject name "Labour relations', "is 106 characters; at most 100 fit"),
    ),
    "long-person.json": (
        _ninjs(people=[{"name": "O" + "m" * 200, "rel": "source"}]),
        ('error: the person name "Ommm', "is 201 characters; at most 200 fit"),
    ),
    "long-organisation.json": (
        _ninjs(organisations=[{"name": "Pacific Maritime Association" + " (PMA)" * 30}]),
        ('error: the organisation name "Pacific Maritime', "is 208 characters; at most 200 fit"),
    ),
}


def _write_ninjs(tmp_path) -> list[str]:
    paths = []
    for name, (content, _) in HOSTILE_NINJS.items():
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))
    return paths


@pytest.mark.django_db
def test_every_hostile_ninjs_file_gets_one_error_line_and_nothing_is_written(tmp_path, capsys):
    paths = _write_ninjs(tmp_path)
    before = _snapshot()

    with pytest.raises(CommandError, match=f"^{len(paths)} of {len(paths)} files could not"):
        call_command("import_ninjs", *paths)

    captured = capsys.readouterr()
    errors = captured.err.strip().splitlines()
    assert len(errors) == len(paths)
    for number, (line, (name, (_, reason))) in enumerate(
        zip(errors, HOSTILE_NINJS.items(), strict=True), start=1
    ):
        assert line.startswith(f"[{number}/{len(paths)}] {tmp_path / name}: error: "), line
        assert _has(line, reason), line
    assert "Traceback" not in captured.err + captured.out
    assert captured.out == ""
    assert _snapshot() == before


@pytest.mark.django_db
def test_good_ninjs_files_beside_hostile_ones_are_still_imported(tmp_path, capsys):
    paths = _write_ninjs(tmp_path)
    good = tmp_path / "good.json"
    # Its own uri: an item whose uri is already imported is skipped before it is checked.
    good.write_bytes(_ninjs(uri="urn:newsml:example.com:20210303:good"))

    with pytest.raises(CommandError, match=f"^{len(paths)} of {len(paths) + 1} files"):
        call_command("import_ninjs", *paths[:2], str(good), *paths[2:])

    assert Article.objects.get().headline == "Port strike talks collapse"
    assert Revision.objects.count() == 1
