"""Trust Project indicators: the type of work (label, schema.org type field by field, API and
ninjs), the newsroom's policies (pages, 404 when empty, JSON-LD publisher, ninjs trust
indicators, page-cache eviction when they change) and "about this story"."""

import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles import cache_invalidation
from articles.models import Article, TypeOfWork
from tests.factories import CorrectionFactory, CreditFactory, TopicFactory
from trust.models import Policies
from trust.policies import POLICIES

pytestmark = pytest.mark.django_db

EXPECTED_TYPES = {
    "news": "NewsArticle",
    "analysis": "AnalysisNewsArticle",
    "opinion": "OpinionNewsArticle",
    "review": "ReviewNewsArticle",
    "background": "BackgroundNewsArticle",
    "sponsored": "AdvertiserContentArticle",
}


def _json_ld(html: str) -> dict:
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script)


def _story(**kwargs):
    from tests.factories import ArticleFactory

    article = ArticleFactory(
        published=True,
        headline="Port strike ends",
        slug="port-strike-ends",
        dek="Dockers return.",
        dateline="ROTTERDAM",
        **kwargs,
    )
    CreditFactory(article=article, contributor__name="Ada Byline", contributor__slug="ada")
    article.topics.add(TopicFactory(name="Ports"))
    return article


def test_every_type_of_work_has_its_schema_type():
    assert {choice.value for choice in TypeOfWork} == set(EXPECTED_TYPES)


@pytest.mark.parametrize("kind", list(EXPECTED_TYPES))
def test_json_ld_of_each_type_of_work_field_by_field(client, kind):
    article = _story(type_of_work=kind, about_story="We read 300 court filings.")
    correction = CorrectionFactory(article=article, text="The strike lasted nine days.")
    url = "http://testserver/articles/port-strike-ends/"

    response = client.get(article.get_absolute_url())
    data = _json_ld(response.text)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == EXPECTED_TYPES[kind]
    assert data["@id"] == data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["headline"] == "Port strike ends"
    assert data["description"] == "Dockers return."
    assert data["inLanguage"] == "en"
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Byline", "url": "http://testserver/contributors/ada/"}
    ]
    assert data["keywords"] == ["Ports"]
    assert data["dateline"] == "ROTTERDAM"
    assert data["backstory"] == "We read 300 court filings."
    assert data["isAccessibleForFree"] is True
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The strike lasted nine days.",
            "datePublished": correction.published_at.isoformat(),
        }
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "Newsroom"
    for policy in POLICIES:
        assert publisher[policy.schema_property] == f"http://testserver/about/{policy.slug}/"
    label = Article.TypeOfWork(kind).label
    assert f'<p class="type-of-work type-{kind}">{label}</p>' in response.text


def test_teasers_label_every_type_of_work_but_news(client):
    opinion = _story(type_of_work="opinion")
    listing = client.get(opinion.byline[0].contributor.get_absolute_url()).text

    assert '<p class="type-of-work type-opinion">Opinion</p>' in listing


def test_news_teaser_has_no_label(client):
    news = _story()

    assert "type-of-work" not in client.get(news.byline[0].contributor.get_absolute_url()).text


def test_about_this_story_and_where_it_was_reported_are_on_the_page(client):
    article = _story(about_story="Why we looked into the port.")

    page = client.get(article.get_absolute_url()).text

    assert 'id="about-story-heading">About this story</h2>' in page
    assert "Why we looked into the port." in page
    assert "Reported from Rotterdam" in page
    assert reverse("trust:feedback", args=[article.slug]) in page


def test_no_about_box_without_a_backstory(client):
    article = _story()

    page = client.get(article.get_absolute_url()).text

    assert "About this story" not in page
    assert "backstory" not in _json_ld(page)


def test_api_and_ninjs_carry_the_type_of_work_and_trust_indicators(client):
    article = _story(type_of_work="analysis")

    api = client.get(reverse("api:article-detail", kwargs={"slug": article.slug})).json()
    ninjs = client.get(reverse("api:article-ninjs", kwargs={"slug": article.slug})).json()

    assert api["type_of_work"] == "analysis"
    assert ninjs["genres"] == [
        {
            "name": "Analysis",
            "literal": "analysis",
            "uri": "https://schema.org/AnalysisNewsArticle",
        }
    ]
    roles = {indicator["role"]: indicator for indicator in ninjs["trustindicators"]}
    assert roles["https://schema.org/correctionsPolicy"] == {
        "role": "https://schema.org/correctionsPolicy",
        "title": "Corrections policy",
        "href": "http://testserver/about/corrections-policy/",
    }
    assert len(roles) == len(POLICIES)


def test_the_api_writes_the_type_of_work_and_refuses_an_unknown_one():
    from tests.api import client_for
    from tests.factories import staff_user

    article = _story()
    editor = client_for(staff_user("editor"))
    url = reverse("api:article-detail", kwargs={"slug": article.slug})

    etag = editor.get(url)["ETag"]
    bad = editor.patch(url, {"type_of_work": "gossip"}, format="json", HTTP_IF_MATCH=etag)
    good = editor.patch(url, {"type_of_work": "review"}, format="json", HTTP_IF_MATCH=etag)

    assert bad.status_code == 400
    assert "type_of_work" in bad.text
    assert good.status_code == 200, good.text
    assert good.json()["type_of_work"] == "review"


# --- Policies ---------------------------------------------------------------------------------


def test_a_fresh_install_publishes_every_policy(client):
    index = client.get(reverse("trust:policies"))

    assert index.status_code == 200
    for policy in POLICIES:
        page = client.get(reverse("trust:policy", args=[policy.slug]))
        assert page.status_code == 200, policy.slug
        assert f'<h1 class="page-title">{policy.title}</h1>' in page.text
        assert policy.title in index.text


def test_an_empty_policy_has_no_page_and_leaves_the_index_and_json_ld(client):
    Policies.objects.filter(pk=1).update(diversity_policy="  ")
    article = _story()

    page = client.get(reverse("trust:policy", args=["diversity"]))
    index = client.get(reverse("trust:policies")).text
    publisher = _json_ld(client.get(article.get_absolute_url()).text)["publisher"]

    assert page.status_code == 404
    assert "Diversity policy" not in index
    assert "diversityPolicy" not in publisher
    assert "ethicsPolicy" in publisher


def test_an_unknown_policy_is_404(client):
    assert client.get("/about/no-such-policy/").status_code == 404


def test_policy_text_is_markdown_sanitised(client):
    Policies.objects.filter(pk=1).update(ethics_policy="We **never** <script>alert(1)</script>")

    page = client.get(reverse("trust:policy", args=["ethics"])).text

    assert "<strong>never</strong>" in page
    assert "<script>alert(1)" not in page


def test_the_footer_links_the_policies_and_the_corrections(client):
    page = client.get(reverse("articles:index")).text

    assert f'href="{reverse("trust:policies")}"' in page
    assert f'href="{reverse("trust:corrections")}"' in page


def test_changing_the_policies_evicts_the_pages_that_show_them(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SETTLE_SECONDS = 0
    cache.clear()
    article = _story()
    cache_invalidation._local.batch = None
    urls = [article.get_absolute_url(), "/about/", "/about/ethics/"]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url

    with django_capture_on_commit_callbacks(execute=True):
        policies = Policies.current()
        policies.ethics_policy = "We take no gifts at all."
        policies.save()

    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "miss", url
    assert "We take no gifts at all." in client.get("/about/ethics/").text


def test_the_desk_edits_the_one_record(client):
    from tests.factories import staff_user

    client.force_login(staff_user("editor"))

    listing = client.get(reverse("admin:trust_policies_changelist"))
    form = client.get(reverse("admin:trust_policies_change", args=[1]))

    assert listing.status_code == 302
    assert listing["Location"] == reverse("admin:trust_policies_change", args=[1])
    assert form.status_code == 200
    assert "Unnamed sources" in form.text
    assert client.get(reverse("admin:trust_policies_add")).status_code == 403


@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # the policies record (once, however often the page names them), the navigation
        ("policy", 2),
        # the story, the navigation (the form itself reads nothing else)
        ("feedback", 2),
    ],
)
def test_a_policy_page_and_the_feedback_form_have_pinned_query_counts(
    client, django_assert_num_queries, page, queries
):
    from sections.navigation import forget

    article = _story()
    urls = {
        "policy": reverse("trust:policy", args=["corrections-policy"]),
        "feedback": reverse("trust:feedback", args=[article.slug]),
    }
    forget()
    cache.clear()
    with django_assert_num_queries(queries):
        assert client.get(urls[page]).status_code == 200


def test_the_policies_are_read_once_and_a_change_is_seen_at_once(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from trust.indicators import shown

    shown(None)
    with django_assert_num_queries(0):
        assert [policy.slug for policy, _ in shown(None)][:2] == [
            "publishing-principles",
            "corrections-policy",
        ]

    with django_capture_on_commit_callbacks(execute=True):
        policies = Policies.current()
        policies.corrections_policy = "We correct errors within the hour."
        policies.save()

    assert {p.slug: text for p, text in shown(None)}["corrections-policy"] == (
        "We correct errors within the hour."
    )
    page = client.get(reverse("trust:policy", args=["corrections-policy"]))
    assert "We correct errors within the hour." in page.text
