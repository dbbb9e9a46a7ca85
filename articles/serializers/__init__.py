"""How articles, topics and contributors look in the API, and what a client may send.

- `summaries`: how a topic, contributor or source appears inside another resource;
- `articles`: articles whole and as list items, their credits and attributions, publishing;
- `topics`, `contributors`: those resources themselves.

The pieces every resource shares (links, strict types, the slug-or-summary field) are in
`newsroom/serializers.py`. Serializers shape and validate only; writes go through
`articles/workflow.py`.
"""

from articles.serializers.articles import (
    ArticleListItemSerializer,
    ArticleSerializer,
    PublishSerializer,
)
from articles.serializers.contributors import ContributorSerializer
from articles.serializers.topics import TopicSerializer

__all__ = [
    "ArticleListItemSerializer",
    "ArticleSerializer",
    "ContributorSerializer",
    "PublishSerializer",
    "TopicSerializer",
]
