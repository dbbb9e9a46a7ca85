"""The articles endpoint: who may read which articles (prefetched by `for_api()`, so a page of
them costs a fixed number of queries), who may write them, and the viewset whose every write
goes through `articles/workflow.py`, version-guarded (`conditional.py`) and recorded as one
revision.

What the schema says about it is in `schema.py`; errors become JSON in `newsroom/rest.py`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly
from rest_framework.response import Response

from articles import embargo, permissions, trash, workflow
from articles.api import schema, stored
from articles.api.conditional import check_if_match, etag, still_current
from articles.filters import ArticleFilter, sees_everything_live
from articles.models import Article
from articles.ninjs import to_ninjs
from articles.serializers.articles import (
    ArticleListItemSerializer,
    ArticleSerializer,
    LiftEmbargoSerializer,
    PublishSerializer,
)
from newsroom.rest import PrivateToCallers, duplicates_refused

TRANSITION_ACTIONS = ("submit", "publish", "unpublish", "archive")


def _readable(user):
    if sees_everything_live(user):
        return Article.objects.live()
    if permissions.reads_embargoed(user):
        return Article.objects.for_partner(embargoed_copy=True)
    return Article.objects.published()


def article_queryset(user):
    """The articles this user may read: published ones, and those under embargo for a partner
    allowed embargoed copy, or every live one for staff."""
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
        if stored.for_the_public(request):
            return self._retrieve_stored(request)
        article = self.get_object()
        if still_current(request, article):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag(article)})
        serializer = self.get_serializer(article)
        return Response(serializer.data, headers={"ETag": etag(article)})

    def _retrieve_stored(self, request) -> Response:
        """The public's read: the stored representation when current, else the serializer's,
        then stored (articles/api/stored.py)."""
        article = stored.find(self.kwargs[self.lookup_field])
        if article is None:
            raise Http404("No Article matches the given query.")
        self.check_object_permissions(request, article)
        headers = {"ETag": etag(article)}
        if still_current(request, article):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        data = stored.servable(article, stored.key(request))
        if data is None:
            whole = Article.objects.published().for_api().filter(pk=article.pk).first()
            if whole is None:  # withdrawn a moment ago
                raise Http404("No Article matches the given query.")
            data = self.get_serializer(whole).data
            stored.store([(whole, data)], request, article.parts_generation)
        return Response(data, headers=headers)

    def list(self, request, *args, **kwargs):
        if not (stored.for_the_public(request) and self._list_items()):
            return super().list(request, *args, **kwargs)
        # The public's list: the page of articles with their stored items; those not current
        # are made by the serializer (one prefetched query for them all) and stored.
        found = self.filter_queryset(Article.objects.published())
        page = self.paginate_queryset(stored.with_stored(found, stored.LIST_ITEM))
        key = stored.key(request)
        items = [stored.servable(article, key, stored.LIST_ITEM) for article in page]
        missing = [article for article, item in zip(page, items, strict=True) if item is None]
        if missing:
            made = self._make_items(request, missing)
            # (one withdrawn since the page was read is left out, as a moment later it would be)
            items = [
                made.get(article.pk) if item is None else item
                for article, item in zip(page, items, strict=True)
            ]
            items = [item for item in items if item is not None]
        return self.get_paginated_response(items)

    def _make_items(self, request, articles) -> dict:
        """The list items of these articles, by id, made by the serializer and stored."""
        ids = [article.pk for article in articles]
        loaded = Article.objects.published().for_api(whole=False).in_bulk(ids)
        serializer = self.get_serializer()
        made = {pk: serializer.to_representation(article) for pk, article in loaded.items()}
        pairs = [(loaded[pk], data) for pk, data in made.items()]
        stored.store(pairs, request, articles[0].parts_generation, stored.LIST_ITEM)
        return made

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
        if not permissions.may_edit(request.user, article):
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
        trash.trash(article=article, by=request.user)
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

    @schema.lift_embargo
    @action(detail=True, methods=["post"], url_path="lift-embargo")
    def lift_embargo(self, request, slug=None):
        article = self.get_object()
        serializer = LiftEmbargoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expected = check_if_match(request, article, required=False)
        article = embargo.lift_embargo(
            article=article,
            by=request.user,
            reason=serializer.validated_data["reason"],
            expected_version=expected,
        )
        return self._respond(article)

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
    """Apply validated API input through `workflow.save_article`, the inlines the client sent
    with it, in one transaction and one revision."""
    data = dict(data)
    rows = {
        "credits": data.pop("credits", None),
        "attributions": data.pop("attributions", None),
        "topics": data.pop("tagged_topics", None),
    }
    creating = article.pk is None
    for field, value in data.items():
        setattr(article, field, value)
    # Another request may take the slug between validation and the write: a 400, not a 500.
    with duplicates_refused(Article, {"slug": article.slug}, pk=article.pk):
        workflow.save_article(
            article=article,
            by=by,
            expected_version=expected_version,
            message="Created through the API" if creating else "Edited through the API",
            **rows,
        )
    return article
