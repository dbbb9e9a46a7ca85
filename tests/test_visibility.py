"""The draft-invisibility matrix: an article that is a draft, in review, scheduled, archived or
in the trash appears on no public surface — no page, list, count, feed, sitemap, search result
or JSON-LD — and its own URL is 404, for anonymous readers and logged-in staff alike."""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from fronts.models import FrontSlot
from sections.models import Section
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CorrectionFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)

HIDDEN_STATES = {
    "draft": lambda: {"status": Article.Status.DRAFT},
    "review": lambda: {"status": Article.Status.REVIEW},
    "scheduled": lambda: {
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() + HOUR,
    },
    # Published, but under an embargo that has not lifted (issue 18): hidden like a draft.
    "embargoed": lambda: {
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - HOUR,
        "embargoed_until": timezone.now() + HOUR,
    },
    "archived": lambda: {"status": Article.Status.ARCHIVED, "published_at": timezone.now() - HOUR},
    "trashed": lambda: {
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - HOUR,
        "deleted_at": timezone.now(),
    },
}


@dataclass
class World:
    public: Article
    hidden: Article
    shared_topic: object
    hidden_topic: object
    shared_contributor: object
    hidden_contributor: object
    shared_source: object
    hidden_source: object
    secrets: list[str] = field(default_factory=list)


@pytest.fixture(params=list(HIDDEN_STATES))
def world(request):
    """A published article and a hidden one sharing a topic, a reporter and a source; the hidden
    one also has a topic, reporter and source of its own."""
    shared_topic = TopicFactory(name="Harbours", slug="harbours")
    hidden_topic = TopicFactory(name="Quokka affairs", slug="quokka-affairs")
    shared_contributor = ContributorFactory(name="Pat Shared", slug="pat-shared")
    hidden_contributor = ContributorFactory(name="Vesna Embargo", slug="vesna-embargo")
    shared_source = SourceFactory(name="Port Authority", slug="port-authority")
    hidden_source = SourceFactory(name="Xavier Whistle", slug="xavier-whistle")

    # Sections and fronts (issue 17): the hidden story is in a section of its own, also in the
    # shared one, and pinned as the lead of the home page and of the shared section's front.
    shared_section = Section.objects.create(name="Ports", slug="ports")
    hidden_section = Section.objects.create(name="Secret desk", slug="quokka-desk")
    public = ArticleFactory(
        published=True,
        headline="Harbour reopens",
        slug="harbour-reopens",
        body="Ships dock.",
        section=shared_section,
    )
    public.topics.add(shared_topic)
    CreditFactory(article=public, contributor=shared_contributor)
    AttributionFactory(article=public, source=shared_source, text="The harbour is open.")

    hidden = ArticleFactory(
        headline="Zanzibar merger embargoed",
        slug="zanzibar-merger",
        dek="Secret standfirst about Zanzibar.",
        body="Zanzibar harbour merger details.",
        section=hidden_section,
        **HIDDEN_STATES[request.param](),
    )
    hidden.also_in.add(shared_section)
    FrontSlot.objects.create(article=hidden, slot="lead")
    FrontSlot.objects.create(section=shared_section, article=hidden, slot="lead")
    hidden.topics.add(shared_topic, hidden_topic)
    CreditFactory(article=hidden, contributor=shared_contributor)
    CreditFactory(article=hidden, contributor=hidden_contributor)
    AttributionFactory(article=hidden, source=shared_source, text="Merger talks are secret.")
    AttributionFactory(article=hidden, source=hidden_source, text="I leaked the merger.")
    CorrectionFactory(article=hidden, text="Quietly corrected Zanzibar figure.")

    return World(
        public=public,
        hidden=hidden,
        shared_topic=shared_topic,
        hidden_topic=hidden_topic,
        shared_contributor=shared_contributor,
        hidden_contributor=hidden_contributor,
        shared_source=shared_source,
        hidden_source=hidden_source,
        secrets=[
            "Zanzibar",
            "zanzibar-merger",
            "Vesna Embargo",
            "vesna-embargo",
            "Xavier Whistle",
            "xavier-whistle",
            "Merger talks are secret.",
            "I leaked the merger.",
            # Named only by the hidden article: a topic, like a contributor or a source, is
            # public exactly when a published article uses it.
            "Quokka affairs",
            "quokka-affairs",
            "Secret desk",
            "quokka-desk",
        ],
    )


SURFACES = {
    "home": lambda w: reverse("articles:index"),
    "article-page": lambda w: w.public.get_absolute_url(),
    "topic-index": lambda w: reverse("articles:topics"),
    "shared-topic-page": lambda w: w.shared_topic.get_absolute_url(),
    "shared-topic-feed": lambda w: reverse("articles:topic_feed", args=[w.shared_topic.slug]),
    "shared-contributor-page": lambda w: w.shared_contributor.get_absolute_url(),
    "source-index": lambda w: reverse("sources:index"),
    "shared-source-page": lambda w: w.shared_source.get_absolute_url(),
    "search-hidden-word": lambda w: f"{reverse('articles:search')}?q=merger",
    "search-shared-word": lambda w: f"{reverse('articles:search')}?q=harbour",
    "search-by-topic": lambda w: f"{reverse('articles:search')}?topic={w.shared_topic.slug}",
    "rss": lambda w: reverse("articles:feed_rss"),
    "atom": lambda w: reverse("articles:feed_atom"),
    "sitemap": lambda w: reverse("sitemap"),
    **{
        f"sitemap-{section}": lambda w, section=section: reverse(
            "sitemap_section", kwargs={"section": section}
        )
        for section in ("articles", "topics", "sources", "contributors", "sections")
    },
    "news-sitemap": lambda w: reverse("news_sitemap"),
    "robots": lambda w: reverse("robots"),
    "section-index": lambda w: reverse("sections:index"),
    "shared-section-front": lambda w: reverse("sections:front", args=["ports"]),
    "shared-section-feed": lambda w: reverse("sections:feed", args=["ports"]),
    # Trust: the corrections archive and feed list only public stories' corrections
    "corrections": lambda w: reverse("trust:corrections"),
    "corrections-feed": lambda w: reverse("trust:corrections_feed"),
    "policies": lambda w: reverse("trust:policies"),
}


@pytest.mark.parametrize("surface", list(SURFACES))
def test_hidden_article_appears_on_no_public_surface(client, world, surface):
    response = client.get(SURFACES[surface](world))

    assert response.status_code == 200
    body = response.content.decode()
    for secret in world.secrets:
        assert secret not in body, f"{secret!r} leaked on {surface}"


@pytest.mark.parametrize(
    "url",
    [
        lambda w: w.hidden.get_absolute_url(),
        lambda w: w.hidden_contributor.get_absolute_url(),
        lambda w: w.hidden_source.get_absolute_url(),
        lambda w: w.hidden_topic.get_absolute_url(),
        lambda w: reverse("articles:topic_feed", args=[w.hidden_topic.slug]),
        lambda w: reverse("trust:feedback", args=[w.hidden.slug]),
        lambda w: reverse("sections:front", args=["quokka-desk"]),
    ],
    ids=[
        "article",
        "its-only-contributor",
        "its-only-source",
        "its-only-topic",
        "its-only-topic-feed",
        "its-feedback-form",
        "its-only-section",
    ],
)
@pytest.mark.parametrize("as_staff", [False, True], ids=["anonymous", "staff"])
def test_hidden_articles_own_pages_are_404(client, world, url, as_staff):
    if as_staff:
        staff = UserFactory(is_staff=True, is_superuser=True)
        staff.save()
        client.force_login(staff)

    response = client.get(url(world))

    assert response.status_code == 404
    for secret in world.secrets:
        assert secret not in response.content.decode()


@pytest.mark.parametrize("resource", ["topics", "contributors", "sources", "sections"])
def test_the_api_hides_what_only_hidden_articles_use(client, world, resource):
    hidden = {
        "topics": world.hidden_topic,
        "contributors": world.hidden_contributor,
        "sources": world.hidden_source,
        "sections": Section.objects.get(slug="quokka-desk"),
    }[resource]

    detail = client.get(f"/api/v1/{resource}/{hidden.slug}/")
    listing = client.get(f"/api/v1/{resource}/").content.decode()

    assert detail.status_code == 404
    for secret in world.secrets:
        assert secret not in listing


def test_the_api_lists_no_hidden_article_by_any_filter(client, world):
    for query in ("section=ports", "topic=harbours", "contributor=pat-shared", "q=harbour"):
        listing = client.get(f"/api/v1/articles/?{query}&full=true")

        assert listing.status_code == 200, query
        assert [item["slug"] for item in listing.json()["results"]] == ["harbour-reopens"]
        for secret in world.secrets:
            assert secret not in listing.content.decode(), f"{secret!r} leaked by ?{query}"
    assert client.get("/api/v1/articles/?section=quokka-desk").status_code == 400
    assert client.get("/api/v1/articles/zanzibar-merger/").status_code == 404
    assert client.get("/api/v1/articles/zanzibar-merger/ninjs/").status_code == 404


def test_counts_include_published_articles_only(client, world):
    topics = client.get(reverse("articles:topics")).text
    sources = client.get(reverse("sources:index")).text
    search = client.get(reverse("articles:search"), {"q": "harbour"}).text

    assert 'Harbours</a> <span class="count">1 article</span>' in topics
    assert "Quokka affairs" not in topics
    assert '<span class="count">1 attribution</span>' in sources
    assert "1 result for “harbour”" in search


def test_topic_known_only_from_hidden_articles_is_listed_nowhere(client, world):
    for url in [
        reverse("articles:topics"),
        reverse("sitemap_section", kwargs={"section": "topics"}),
        reverse("articles:search"),
        world.public.get_absolute_url(),
    ]:
        assert "Quokka" not in client.get(url).text, url

    assert client.get(world.hidden_topic.get_absolute_url()).status_code == 404
