"""The API's articles, topics, contributors and sections (routed in `newsroom/api.py`).

- `articles`, `topics`, `contributors`, `sections`: one module a viewset, thin: the serializers
  (`articles/serializers/`) shape and validate, `articles/workflow.py` does every write;
- `conditional`: ETags, If-Match and If-None-Match on articles;
- `schema`: what the OpenAPI schema says about each operation.

The base viewset the topics and contributors share with sources is `newsroom/viewsets.py`;
`newsroom/rest.py` turns what goes wrong into JSON errors.
"""

from articles.api.articles import ArticleViewSet, article_queryset
from articles.api.contributors import ContributorViewSet
from articles.api.sections import SectionViewSet
from articles.api.topics import TopicViewSet

__all__ = [
    "ArticleViewSet",
    "ContributorViewSet",
    "SectionViewSet",
    "TopicViewSet",
    "article_queryset",
]
