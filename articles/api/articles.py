"""The articles endpoint: who may read which articles (prefetched by `for_api()`, so a page of
them costs a fixed number of queries), who may write them, and the viewset whose every write
goes through `articles/workflow.py`, version-guarded (`conditional.py`) and recorded as one
revision.

What the schema says about it is in `schema.py`; errors become JSON in `newsroom/rest.py`.
"""

import reversion
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly
from rest_framework.response import Response

from articles import workflow
from articles.api import schema
from articles.api.conditional import check_if_match, etag, still_current
from articles.filters import ArticleFilter, sees_everything_live
from articles.models import Article, Credit, Topic
from articles.ninjs import to_ninjs
from articles.serializers.articles import (
    ArticleListItemSerializer,
    ArticleSerializer,
    PublishSerializer,
)
from newsroom.rest import PrivateToCallers, duplicates_refused
from sources.models import Attribution

TRANSITION_ACTIONS = ("submit", "publish", "unpublish", "archive")


def _readable(user):
    return Article.objects.live() if sees_everything_live(user) else Article.objects.published()


def article_queryset(user):
    """The articles this user may read: published ones, or every live one for staff."""
    return _readable(user).for_api()


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


# --- The endpoint --------------------------------------------------------------------------


@schema.articles
class ArticleViewSet(PrivateToCallers, viewsets.ModelViewSet):
    """Articles, looked up by slug."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    permission_classes = [ArticlePermissions]
    lookup_field = "slug"
    extra_error_codes = {"PUT": ["409", "412", "428"], "PATCH": ["409", "412", "428"]}

    def get_queryset(self):
        if self._list_items():
            return _readable(self.request.user).for_api(whole=False)
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
        article = Article.objects.live().for_api().get(pk=article.pk)
        data = self.get_serializer(article).data
        headers = {"ETag": etag(article)}
        if status_code == status.HTTP_201_CREATED:
            headers["Location"] = data["api_url"]
        return Response(data, status=status_code, headers=headers)

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        if still_current(request, article):
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

    @schema.submit
    @action(detail=True, methods=["post"])
    def submit(self, request, slug=None):
        return self._transition(request, "submit")

    @schema.publish
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

    @schema.unpublish
    @action(detail=True, methods=["post"])
    def unpublish(self, request, slug=None):
        return self._transition(request, "unpublish")

    @schema.archive
    @action(detail=True, methods=["post"])
    def archive(self, request, slug=None):
        return self._transition(request, "archive")

    @schema.ninjs
    @action(detail=True, methods=["get"])
    def ninjs(self, request, slug=None):
        article = self.get_object()
        if still_current(request, article):
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
