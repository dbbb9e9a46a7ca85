"""Articles as IPTC ninjs 2.2, validated against the standard's own JSON Schema."""

import json
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from articles.api import article_queryset
from articles.models import Article
from articles.ninjs.export import by_line, pubstatus, to_ninjs
from newsroom.seed import seed_story
from tests.api import client_for, user
from tests.factories import ArticleFactory, CreditFactory

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "articles/data/ninjs-schema_2.2.json").read_text()
)
# jsonschema checks "uri" and "date-time" only with optional packages; check them here.
FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _is_absolute_uri(value) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


@FORMATS.checks("date-time", raises=ValueError)
def _is_rfc3339(value) -> bool:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FORMATS)


def assert_valid(item: dict) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(item)]
    assert not errors, errors


@pytest.fixture
def story():
    return seed_story()[0]


def test_the_schema_itself_is_valid():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["title"] == "IPTC ninjs - News in JSON - version 2.2"


def test_the_validator_rejects_what_ninjs_forbids():
    assert not VALIDATOR.is_valid({"type": "text"})  # uri is required
    assert not VALIDATOR.is_valid({"uri": "/relative"})
    assert not VALIDATOR.is_valid({"uri": "http://x.example/", "pubstatus": "draft"})
    assert not VALIDATOR.is_valid({"uri": "http://x.example/", "versioncreated": "yesterday"})
    assert not VALIDATOR.is_valid({"uri": "http://x.example/", "status": "published"})


def test_seeded_story_is_valid_ninjs_from_the_api(story):
    response = client_for().get(f"/api/v1/articles/{story.slug}/ninjs/")

    assert response.status_code == 200
    item = response.json()
    assert_valid(item)
    assert item["uri"] == f"http://testserver/articles/{story.slug}/"
    assert item["type"] == "text"
    assert item["version"] == "1"
    assert item["pubstatus"] == "usable"
    assert item["language"] == "en"
    assert item["by"] == "Ted Hesson"
    assert item["located"] == "WASHINGTON"
    assert item["contentcreated"] == "2020-02-25T12:00:00Z"
    assert item["headlines"] == [{"role": "main", "value": story.headline}]
    assert item["descriptions"][0]["value"] == story.dek
    assert item["bodies"][0]["contenttype"] == "text/html"
    assert item["bodies"][0]["value"] == story.body_html
    assert item["bodies"][0]["wordcount"] > 800
    assert item["infosources"] == [{"name": "Reuters"}]
    assert response["ETag"] == '"1"'


def test_people_and_organisations_come_from_the_attributions(story):
    item = client_for().get(f"/api/v1/articles/{story.slug}/ninjs/").json()

    people = [person["name"] for person in item["people"]]
    organisations = [organisation["name"] for organisation in item["organisations"]]
    assert people == [
        "Kris Kobach",
        "William Barr",
        "Lucas Guttentag",
        "Chad Sublet",
        "William Gore",
    ]
    # Unnamed sources ("An ICE spokeswoman") appear as the organisation they speak for.
    assert organisations == [
        "U.S. Immigration and Customs Enforcement",
        "San Diego County Sheriff’s Department",
        "California Attorney General’s office",
        "City and County of Denver",
        "City of New York",
    ]
    assert item["people"][0]["uri"] == "http://testserver/sources/kris-kobach/"


def test_subjects_are_the_home_section_then_the_topics(story):
    item = client_for().get(f"/api/v1/articles/{story.slug}/ninjs/").json()

    assert item["subjects"][0] == {
        "name": "United States",
        "literal": "united-states",
        "uri": "http://testserver/sections/united-states/",
        "rel": "section",
    }
    topics = [subject for subject in item["subjects"] if "rel" not in subject]
    assert len(topics) == 10 == len(item["subjects"]) - 1
    assert {
        "name": "Immigration",
        "literal": "immigration",
        "uri": "http://testserver/topics/immigration/",
    } in item["subjects"]


@pytest.mark.parametrize(
    ("status", "published_in", "deleted", "expected"),
    [
        (Article.Status.DRAFT, None, False, "withheld"),
        (Article.Status.REVIEW, None, False, "withheld"),
        (Article.Status.PUBLISHED, timedelta(days=1), False, "withheld"),
        (Article.Status.PUBLISHED, timedelta(days=-1), False, "usable"),
        (Article.Status.ARCHIVED, timedelta(days=-1), False, "canceled"),
        (Article.Status.PUBLISHED, timedelta(days=-1), True, "canceled"),
    ],
)
def test_pubstatus(status, published_in, deleted, expected):
    article = Article(
        status=status,
        published_at=timezone.now() + published_in if published_in else None,
        deleted_at=timezone.now() if deleted else None,
    )

    assert pubstatus(article) == expected


def test_scheduled_article_is_withheld_with_an_embargo_for_staff():
    article = ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=3)
    )
    CreditFactory(article=article)

    response = client_for(user("editor")).get(f"/api/v1/articles/{article.slug}/ninjs/")

    item = response.json()
    assert_valid(item)
    assert item["pubstatus"] == "withheld"
    assert item["embargoed"] == article.published_at.isoformat().replace("+00:00", "Z")


def test_a_bare_draft_is_still_valid_ninjs():
    article = ArticleFactory(headline="", dek="", body="", dateline="")

    item = to_ninjs(article_queryset(user("editor")).get(pk=article.pk))

    assert_valid(item)
    assert item["uri"] == f"http://testserver/articles/{article.slug}/"
    for absent in ("headlines", "bodies", "descriptions", "by", "located", "subjects", "people"):
        assert absent not in item


@pytest.mark.parametrize(
    ("names", "expected"),
    [([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")],
)
def test_by_line(names, expected):
    assert by_line(names) == expected
