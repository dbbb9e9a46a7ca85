"""ninjs in: agency items become drafts, validated, once per uri; our own export round-trips."""

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from articles.ingest import import_ninjs
from articles.ingest_checks import WireFormatError
from articles.models import Article
from articles.ninjs.export import to_ninjs
from newsroom.seed import seed_story
from sources.models import Source

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent / "data" / "ninjs"


def _sample(name):
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def test_the_shared_samples_import_as_drafts():
    for name in ("dpa_text.json", "ntb_text.json", "ninjsExSimpleText_2.json"):
        result = import_ninjs(item=_sample(name))
        assert result.created, name
        assert result.article.status == "draft"
        assert result.article.body_html.startswith("<p>"), name

    assert Article.objects.count() == 3
    assert not Article.objects.published().exists()


def test_ap_item_with_dateline_byline_and_html_body():
    article = import_ninjs(item=_sample("ninjsExSimpleText_2.json")).article

    assert article.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert article.dateline == "GROSSETO, Italy"
    assert article.provider == "AP"
    assert [c.contributor.name for c in article.byline] == ["Paulo Santalucia", "Frances d'Emilio"]
    assert article.body.startswith("The trial of the captain")
    assert article.body_html.count("<p>") == 4


def test_ntb_item_subjects_become_topics_and_its_text_description_the_body():
    result = import_ninjs(item=_sample("ntb_text.json"))
    article = result.article

    assert set(article.topics.names()) == {"Innenriks", "Teknologi", "Industri", "Olje og energi"}
    assert article.body.startswith("IT-giganten Google har kjøpt")
    assert article.dek == ""
    assert result.warnings == ["no body: its text description is the body"]
    assert article.language == "nb-NO"
    assert article.slug == "skien-google"


def test_importing_the_same_uri_again_changes_nothing():
    first = import_ninjs(item=_sample("dpa_text.json"))
    again = import_ninjs(item=_sample("dpa_text.json"))

    assert not again.created
    assert again.article.pk == first.article.pk
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"type": "text"}, "not valid ninjs 2.2 at the item: 'uri' is a required property"),
        ({"uri": "x", "type": "picture"}, "only text items are imported"),
        ({"uri": "x", "version": 3}, "not valid ninjs 2.2 at version"),
        ({"uri": "x", "headlines": [{"value": "Only a headline"}]}, "the item has no body text"),
    ],
)
def test_invalid_items_are_refused_with_the_reason(item, reason):
    with pytest.raises(WireFormatError, match=reason):
        import_ninjs(item=item)
    assert not Article.objects.exists()


def test_export_then_import_gives_the_same_article():
    original, _ = seed_story()
    original.corrections.create(kind="clarification", text="The paragraph on Denver was clarified.")
    loaded = Article.objects.for_page().get(pk=original.pk)
    item = to_ninjs(loaded, request=RequestFactory().get("/"))

    copy = import_ninjs(item=item).article

    assert copy.pk != original.pk
    for field in ("headline", "dek", "body_html", "dateline", "provider", "language"):
        assert getattr(copy, field) == getattr(original, field), field
    assert [c.contributor.name for c in copy.byline] == ["Ted Hesson"]
    assert set(copy.topics.names()) == set(original.topics.names())
    assert [(c.kind, c.text) for c in copy.corrections.all()] == [
        ("clarification", "The paragraph on Denver was clarified.")
    ]
    # The people and organisations it names are the same sources, not new copies.
    assert Source.objects.count() == 16


def test_import_ninjs_command_reports_each_file(tmp_path, capsys):
    good = tmp_path / "dpa.json"
    shutil.copy(SAMPLES / "dpa_text.json", good)
    broken = tmp_path / "broken.json"
    broken.write_text('{"uri": "x", ', encoding="utf-8")

    with pytest.raises(CommandError, match="1 of 2 files could not be imported"):
        call_command("import_ninjs", str(good), str(broken))

    captured = capsys.readouterr()
    assert f"[1/2] {good}: imported draft" in captured.out
    assert f"[2/2] {broken}: error: not valid JSON (line 1, column 14)" in captured.err


def _item(**changes) -> dict:
    return {
        "uri": "urn:newsml:example.com:20210303:port-strike",
        "headlines": [{"role": "main", "value": "Port strike talks collapse"}],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": "Talks broke down."}],
        **changes,
    }


def test_uris_alike_in_their_first_249_characters_are_different_items(tmp_path, capsys):
    shared = "urn:newsml:example.com:" + "x" * 240
    paths = []
    for number in (1, 2, 1):
        path = tmp_path / f"{len(paths)}.json"
        path.write_text(json.dumps(_item(uri=f"{shared}-{number}")), encoding="utf-8")
        paths.append(str(path))

    call_command("import_ninjs", *paths)

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"[1/3] {paths[0]}: imported draft 'port-strike-talks-collapse'")
    assert out[1].startswith(f"[2/3] {paths[1]}: imported draft 'port-strike-talks-collapse-2'")
    assert out[2] == (
        f"[3/3] {paths[2]}: already imported as 'port-strike-talks-collapse' (same uri), skipped"
    )
    assert Article.objects.count() == 2
    assert len({article.external_id for article in Article.objects.all()}) == 2


def test_a_uri_too_long_for_the_column_still_imports_once():
    item = _item(uri="https://example.com/" + "a" * 5_000)

    first = import_ninjs(item=item)
    again = import_ninjs(item=item)

    assert first.created
    assert not again.created
    assert again.article.pk == first.article.pk


def test_a_name_repeated_in_the_byline_is_credited_once_and_reported(tmp_path, capsys):
    path = tmp_path / "repeated.json"
    item = _item(by="Jane Roe, JANE ROE and Omar Haddad & Jane Roe")
    path.write_text(json.dumps(item), encoding="utf-8")

    call_command("import_ninjs", str(path))

    article = Article.objects.get()
    assert [credit.contributor.name for credit in article.byline] == ["Jane Roe", "Omar Haddad"]
    assert capsys.readouterr().out.splitlines()[1:] == [
        f"{path}: warning: the byline names Jane Roe 3 times: credited once"
    ]


def test_names_with_no_latin_letters_are_different_contributors():
    article = import_ninjs(item=_item(by="李明 and 王芳")).article

    assert [credit.contributor.name for credit in article.byline] == ["李明", "王芳"]
    assert len({credit.contributor.slug for credit in article.byline}) == 2


def test_import_ninjs_command_refuses_a_symbolic_link(tmp_path, capsys):
    target = tmp_path / "item.json"
    target.write_text(json.dumps(_item()), encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)

    with pytest.raises(CommandError, match="1 of 1 files could not be imported"):
        call_command("import_ninjs", str(link))

    assert capsys.readouterr().err == f"{link}: error: a symbolic link, not a regular file\n"
    assert not Article.objects.exists()


def test_a_time_without_an_offset_is_read_in_the_newsrooms_time_zone_with_a_warning(
    tmp_path, capsys, settings
):
    settings.TIME_ZONE = "Europe/Oslo"
    path = tmp_path / "naive.json"
    path.write_text(json.dumps(_item(versioncreated="2024-03-01T10:00:00")), encoding="utf-8")

    call_command("import_ninjs", str(path))

    assert Article.objects.get().published_at == datetime(2024, 3, 1, 9, tzinfo=UTC)
    assert capsys.readouterr().out.splitlines()[1:] == [
        f'{path}: warning: versioncreated "2024-03-01T10:00:00" has no UTC offset: '
        "read as Europe/Oslo time"
    ]


def test_a_time_that_is_not_a_date_and_time_is_reported_and_the_next_one_used():
    result = import_ninjs(
        item=_item(firstcreated="yesterday", versioncreated="2024-03-01T10:00:00+01:00")
    )

    assert result.article.published_at == datetime(2024, 3, 1, 9, tzinfo=UTC)
    assert result.warnings == ['firstcreated "yesterday" is not a date and time: ignored']


def test_tabs_and_line_breaks_are_text_not_control_characters():
    body = "Talks\tbroke down.\r\n\r\nUnions walked out.\n"
    article = import_ninjs(
        item=_item(bodies=[{"role": "main", "contenttype": "text/plain", "value": body}])
    ).article

    assert article.body_html.count("<p>") == 2


def test_values_at_their_columns_limits_import_whole():
    item = _item(
        headlines=[{"role": "main", "value": "H" * 300}],
        by="B" * 200,
        located="D" * 100,
        copyrightholder="P" * 100,
        language="en-GB-x-" + "a" * 8,
        subjects=[{"name": "T" * 100}],
        people=[{"name": "S" * 200, "rel": "source"}],
    )

    article = import_ninjs(item=item).article

    assert (len(article.headline), len(article.dateline), len(article.provider)) == (300, 100, 100)
    assert len(article.language) == 16
    assert [len(credit.contributor.name) for credit in article.byline] == [200]
    assert [len(name) for name in article.topics.names()] == [100]
    assert Source.objects.get().name == "S" * 200


def test_a_slugline_longer_than_the_slug_column_is_shortened_into_the_slug():
    article = import_ninjs(item=_item(slugline="port-strike-" + "x" * 400)).article

    assert article.slug == ("port-strike-" + "x" * 400)[:80]
