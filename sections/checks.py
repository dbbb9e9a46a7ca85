"""What sections require before a story is published: a primary section (its home in the
newspaper), registered in articles' PUBLISH_CHECKS from SectionsConfig.ready(). A newsroom
that has set up no section at all yet publishes without one (a fresh install, the tests of
other apps); once one exists, every story needs its home."""

from sections.models import Section


def needs_a_section(article) -> list:
    from articles.readiness import Problem

    if article.section_id is None and Section.objects.exists():
        return [Problem("it has no section", "id_section")]
    return []


def register() -> None:
    from articles.readiness import PUBLISH_CHECKS

    if needs_a_section not in PUBLISH_CHECKS:
        PUBLISH_CHECKS.append(needs_a_section)
