from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from django.views.generic import DetailView, ListView

from articles import contributors, parts, related, search, structured_data
from articles.forms import SearchForm
from articles.models import Article, Contributor, Credit, Topic
from articles.pagination import UncountedPaginator
from newsroom.pagecache import depends_on, tag_for


class PublishedArticlesMixin:
    """The public's articles: published only, with what the templates show prefetched."""

    def get_queryset(self):
        return Article.objects.published().for_teaser()


class ArticleListView(PublishedArticlesMixin, ListView):
    cache_tags = ("home",)
    paginate_by = 20
    paginator_class = UncountedPaginator
    context_object_name = "articles"


class ArticleDetailView(DetailView):
    """An article page: its stored parts (articles/parts.py) when they are current, else
    rendered from the article and stored; the related block and the site's frame each time."""

    context_object_name = "article"
    template_name = "articles/article_detail.html"
    cache_tags = ()  # the article's own, below: it shows its topics, byline and sources

    def get_object(self, queryset=None):
        article = parts.find(self.kwargs["slug"])
        if article is None:
            raise Http404("No article found matching the query")
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        stored = parts.servable(article)
        if stored is None:
            whole = Article.objects.published().for_page().filter(pk=article.pk).first()
            if whole is None:  # withdrawn a moment ago
                raise Http404("No article found matching the query")
            stored = parts.store(whole, self.request, article.parts_generation)
        else:
            depends_on(self.request, *stored.shared["declared"])
        shared = stored.shared
        related_stories = related.related_stories(
            article, ids=(shared["topics"], shared["sources"])
        )
        depends_on(
            self.request,
            tag_for(Article, article.pk),
            *related.related_tags(article, related_stories, tags=shared["tags"]),
        )
        head, story = parts.html(stored)
        return super().get_context_data(
            related_stories=related_stories,
            modified_at=stored.modified_at,
            head=head,
            story=story,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Last-Modified"] = http_date(context["modified_at"].timestamp())
        return response


class TopicListView(ListView):
    cache_tags = ("topics",)
    template_name = "articles/topic_list.html"
    context_object_name = "topics"
    paginate_by = 100

    def get_queryset(self):
        return Topic.objects.in_print(counted=True).order_by("name")


class ArticleSubsetView(PublishedArticlesMixin, ListView):
    """A paginated list of published articles belonging to one thing (a topic, a contributor)."""

    paginate_by = 20
    paginator_class = UncountedPaginator
    context_object_name = "articles"
    owner_name = None

    def get_owner_queryset(self):
        # As Django's own generic views do when a subclass leaves out what it must supply.
        raise ImproperlyConfigured(f"{type(self).__name__} must define get_owner_queryset().")

    cache_tags = ()  # the owner's, below; the articles listed bring their own

    def get(self, request, *args, **kwargs):
        self.owner = get_object_or_404(self.get_owner_queryset(), slug=kwargs["slug"])
        depends_on(request, tag_for(self.owner))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.owner_name: self.owner}, **kwargs)


class TopicDetailView(ArticleSubsetView):
    template_name = "articles/topic_detail.html"
    owner_name = "topic"

    def get_owner_queryset(self):
        return Topic.objects.in_print()

    def get_queryset(self):
        return super().get_queryset().filter(tagged_topics__tag=self.owner)


class ContributorDetailView(ArticleSubsetView):
    template_name = "articles/contributor_detail.html"
    owner_name = "contributor"

    def get_owner_queryset(self):
        return Contributor.objects.in_print().select_related("photo")

    def get_queryset(self):
        credited = Credit.objects.filter(article=OuterRef("pk"), contributor=self.owner)
        return super().get_queryset().filter(Exists(credited))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=structured_data.person(self.owner),
            expertise=contributors.expertise(self.owner),
            links=contributors.links(self.owner),
            **kwargs,
        )


class SearchView(PublishedArticlesMixin, ListView):
    cache_tags = ("search",)
    template_name = "articles/article_search.html"
    context_object_name = "articles"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(
            request.GET or None,
            topics=Topic.objects.in_print().order_by("name").values_list("slug", "name"),
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.form.is_bound or not self.form.is_valid() or not self.form.has_criteria():
            return Article.objects.none()
        data = self.form.cleaned_data
        queryset = super().get_queryset()
        if data["topic"]:
            queryset = queryset.filter(tagged_topics__tag__slug=data["topic"])
        if data["published_from"]:
            queryset = queryset.filter(published_at__date__gte=data["published_from"])
        if data["published_to"]:
            queryset = queryset.filter(published_at__date__lte=data["published_to"])
        if not data["q"]:
            return search.search_articles(queryset, "")  # filters alone: newest first
        # Ranked ids in hand: the paginator needs no COUNT and a page fetches its 20 by id.
        return search.rank(queryset, data["q"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            ranked_matches=search.RANKED_MATCHES,
            searched=self.form.is_bound and self.form.is_valid() and self.form.has_criteria(),
            **kwargs,
        )
