"""The database enforces the domain's rules, not just the forms."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Correction, Credit, Topic
from sources.models import Attribution, Source
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CreditFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def _violates(update):
    with pytest.raises(IntegrityError), transaction.atomic():
        update()


def test_status_must_be_one_of_the_workflow_states():
    article = ArticleFactory()

    _violates(lambda: Article.objects.filter(pk=article.pk).update(status="live"))


def test_a_published_article_needs_a_time_and_a_headline():
    article = ArticleFactory()

    _violates(lambda: Article.objects.filter(pk=article.pk).update(status="published"))
    _violates(
        lambda: Article.objects.filter(pk=article.pk).update(
            status="published", published_at=timezone.now(), headline=""
        )
    )
    Article.objects.filter(pk=article.pk).update(status="published", published_at=timezone.now())


def test_a_draft_may_have_no_headline_yet():
    article = ArticleFactory(headline="", slug="untitled")

    assert str(article) == "Untitled (untitled)"


def test_slugs_and_external_ids_are_unique():
    ArticleFactory(slug="same", external_id="sha256:abc")

    _violates(lambda: ArticleFactory(slug="same"))
    _violates(lambda: ArticleFactory(external_id="sha256:abc"))
    # Blank external ids (the desk's own articles) do not collide.
    ArticleFactory(external_id="")
    ArticleFactory(external_id="")


def test_credit_roles_are_enforced_and_other_needs_its_printed_label():
    credit = CreditFactory()

    _violates(lambda: Credit.objects.filter(pk=credit.pk).update(role="ghostwriting"))
    _violates(lambda: Credit.objects.filter(pk=credit.pk).update(role="other", role_label=""))
    Credit.objects.filter(pk=credit.pk).update(role="other", role_label="Compiled")
    assert Credit.objects.get(pk=credit.pk).label == "Compiled"


def test_one_credit_per_person_and_role_on_an_article():
    credit = CreditFactory()

    _violates(lambda: CreditFactory(article=credit.article, contributor=credit.contributor))
    CreditFactory(article=credit.article, contributor=credit.contributor, role="editing")


def test_correction_kind_and_text_are_enforced():
    article = ArticleFactory()

    _violates(lambda: Correction.objects.create(article=article, kind="retraction", text="x"))
    _violates(lambda: Correction.objects.create(article=article, text=""))


def test_source_kind_and_affiliation_rules():
    source = SourceFactory()

    _violates(lambda: Source.objects.filter(pk=source.pk).update(kind="rumour"))
    _violates(lambda: Source.objects.filter(pk=source.pk).update(affiliation=source))


def test_attribution_kind_and_text_are_enforced():
    attribution = AttributionFactory()

    _violates(lambda: Attribution.objects.filter(pk=attribution.pk).update(kind="gossip"))
    _violates(lambda: Attribution.objects.filter(pk=attribution.pk).update(text=""))


def test_a_source_with_attributions_cannot_be_deleted_out_from_under_them():
    attribution = AttributionFactory()

    _violates(lambda: attribution.source.delete())


def test_a_contributor_with_credits_cannot_be_deleted():
    contributor = ContributorFactory()
    CreditFactory(contributor=contributor)

    _violates(lambda: contributor.delete())


def test_topics_are_tagged_through_the_real_foreign_key_table():
    article = ArticleFactory()
    article.topics.add("Immigration", "Courts")

    assert sorted(article.topics.names()) == ["Courts", "Immigration"]
    assert article.tagged_topics.count() == 2


def test_a_topic_named_without_latin_letters_still_gets_a_usable_slug():
    tokyo = Topic.objects.create(name="東京")
    article = ArticleFactory()
    article.topics.add("大阪")

    assert tokyo.slug.startswith("topic-")
    assert tokyo.get_absolute_url() == f"/topics/{tokyo.slug}/"
    assert Topic.objects.get(name="大阪").slug.startswith("topic-")
