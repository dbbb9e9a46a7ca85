"""Stored XSS: a hostile corpus in every field a user can write, rendered through every
surface in Chromium. The test fails on any dialog (a script ran) and on any Content-Security-
Policy violation (something tried to run inline script or load active content)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article, Contributor, Correction, Credit, Topic
from sources.models import Attribution, AttributionSuggestion, Source
from tests.browser import chromium_browser
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>alert('s1')</script>",
    "<img src=x onerror=alert('s2')>",
    "<svg onload=alert('s3')><circle r=1></svg>",
    '"><script>alert("s4")</script>',
    "</script><script>alert('s5')</script>",
    "<a href=\"jav&#x61;script:alert('s6')\">click</a>",
    "[click](javascript:alert('s7'))",
    "<iframe srcdoc=\"<script>alert('s8')</script>\"></iframe>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('s9')></style></mtext></math>",
    "<a href='data:text/html,<script>alert(1)</script>'>data</a>",
    "'-alert('s10')-'",
    "<body onload=alert('s11')>",
    "<details open ontoggle=alert('s12')>",
    "{{ 7|add:7 }}{% now 'Y' %}",
    "\u2028\u2029</title><script>alert('s13')</script>",
]
EVIL = " ".join(PAYLOADS)
MARKER = "Zebracorn"  # a word to search for

# Collects CSP violations from the first moment of every page (init scripts are not subject
# to the page's policy).
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
  e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));
"""


@pytest.fixture
def hostile(live_server, settings):
    settings.SITE_URL = live_server.url
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    editor = UserFactory(username="ed", is_staff=True)
    editor.groups.add(Group.objects.get_or_create(name="Editor")[0])
    organisation = Source.objects.create(
        name=f"Org {EVIL}"[:200], slug="org", kind="organization", description=EVIL
    )
    source = Source.objects.create(
        name=f"Src {EVIL}"[:200], slug="src", kind="person", title=EVIL[:300],
        affiliation=organisation, description=EVIL, aliases=EVIL,
    )  # fmt: skip
    contributor = Contributor.objects.create(name=f"By {EVIL}"[:200], slug="by", bio=EVIL)
    topic = Topic.objects.create(name=f"T {EVIL}"[:100], slug="t", description=EVIL)
    article = Article(
        headline=f"{MARKER} {EVIL}"[:300],
        slug="hostile",
        dek=f"{MARKER} {EVIL}",
        body="\n\n".join([f"{MARKER} opening.", *PAYLOADS, f"“{EVIL}” said Src."]),
        dateline=EVIL[:100],
        provider=EVIL[:100],
    )
    workflow.save_article(article=article, by=admin, message=EVIL)
    Credit.objects.create(article=article, contributor=contributor, place=EVIL[:100])
    Credit.objects.create(
        article=article, contributor=contributor, role="other", role_label=EVIL[:100]
    )
    article.topics.add(topic)
    Attribution.objects.create(
        article=article, source=source, text=EVIL, verb=EVIL[:100], paragraph=1
    )
    Correction.objects.create(article=article, kind="correction", text=EVIL)
    AttributionSuggestion.objects.create(
        article=article, paragraph=1, kind="direct_quote", text=EVIL, verb=EVIL[:100],
        speaker=EVIL[:300], speaker_kind="person", title=EVIL[:300], reason=EVIL[:300],
    )  # fmt: skip
    workflow.publish(article=article, by=admin, at=timezone.now(), override_unattributed=True)
    article.headline = f"{MARKER} again {EVIL}"[:300]
    workflow.save_article(article=article, by=admin, message=EVIL)  # a second revision to diff
    return live_server.url, article, admin


def _surfaces(article):
    versions = list(Version.objects.get_for_object(article))
    admin_pages = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + f"?q={MARKER}",
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_compare", args=[article.pk])
        + f"?a={versions[-1].pk}&b=current",
        reverse("admin:articles_article_suggestions", args=[article.pk]),
        reverse("admin:articles_article_preview", args=[article.pk]),
        reverse("admin:sources_source_changelist"),
        reverse("admin:sources_source_change", args=[article.attributions.get().source_id]),
        reverse("admin:articles_topic_changelist"),
        reverse("admin:articles_contributor_changelist"),
        reverse("admin:articles_correction_changelist"),
        reverse("admin:sources_source_report"),
    ]
    public_pages = [
        reverse("articles:index"),
        article.get_absolute_url(),
        reverse("articles:topics"),
        reverse("articles:topic", args=["t"]),
        reverse("sources:index"),
        reverse("sources:detail", args=["src"]),
        reverse("sources:detail", args=["org"]),
        reverse("articles:contributor", args=["by"]),
        reverse("articles:search") + f"?q={MARKER}",
        reverse("articles:feed_rss"),
        reverse("articles:feed_atom"),
        reverse("articles:topic_feed", args=["t"]),
        "/sitemap.xml",
        "/news-sitemap.xml",
        f"/api/v1/articles/{article.slug}/",
        f"/api/v1/articles/{article.slug}/ninjs/",
        "/api/v1/articles/",
        "/api/v1/sources/src/",
        "/api/docs/",
    ]
    return public_pages, admin_pages


def test_no_script_runs_and_no_policy_is_violated_on_any_surface(hostile):
    base, article, _admin = hostile
    public_pages, admin_pages = _surfaces(article)
    problems = []

    with chromium_browser() as browser:
        context = browser.new_context()
        context.add_init_script(WATCH)
        page = context.new_page()
        page.on(
            "dialog",
            lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()),
        )

        def visit(path):
            response = page.goto(base + path, wait_until="load")
            if response is None or response.status >= 400:
                problems.append(f"{path}: HTTP {response and response.status}")
                return
            page.wait_for_timeout(50)
            violations = page.evaluate("window.__violations")
            if "xml" in page.evaluate("document.contentType"):
                # Chromium's own XML viewer styles raw feeds and sitemaps inline; that is the
                # browser, not our content (a script in an XML document would still show up).
                violations = [v for v in violations if not v.startswith("style-src-elem inline")]
            problems.extend(f"{path}: CSP {v}" for v in violations)

        for path in public_pages:
            visit(path)
        # The desk, signed in.
        page.goto(base + reverse("admin:login"))
        page.fill("#id_username", "root")
        page.fill("#id_password", "correct horse battery staple")
        page.click("input[type=submit]")
        page.wait_for_load_state()
        for path in admin_pages:
            visit(path)
        context.close()

    assert problems == []
