"""Every URL pattern of the project × anonymous, reporter, editor and superuser, with the
expected status declared in one table. The patterns are read from the URL resolver, so a new
route fails this test until someone decides who may see it. Trailing-slash variants too. (A story
under embargo through the API, per kind of caller: tests/test_url_matrix_embargo.py.)"""

import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from reversion.models import Version

from articles import trash, workflow
from articles.models import Article
from distribution import tasks
from distribution.models import Delivery, Event, Partner
from fronts.models import FrontSlot
from images import library
from newsroom.seed import seed_story
from tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    CreditFactory,
    TopicFactory,
    UserFactory,
)
from tests.images_factory import photo_bytes, upload
from trust.models import FeedbackRequest

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reporter", "editor", "superuser")


def _patterns(resolvers=None, prefix=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


# Statuses for GET, per role, in the order of ROLES. Every route of the project is here.
PUBLIC = (200, 200, 200, 200)
STAFF = (302, 200, 200, 200)  # anonymous readers are sent to the login page
EDITORS = (302, 403, 200, 200)
SUPERUSERS = (302, 403, 403, 200)
POST_ONLY = (302, 405, 405, 405)
REDIRECT = (302, 302, 302, 302)  # admin's "object/" shortcut to "object/change/"
NOT_FOUND = (404, 404, 404, 404)
API_POST_ONLY = (405, 405, 405, 405)

TABLE = {
    # The desk itself
    "admin/": STAFF,
    "admin/login/": (200, 302, 302, 302),  # signed-in staff go on to the desk
    "admin/logout/": (302, 405, 405, 405),  # POST only
    "admin/password_change/": STAFF,
    "admin/password_change/done/": STAFF,
    "admin/autocomplete/": (302, 403, 403, 403),  # without its query it refuses everyone
    "admin/jsi18n/": STAFF,
    "admin/r/<path:content_type_id>/<path:object_id>/": REDIRECT,
    "admin/^(?P<app_label>auth|authtoken|django_tasks_database|images|sections|articles|sources"
    "|trust|fronts|distribution)/$": STAFF,
    "admin/(?P<url>.*)$": (302, 404, 404, 404),
    # Accounts and tokens: administrators only
    "admin/auth/group/": SUPERUSERS,
    "admin/auth/group/add/": SUPERUSERS,
    "admin/auth/group/<path:object_id>/history/": SUPERUSERS,
    "admin/auth/group/<path:object_id>/delete/": SUPERUSERS,
    "admin/auth/group/<path:object_id>/change/": SUPERUSERS,
    "admin/auth/group/<path:object_id>/": REDIRECT,
    "admin/auth/user/<id>/password/": SUPERUSERS,
    "admin/auth/user/": SUPERUSERS,
    "admin/auth/user/add/": SUPERUSERS,
    "admin/auth/user/<path:object_id>/history/": SUPERUSERS,
    "admin/auth/user/<path:object_id>/delete/": SUPERUSERS,
    "admin/auth/user/<path:object_id>/change/": SUPERUSERS,
    "admin/auth/user/<path:object_id>/": REDIRECT,
    "admin/authtoken/tokenproxy/": SUPERUSERS,
    "admin/authtoken/tokenproxy/add/": SUPERUSERS,
    "admin/authtoken/tokenproxy/<path:object_id>/history/": SUPERUSERS,
    "admin/authtoken/tokenproxy/<path:object_id>/delete/": SUPERUSERS,
    "admin/authtoken/tokenproxy/<path:object_id>/change/": SUPERUSERS,
    "admin/authtoken/tokenproxy/<path:object_id>/": REDIRECT,
    # Articles: everyone on the desk reads (someone else's draft read-only for a reporter);
    # deleting, the trash and restoring are editors'
    "admin/articles/article/trash/": EDITORS,
    "admin/articles/article/trash/empty/": POST_ONLY,
    "admin/articles/article/render/": POST_ONLY,
    "admin/articles/article/quote-check/": POST_ONLY,
    "admin/articles/article/trash/<int:object_id>/restore/": POST_ONLY,
    "admin/articles/article/<int:object_id>/preview/": STAFF,
    "admin/articles/article/<int:object_id>/suggestions/": STAFF,
    "admin/articles/article/<int:object_id>/presence/": STAFF,
    # Lifting an embargo early is its own permission (editors lack it; administrators have
    # it): the matrix's article is a draft, not under embargo, so it goes back to its form.
    "admin/articles/article/<int:object_id>/lift-embargo/": (302, 403, 403, 302),
    "admin/articles/article/<int:object_id>/history/compare/": (302, 404, 404, 404),  # no a/b
    "admin/articles/article/<int:object_id>/history/<int:version_id>/restore/": POST_ONLY,
    "admin/articles/article/": STAFF,
    "admin/articles/article/add/": STAFF,
    "admin/articles/article/<path:object_id>/history/": STAFF,
    "admin/articles/article/<path:object_id>/delete/": EDITORS,
    "admin/articles/article/<path:object_id>/change/": STAFF,
    "admin/articles/article/<path:object_id>/": REDIRECT,
    "admin/articles/contributor/": STAFF,
    "admin/articles/contributor/add/": EDITORS,
    "admin/articles/contributor/<path:object_id>/history/": STAFF,
    "admin/articles/contributor/<path:object_id>/delete/": EDITORS,
    "admin/articles/contributor/<path:object_id>/change/": STAFF,
    "admin/articles/contributor/<path:object_id>/": REDIRECT,
    "admin/articles/topic/": STAFF,
    "admin/articles/topic/add/": STAFF,
    "admin/articles/topic/<path:object_id>/history/": STAFF,
    "admin/articles/topic/<path:object_id>/delete/": EDITORS,
    "admin/articles/topic/<path:object_id>/change/": STAFF,
    "admin/articles/topic/<path:object_id>/": REDIRECT,
    "admin/articles/correction/": STAFF,
    "admin/articles/correction/add/": EDITORS,
    "admin/articles/correction/<path:object_id>/history/": STAFF,
    "admin/articles/correction/<path:object_id>/delete/": EDITORS,
    "admin/articles/correction/<path:object_id>/change/": STAFF,
    "admin/articles/correction/<path:object_id>/": REDIRECT,
    "admin/sources/source/report/": STAFF,
    "admin/sources/source/": STAFF,
    "admin/sources/source/add/": STAFF,
    "admin/sources/source/<path:object_id>/history/": STAFF,
    "admin/sources/source/<path:object_id>/delete/": EDITORS,
    "admin/sources/source/<path:object_id>/change/": STAFF,
    "admin/sources/source/<path:object_id>/": REDIRECT,
    # The attribution below belongs to a published article: not the reporter's to delete.
    "admin/sources/attribution/": STAFF,
    "admin/sources/attribution/add/": STAFF,
    "admin/sources/attribution/<path:object_id>/history/": STAFF,
    "admin/sources/attribution/<path:object_id>/delete/": EDITORS,
    "admin/sources/attribution/<path:object_id>/change/": STAFF,
    "admin/sources/attribution/<path:object_id>/": REDIRECT,
    # The photo library: everyone on the desk adds and describes photos; deleting is editors'
    "admin/images/image/": STAFF,
    "admin/images/image/add/": STAFF,
    "admin/images/image/upload/": POST_ONLY,
    "admin/images/image/choose/": STAFF,
    "admin/images/image/<int:object_id>/describe/": POST_ONLY,
    "admin/images/image/<int:object_id>/original/": STAFF,
    "admin/images/image/<path:object_id>/history/": STAFF,
    "admin/images/image/<path:object_id>/delete/": EDITORS,
    "admin/images/image/<path:object_id>/change/": STAFF,
    "admin/images/image/<path:object_id>/": REDIRECT,
    # The newsroom's policies: one record (its list opens it), never added or deleted; readers'
    # feedback is read by the desk, answered by editors, and only readers add it
    "admin/trust/policies/": REDIRECT,
    "admin/trust/policies/add/": (302, 403, 403, 403),
    "admin/trust/policies/<path:object_id>/history/": STAFF,
    "admin/trust/policies/<path:object_id>/delete/": (302, 403, 403, 403),
    "admin/trust/policies/<path:object_id>/change/": STAFF,
    "admin/trust/policies/<path:object_id>/": REDIRECT,
    "admin/trust/feedbackrequest/": STAFF,
    "admin/trust/feedbackrequest/add/": (302, 403, 403, 403),
    "admin/trust/feedbackrequest/<path:object_id>/history/": STAFF,
    "admin/trust/feedbackrequest/<path:object_id>/delete/": EDITORS,
    "admin/trust/feedbackrequest/<path:object_id>/change/": STAFF,
    "admin/trust/feedbackrequest/<path:object_id>/": REDIRECT,
    # Sections and fronts: editors curate them; reporters see them (issue 17)
    "admin/sections/section/": STAFF,
    "admin/sections/section/add/": EDITORS,
    "admin/sections/section/<path:object_id>/history/": STAFF,
    "admin/sections/section/<path:object_id>/delete/": EDITORS,
    "admin/sections/section/<path:object_id>/change/": STAFF,
    "admin/sections/section/<path:object_id>/": REDIRECT,
    "admin/fronts/frontslot/": STAFF,
    "admin/fronts/frontslot/add/": EDITORS,
    "admin/fronts/frontslot/<path:object_id>/history/": STAFF,
    "admin/fronts/frontslot/<path:object_id>/delete/": EDITORS,
    "admin/fronts/frontslot/<path:object_id>/change/": STAFF,
    "admin/fronts/frontslot/<path:object_id>/": REDIRECT,
    # Distribution: editors manage partners and watch the delivery log (which no one edits);
    # reporters see neither.
    "admin/distribution/partner/": EDITORS,
    "admin/distribution/partner/add/": EDITORS,
    "admin/distribution/partner/<path:object_id>/history/": EDITORS,
    "admin/distribution/partner/<path:object_id>/delete/": EDITORS,
    "admin/distribution/partner/<path:object_id>/change/": EDITORS,
    "admin/distribution/partner/<path:object_id>/": REDIRECT,
    "admin/distribution/delivery/": EDITORS,
    "admin/distribution/delivery/add/": (302, 403, 403, 403),
    "admin/distribution/delivery/<path:object_id>/history/": EDITORS,
    "admin/distribution/delivery/<path:object_id>/delete/": (302, 403, 403, 403),
    "admin/distribution/delivery/<path:object_id>/change/": EDITORS,
    "admin/distribution/delivery/<path:object_id>/": REDIRECT,
    # The task queue's own screen (django-tasks): administrators look, no one edits.
    "admin/django_tasks_database/dbtaskresult/": SUPERUSERS,
    "admin/django_tasks_database/dbtaskresult/add/": (302, 403, 403, 403),
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/history/": SUPERUSERS,
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/delete/": (302, 403, 403, 403),
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/change/": SUPERUSERS,
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/": REDIRECT,
    # The API: reading is public; workflow actions are POST
    "api/v1/": PUBLIC,
    "api/v1/^articles/$": PUBLIC,
    "api/v1/^articles/(?P<slug>[^/.]+)/$": PUBLIC,
    "api/v1/^articles/(?P<slug>[^/.]+)/ninjs/$": PUBLIC,
    "api/v1/^articles/(?P<slug>[^/.]+)/archive/$": API_POST_ONLY,
    "api/v1/^articles/(?P<slug>[^/.]+)/publish/$": API_POST_ONLY,
    "api/v1/^articles/(?P<slug>[^/.]+)/submit/$": API_POST_ONLY,
    "api/v1/^articles/(?P<slug>[^/.]+)/unpublish/$": API_POST_ONLY,
    "api/v1/^articles/(?P<slug>[^/.]+)/lift-embargo/$": API_POST_ONLY,
    "api/v1/^sources/$": PUBLIC,
    "api/v1/^sources/(?P<slug>[^/.]+)/$": PUBLIC,
    "api/v1/^topics/$": PUBLIC,
    "api/v1/^topics/(?P<slug>[^/.]+)/$": PUBLIC,
    "api/v1/^contributors/$": PUBLIC,
    "api/v1/^contributors/(?P<slug>[^/.]+)/$": PUBLIC,
    "api/v1/^sections/$": PUBLIC,
    "api/v1/^sections/(?P<slug>[^/.]+)/$": PUBLIC,
    # The photo of a published story (below) is public; uploads and changes are writes
    "api/v1/^images/$": PUBLIC,
    "api/v1/^images/(?P<pk>[0-9]+)/$": PUBLIC,
    "api/schema/": PUBLIC,
    "api/docs/": PUBLIC,
    "api/^(?P<path>.*)$": NOT_FOUND,
    # The reader site
    "": PUBLIC,
    "articles/<slug:slug>/": PUBLIC,
    "topics/": PUBLIC,
    "topics/<slug:slug>/": PUBLIC,
    "topics/<slug:slug>/feed.rss": PUBLIC,
    "contributors/<slug:slug>/": PUBLIC,
    "search/": PUBLIC,
    "feeds/latest.rss": PUBLIC,
    "feeds/latest.atom": PUBLIC,
    "sources/": PUBLIC,
    "sections/": PUBLIC,
    "sections/<slug:slug>/": PUBLIC,
    "sections/<slug:slug>/feed.rss": PUBLIC,
    "sources/<slug:slug>/": PUBLIC,
    "sitemap.xml": PUBLIC,
    "sitemap-<slug:section>.xml": PUBLIC,
    "news-sitemap.xml": PUBLIC,
    "robots.txt": PUBLIC,
    "favicon.ico": REDIRECT,
    "healthz": PUBLIC,
    # Trust: the policies, the corrections archive and its feed, a story's feedback form
    "about/": PUBLIC,
    "about/<slug:slug>/": PUBLIC,
    "corrections/": PUBLIC,
    "corrections/feed.rss": PUBLIC,
    "articles/<slug:slug>/feedback/": PUBLIC,
    # A rendition of that photo, served from MEDIA_ROOT (originals never are)
    "^media/(?P<path>.+)$": PUBLIC,
}


_GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _fill(route: str, world: dict) -> str:
    """A concrete path for a route, each parameter filled with a real object of its kind."""
    values = dict(world["values"], object_id=world["objects"]["articles/article"])
    admin_model = re.match(r"admin/(\w+)/(\w+)/", route)
    if admin_model:
        values["object_id"] = world["objects"].get("/".join(admin_model.groups()), 0)
    if "trash/" in route:
        values["object_id"] = world["objects"]["trashed"]
    for prefix, kind in [
        ("api/v1/^sources", "source"),
        ("api/v1/^topics", "topic"),
        ("api/v1/^contributors", "contributor"),
        ("api/v1/^sections", "section"),
        ("sources/", "source"),
        ("sections/", "section"),
        ("topics/", "topic"),
        ("contributors/", "contributor"),
        ("about/", "policy"),
    ]:
        if route.startswith(prefix):
            values["slug"] = world["slugs"][kind]
            break
    if route.startswith("^media/"):
        values["path"] = world["rendition"]
    path = _GROUP.sub(lambda m: str(values[m[1]]), route)
    path = _CONVERTER.sub(lambda m: str(values[m[1]]), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "")
    return "/" + path


@pytest.fixture
def world():
    cache.clear()
    article, _ = seed_story()
    photo, _ = library.store_upload(upload(photo_bytes(400, 300)), alt_text="A door", credit="A/B")
    article.lead_image = photo
    article.save(update_fields=["lead_image"])
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    reporter = UserFactory(username="reporter", is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporter"))
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    draft = ArticleFactory(headline="Someone else's draft")
    partner = Partner.objects.create(name="A partner", webhook_url="https://partner.example/hook")
    CreditFactory(article=draft)
    workflow.save_article(article=draft, by=superuser)
    trashed = ArticleFactory(headline="Trashed")
    trash.trash(article=trashed, by=superuser)
    TopicFactory(name="Unused")
    correction = CorrectionFactory(article=article)
    source = article.attributions.first().source
    contributor = article.credits.first().contributor
    topic = article.topics.first()
    group = Group.objects.get(name="Reporter")
    return {
        "users": {"reporter": reporter, "editor": editor, "superuser": superuser},
        "values": {
            "slug": article.slug,
            "section": "articles",
            "id": reporter.pk,
            "version_id": Version.objects.get_for_object(draft).first().pk,
            "content_type_id": ContentType.objects.get_for_model(Article).pk,
            "app_label": "articles",
            "format": "json",
            "url": "no-such-page/",
            "path": "no-such-endpoint/",
            "pk": photo.pk,
        },
        "objects": {
            "articles/article": draft.pk,
            "articles/contributor": contributor.pk,
            "articles/topic": topic.pk,
            "articles/correction": correction.pk,
            "sources/source": source.pk,
            "sources/attribution": article.attributions.first().pk,
            "auth/group": group.pk,
            "auth/user": reporter.pk,
            # The token admin addresses a token by its user.
            "authtoken/tokenproxy": Token.objects.create(user=editor).user_id,
            "trashed": trashed.pk,
            "sections/section": article.section_id,
            "fronts/frontslot": FrontSlot.objects.create(article=article).pk,
            "images/image": library.store_upload(upload(photo_bytes(200, 120)))[0].pk,
            "trust/policies": 1,
            "distribution/partner": partner.pk,
            "django_tasks_database/dbtaskresult": tasks.deliver_due.enqueue().id,
            "distribution/delivery": Delivery.objects.create(
                event=Event.objects.create(
                    type="article.published",
                    article=article,
                    version=article.version,
                    occurred_at=article.published_at,
                ),
                partner=partner,
                article_id=article.pk,
                due_at=article.published_at,
                next_attempt_at=article.published_at,
            ).pk,
            "trust/feedbackrequest": FeedbackRequest.objects.create(
                article=article, message="The second paragraph misnames the city."
            ).pk,
        },
        "slugs": {
            "section": article.section.slug,
            "source": source.slug,
            "contributor": contributor.slug,
            "topic": topic.slug,
            "policy": "ethics",
        },
        "rendition": photo.renditions[0]["name"],
    }


def _get(client, world, role, path):
    client.logout()
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client.get(path)


ROUTES = list(dict.fromkeys(_patterns()))


def test_every_route_has_a_declared_expectation():
    assert set(ROUTES) == set(TABLE), (
        f"undeclared: {sorted(set(ROUTES) - set(TABLE))}; gone: {sorted(set(TABLE) - set(ROUTES))}"
    )


@pytest.mark.parametrize("route", ROUTES)
def test_each_role_gets_the_declared_status(client, world, route):
    path = _fill(route, world)

    statuses = tuple(_get(client, world, role, path).status_code for role in ROLES)

    assert statuses == TABLE[route], path


@pytest.mark.parametrize("route", ROUTES)
def test_trailing_slash_variants_redirect_or_are_not_found_never_an_error(client, world, route):
    path = _fill(route, world)
    if path == "/":
        pytest.skip("the root has no trailing-slash variant")
    variant = path[:-1] if path.endswith("/") else path + "/"

    for role in ROLES:
        response = _get(client, world, role, variant)
        assert response.status_code in {301, 302, 404, 405}, (variant, role)
        if response.status_code == 301:
            assert response["Location"] == path, (variant, role)
