import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Contributor, Correction, Credit, Topic
from sources.models import Attribution, Source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.example")
    password = factory.django.Password("correct horse battery staple")


def staff_user(role: str, username: str | None = None):
    """A desk login in the Reporter or Editor group (made by a migration), or a superuser."""
    if role == "superuser":
        return UserFactory(username=username or "admin", is_staff=True, is_superuser=True)
    user = UserFactory(username=username or role, is_staff=True)
    user.groups.add(Group.objects.get(name=role.capitalize()))
    return user


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"Headline number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    dek = "A standfirst."
    body = "First paragraph.\n\n## A subhead\n\nSecond paragraph."
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1)),
        )


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    article = factory.SubFactory(ArticleFactory)
    contributor = factory.SubFactory(ContributorFactory)
    role = Credit.Role.BYLINE


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "An earlier version misspelled a name."


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")


class AttributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribution

    article = factory.SubFactory(ArticleFactory)
    source = factory.SubFactory(SourceFactory)
    text = "We will keep going."
    verb = "said"
    paragraph = 0


def ready_to_publish(**kwargs):
    """A draft (unless told otherwise) with a byline: all the workflow needs to publish it."""
    article = ArticleFactory(**kwargs)
    CreditFactory(article=article)
    return article
