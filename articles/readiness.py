"""What a story needs before it is published: the problems that refuse it (each with the desk
field that fixes it) and the checks other apps add (the sources app: unnamed sources placed;
photos: alt text and credit), plus the one check an editor may override on the record (quotes
no attribution covers). The workflow asks; the desk and the API show the answers."""

from collections.abc import Callable

from articles.models import Article, Credit


class Problem(str):
    """One thing publishing needs, with the desk field that fixes it (an element id on the
    change form: "id_headline", "credits-group"), when there is one."""

    field: str = ""

    def __new__(cls, text: str, field: str = ""):
        problem = super().__new__(cls, text)
        problem.field = field
        return problem


# What other apps require before a story is published (the sources app: every unnamed source
# says who they speak for), each a function of the article returning its problems; and the
# check an editor may override on the record (quotes no attribution covers), returning them.
PUBLISH_CHECKS: list[Callable[[Article], list[str]]] = []
OVERRIDABLE_CHECKS: list[Callable[[Article], list]] = []


def publish_problems(article: Article) -> list[str]:
    """What stands between this article and publication; empty when it is ready."""
    problems = []
    if not article.headline.strip():
        problems.append(Problem("it has no headline", "id_headline"))
    if not article.body.strip():
        problems.append(Problem("it has no body", "id_body"))
    if not article.credits.filter(role=Credit.Role.BYLINE).exists():
        problems.append(Problem("it has no byline", "credits-group"))
    for check in PUBLISH_CHECKS:
        problems += check(article)
    return problems


def uncovered_quotes(article: Article) -> list:
    """What the overridable checks find: quotes in the body that no attribution covers."""
    return [found for check in OVERRIDABLE_CHECKS for found in check(article)]
