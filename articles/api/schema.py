"""What the OpenAPI schema says about the articles, topics and contributors endpoints: each
operation's summary and description, the conditional-request headers, the example draft.

The views in this package wear these as decorators and hold no documentation text themselves;
the conventions every operation shares (errors, paging) are `newsroom/schema.py`.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from articles.serializers.articles import (
    ArticleListItemSerializer,
    ArticleSerializer,
    LiftEmbargoSerializer,
    PublishSerializer,
)

# --- Conditional requests ------------------------------------------------------------------

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
NOT_MODIFIED = OpenApiResponse(description="Not modified: your copy (If-None-Match) is current.")

# --- Articles ------------------------------------------------------------------------------

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

articles = extend_schema_view(
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


def _transition(summary: str, description: str, request=None):
    return extend_schema(
        summary=summary,
        description=description,
        request=request,
        parameters=[IF_MATCH],
        responses={200: ArticleSerializer},
    )


submit = _transition(
    "Submit a draft for review",
    "Draft → review. Reporters may submit their own drafts.",
)
publish = _transition(
    "Publish or schedule",
    "Publishes now, or at `at` (a future time schedules it). Needs "
    "`articles.publish_article` (editors); a reporter's token gets 403. An article without "
    "a headline, body or byline gets 409 with the `problems` listed.",
    request=PublishSerializer,
)
unpublish = _transition(
    "Send back to draft",
    "Unpublishes a published or scheduled article, or returns one in review to draft. "
    "Needs `articles.publish_article`.",
)
archive = _transition("Archive", "Published → archived. Needs `articles.publish_article`.")
lift_embargo = _transition(
    "Lift the embargo early",
    "Ends the article's embargo now: the public sees it at once (if published) and partners "
    "are sent it as published. Needs `articles.lift_embargo` (the “Lifts embargoes” group) "
    "and a `reason`, recorded in the history; 409 if it is not under embargo.",
    request=LiftEmbargoSerializer,
)

ninjs = extend_schema(
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

# --- Topics and contributors ---------------------------------------------------------------

topics = extend_schema_view(
    list=extend_schema(
        summary="List topics", description="Topics with published articles; staff see every topic."
    ),
    retrieve=extend_schema(summary="Read a topic"),
    create=extend_schema(summary="Create a topic", description="Needs `articles.add_topic`."),
    update=extend_schema(summary="Change a topic", description="Needs `articles.change_topic`."),
    partial_update=extend_schema(summary="Change some of a topic's fields"),
)

sections = extend_schema_view(
    list=extend_schema(
        summary="List sections",
        description="The newspaper's sections with published articles (staff see every "
        "section), in the navigation's order; a subsection names its parent. Sections are "
        "changed in the desk. `/api/v1/articles/?section=<slug>` lists a section's articles.",
    ),
    retrieve=extend_schema(summary="Read a section"),
)

contributors = extend_schema_view(
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
