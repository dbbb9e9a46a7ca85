"""The API's articles, topics and contributors (routed in `newsroom/api.py`).

Viewsets stay thin: the serializers shape and validate, `articles/workflow.py` does every write
(version-guarded, recorded as a revision), and `newsroom/rest.py` turns what goes wrong into
JSON errors.
"""

import reversion
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly
from rest_framework.response import Response

from articles import workflow
from articles.filters import (
    ArticleFilter,
    sees_everything_live,
    visible_contributors,
    visible_topics,
)
from articles.models import Article, Credit, TaggedArticle, Topic
from articles.ninjs import to_ninjs
from articles.serializers import (
    ArticleListItemSerializer,
    ArticleSerializer,
    ContributorSerializer,
    PublishSerializer,
    TopicSerializer,
)
from newsroom.rest import PreconditionRequired, PrivateToCallers, duplicates_refused
from newsroom.viewsets import ReadCreateUpdateViewSet
from sources.models import Attribution

TRANSITION_ACTIONS = ("submit", "publish", "unpublish", "archive")


def with_representation(articles, *, whole=True):
    """Articles with everything a representation shows prefetched: a fixed number of queries
    however many articles there are. A list item (not `whole`) counts its sources but does
    not list them, and shows no corrections."""
    attributions = Attribution.objects.select_related("source", "source__affiliation")
    if not whole:
        attributions = Attribution.objects.select_related("source").only(
            "article_id", "source_id", "kind", "source__kind"
        )
    articles = articles.prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("contributor")),
        Prefetch(
            "tagged_topics",
            queryset=TaggedArticle.objects.select_related("tag").order_by("tag__name"),
        ),
        Prefetch("attributions", queryset=attributions),
    )
    return articles.prefetch_related("corrections") if whole else articles


def _readable(user):
    return Article.objects.live() if sees_everything_live(user) else Article.objects.published()


def article_queryset(user):
    """The articles this user may read: published ones, or every live one for staff."""
    return with_representation(_readable(user))


# --- Conditional requests ------------------------------------------------------------------


def etag(article: Article) -> str:
    """The article's ETag: its version number, which goes up on every save."""
    return f'"{article.version}"'


def _entity_tags(header: str) -> set[str]:
    # Weak and strong forms name the same version; compare them alike.
    return {tag.strip().removeprefix("W/").strip('"') for tag in header.split(",") if tag.strip()}


def check_if_match(request, article: Article, *, required: bool) -> int | None:
    """The version the client read (from If-Match), or 428/412 when it is missing or stale."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if required:
            raise PreconditionRequired()
        return None
    tags = _entity_tags(header)
    if "*" in tags:
        # "Whatever is there now" is exactly what optimistic concurrency must not assume.
        raise PreconditionRequired(
            'If-Match must name the version you read, e.g. "3"; * would overwrite anyone\'s edits.'
        )
    if str(article.version) not in tags:
        raise workflow.StaleVersion(Article.objects.select_related("updated_by").get(pk=article.pk))
    return article.version


# --- Permissions ---------------------------------------------------------------------------


class ArticlePermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Model permissions decide who may write articles at all; the workflow decides, per
    article, what (reporters edit only their own drafts, only editors publish). The workflow
    actions are changes, so they need the change permission rather than add."""

    def has_permission(self, request, view):
        if getattr(view, "action", None) in TRANSITION_ACTIONS:
            user = request.user
            return bool(
                user
                and user.is_authenticated
                and user.has_perms(self.get_required_permissions("PATCH", Article))
            )
        return super().has_permission(request, view)


# --- Schema documentation ------------------------------------------------------------------

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag you read, e.g. `"3"`. Without it a change gets 428; with an old one, '
    "412 and nothing changes.",
)
IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=IF_MATCH.description,
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag you have; if it is still current the answer is 304 with no body.",
)
ETAG_HEADER = {
    "ETag": {"description": 'The article\'s version, e.g. `"3"`.', "schema": {"type": "string"}}
}
NOT_MODIFIED = OpenApiResponse(description="Not modified: your copy (If-None-Match) is current.")
ARTICLE_EXAMPLE = OpenApiExample(
    "A new draft",
    request_only=True,
    value={
        "slug": "council-approves-budget",
        "headline": "Council approves budget",
        "dek": "The vote was 7 to 2.",
        "dateline": "SPRINGFIELD",
        "body": "The city council approved the budget on Tuesday.\n\nA second paragraph.",
        "credits": [{"contributor": "ted-hesson", "role": "byline", "order": 0}],
        "topics": ["Local government"],
        "attributions": [
            {
                "source": "city-of-new-york",
                "kind": "statement",
                "text": "the budget is balanced",
                "verb": "said",
                "paragraph": 0,
            }
        ],
    },
)


def _transition_schema(summary: str, description: str, request=None):
    return extend_schema(
        summary=summary,
        description=description,
        request=request,
        parameters=[IF_MATCH],
        responses={200: ArticleSerializer},
    )


@extend_schema_view(
    list=extend_schema(
        summary="List articles",
        description="Published articles, newest first; staff with view permission see every "
        "article not in the trash. Each item is an article without its body, body_html, "
        "attributions and corrections (`full=true` gives them whole). Unknown query "
        "parameters are refused with 400.",
        responses={200: ArticleListItemSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="Read an article",
        parameters=[IF_NONE_MATCH],
        responses={(200, "application/json"): ArticleSerializer, 304: NOT_MODIFIED},
    ),
    create=extend_schema(
        summary="Create a draft",
        description="Every new article is a draft, whatever the body says; publish it with "
        "the publish action. Needs `articles.add_article`.",
        examples=[ARTICLE_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace an article's fields",
        description="Needs If-Match. Credits, attributions and topics are replaced when sent "
        "and left alone when not. Reporters may edit only their own drafts.",
        parameters=[IF_MATCH_REQUIRED],
    ),
    partial_update=extend_schema(
        summary="Change some of an article's fields",
        description="Needs If-Match. Reporters may edit only their own drafts.",
        parameters=[IF_MATCH_REQUIRED],
    ),
    destroy=extend_schema(
        summary="Move an article to the trash",
        description="Off every public surface and restorable from the desk. Needs "
        "`articles.delete_article`; If-Match is optional and checked when sent.",
        parameters=[IF_MATCH],
    ),
)
class ArticleViewSet(PrivateToCallers, viewsets.ModelViewSet):
    """Articles, looked up by slug."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    permission_classes = [ArticlePermissions]
    lookup_field = "slug"
    extra_error_codes = {"PUT": ["409", "412", "428"], "PATCH": ["409", "412", "428"]}

    def get_queryset(self):
        if self._list_items():
            return with_representation(_readable(self.request.user), whole=False)
        return article_queryset(self.request.user)

    def get_serializer_class(self):
        return ArticleListItemSerializer if self._list_items() else ArticleSerializer

    def _list_items(self) -> bool:
        """A list without `full=true`: articles without their copy, attributions and
        corrections (the filter set refuses any value of `full` but true and false)."""
        return self.action == "list" and self.request.query_params.get("full") != "true"

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_status"] = sees_everything_live(self.request.user)
        return context

    def _respond(self, article: Article, status_code=status.HTTP_200_OK) -> Response:
        # Re-read with the prefetches (the write replaced the inlines the instance had cached),
        # from every live article: a writer gets their draft back even without view permission.
        article = with_representation(Article.objects.live()).get(pk=article.pk)
        data = self.get_serializer(article).data
        headers = {"ETag": etag(article)}
        if status_code == status.HTTP_201_CREATED:
            headers["Location"] = data["api_url"]
        return Response(data, status=status_code, headers=headers)

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        if str(article.version) in _entity_tags(request.headers.get("If-None-Match", "")):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag(article)})
        serializer = self.get_serializer(article)
        return Response(serializer.data, headers={"ETag": etag(article)})

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = save_article_from_api(
            article=Article(), data=serializer.validated_data, by=request.user
        )
        return self._respond(article, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        article = self.get_object()
        # Who may edit comes before whether their copy is current: a reporter gets 403 for an
        # editor's article, not an invitation to fetch a fresh ETag and try again.
        if not workflow.can_edit(request.user, article):
            raise PermissionDenied("You may not edit this article.")
        expected = check_if_match(request, article, required=True)
        serializer = self.get_serializer(article, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        article = save_article_from_api(
            article=article,
            data=serializer.validated_data,
            by=request.user,
            expected_version=expected,
        )
        return self._respond(article)

    def destroy(self, request, *args, **kwargs):
        article = self.get_object()
        check_if_match(request, article, required=False)
        workflow.trash(article=article, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- The workflow, one action per transition -------------------------------------------

    def _transition(self, request, name: str, **kwargs) -> Response:
        article = self.get_object()
        expected = check_if_match(request, article, required=False)
        article = workflow.transition(
            article=article, name=name, by=request.user, expected_version=expected, **kwargs
        )
        return self._respond(article)

    @_transition_schema(
        "Submit a draft for review",
        "Draft → review. Reporters may submit their own drafts.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, slug=None):
        return self._transition(request, "submit")

    @_transition_schema(
        "Publish or schedule",
        "Publishes now, or at `at` (a future time schedules it). Needs "
        "`articles.publish_article` (editors); a reporter's token gets 403. An article without "
        "a headline, body or byline gets 409 with the `problems` listed.",
        request=PublishSerializer,
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        article = self.get_object()
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expected = check_if_match(request, article, required=False)
        article = workflow.publish(
            article=article,
            by=request.user,
            at=serializer.validated_data.get("at"),
            expected_version=expected,
        )
        return self._respond(article)

    @_transition_schema(
        "Send back to draft",
        "Unpublishes a published or scheduled article, or returns one in review to draft. "
        "Needs `articles.publish_article`.",
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request, slug=None):
        return self._transition(request, "unpublish")

    @_transition_schema("Archive", "Published → archived. Needs `articles.publish_article`.")
    @action(detail=True, methods=["post"])
    def archive(self, request, slug=None):
        return self._transition(request, "archive")

    @extend_schema(
        summary="The article as IPTC ninjs 2.2",
        description="News in JSON, valid against "
        "https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json. `pubstatus` is `usable` when "
        "the public can read it, `withheld` for drafts, articles in review and scheduled ones "
        "(with `embargoed`), `canceled` when archived.",
        parameters=[IF_NONE_MATCH],
        responses={
            (200, "application/json"): OpenApiResponse(
                response=OpenApiTypes.OBJECT, description="A ninjs 2.2 news item."
            ),
            304: NOT_MODIFIED,
        },
    )
    @action(detail=True, methods=["get"])
    def ninjs(self, request, slug=None):
        article = self.get_object()
        if str(article.version) in _entity_tags(request.headers.get("If-None-Match", "")):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag(article)})
        return Response(to_ninjs(article, request=request), headers={"ETag": etag(article)})


# --- Writes --------------------------------------------------------------------------------


def save_article_from_api(
    *, article: Article, data: dict, by, expected_version: int | None = None
) -> Article:
    """Apply validated API input through `workflow.save_article`, then replace the inlines the
    client sent, all in one transaction and one revision."""
    data = dict(data)
    credits = data.pop("credits", None)
    attributions = data.pop("attributions", None)
    topic_names = data.pop("tagged_topics", None)
    creating = article.pk is None
    # Checked before anything is written: a revision must never record a write that failed.
    if topic_names:
        _check_new_topics(topic_names, by=by)
    for field, value in data.items():
        setattr(article, field, value)
    # Another request may take the slug between validation and the write: a 400, not a 500.
    refused = duplicates_refused(Article, {"slug": article.slug}, pk=article.pk)
    with refused, reversion.create_revision():
        workflow.save_article(
            article=article,
            by=by,
            expected_version=expected_version,
            message="Created through the API" if creating else "Edited through the API",
        )
        if credits is not None:
            article.credits.all().delete()
            Credit.objects.bulk_create(
                Credit(article=article, **{"order": order, **credit})
                for order, credit in enumerate(credits)
            )
        if attributions is not None:
            article.attributions.all().delete()
            Attribution.objects.bulk_create(
                Attribution(article=article, **{"order": order, **attribution})
                for order, attribution in enumerate(attributions)
            )
        if topic_names is not None:
            article.topics.set(topic_names, clear=True)
        # save_article recorded the inlines as they were; record them as they are now (rows
        # deleted above are left out of the revision when it is saved).
        reversion.add_to_revision(article)
    return article


def _check_new_topics(names: list[str], *, by) -> None:
    if not names or by.has_perm("articles.add_topic"):
        return
    existing = Q()
    for name in names:
        existing |= Q(name__iexact=name)
    known = {
        name.casefold() for name in Topic.objects.filter(existing).values_list("name", flat=True)
    }
    new = [name for name in names if name.casefold() not in known]
    if new:
        raise PermissionDenied(f"You may not create topics ({', '.join(new)}).")


# --- Topics and contributors ---------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List topics", description="Topics with published articles; staff see every topic."
    ),
    retrieve=extend_schema(summary="Read a topic"),
    create=extend_schema(summary="Create a topic", description="Needs `articles.add_topic`."),
    update=extend_schema(summary="Change a topic", description="Needs `articles.change_topic`."),
    partial_update=extend_schema(summary="Change some of a topic's fields"),
)
class TopicViewSet(ReadCreateUpdateViewSet):
    serializer_class = TopicSerializer

    def get_queryset(self):
        return visible_topics(self.request).order_by("name")

    def made_on_create(self, serializer) -> dict:
        """A new topic's slug, when the client sent none, made from its name before the write.

        django-taggit would make it during the write and add "_1" if it was taken (racily, so
        two at once still clash): "budget" would become a second topic beside "Budget". Made
        here, a taken slug is refused like any other.
        """
        data = serializer.validated_data
        if data.get("slug"):
            return {}
        return {"slug": Topic(name=data["name"]).slugify(data["name"])}


@extend_schema_view(
    list=extend_schema(
        summary="List contributors",
        description="Contributors credited on published articles; staff see everyone.",
    ),
    retrieve=extend_schema(summary="Read a contributor"),
    create=extend_schema(
        summary="Add a contributor", description="Needs `articles.add_contributor`."
    ),
    update=extend_schema(
        summary="Change a contributor", description="Needs `articles.change_contributor`."
    ),
    partial_update=extend_schema(summary="Change some of a contributor's fields"),
)
class ContributorViewSet(ReadCreateUpdateViewSet):
    serializer_class = ContributorSerializer

    def get_queryset(self):
        return visible_contributors(self.request).order_by("name", "pk")
