"""Images in an article body come from the newsroom itself: the page's Content-Security-Policy
(img-src 'self') blocks any other host, so such a body is refused when saved, on the desk and
through the API, rather than published with a broken image."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.rendering import foreign_image_sources, render_markdown
from tests.api import client_for
from tests.desk import article_form
from tests.factories import ArticleFactory, staff_user

FOREIGN = "https://evil.example/x.png"
MESSAGE = "Images must come from the newsroom's own media"


@pytest.mark.parametrize(
    ("body", "foreign"),
    [
        (f"![x]({FOREIGN})", [FOREIGN]),
        ("Text ![x](http://evil.example/x.png) text.", ["http://evil.example/x.png"]),
        ("![x](//evil.example/x.png)", ["//evil.example/x.png"]),
        ("![x](HTTPS://EVIL.EXAMPLE/x.png)", ["HTTPS://EVIL.EXAMPLE/x.png"]),
        ("![x][pic]\n\n[pic]: https://evil.example/ref.png", ["https://evil.example/ref.png"]),
        (
            "[![x](https://evil.example/in-a-link.png)](/articles/)",
            ["https://evil.example/in-a-link.png"],
        ),
        ("![x](https://testserver.evil.example/x.png)", ["https://testserver.evil.example/x.png"]),
        ("![x](http://testserver:8080/media/x.png)", ["http://testserver:8080/media/x.png"]),
    ],
)
def test_images_from_another_host_are_foreign(body, foreign):
    assert foreign_image_sources(body) == foreign


@pytest.mark.parametrize(
    "body",
    [
        "![x](/media/photos/x.png)",
        "![x](/static/img/logo.png)",
        "![x](photos/x.png)",
        "![x](http://testserver/media/x.png)",  # SITE_URL in the tests
        "A [link elsewhere](https://example.org/) is no image.",
        "No images at all.",
        "",
    ],
)
def test_images_on_the_site_itself_are_not_foreign(body):
    assert foreign_image_sources(body) == []


def test_a_raw_html_image_in_markdown_is_shown_as_text_and_loads_nothing():
    body = f'<img src="{FOREIGN}">'

    assert "<img" not in render_markdown(body)
    assert foreign_image_sources(body) == []


# --- The desk ------------------------------------------------------------------------------


def _body_errors(response) -> list[str]:
    return response.context["adminform"].form.errors.get("body", [])


def _snapshot():
    return list(Article.objects.order_by("pk").values_list("pk", "version", "body"))


@pytest.mark.django_db
def test_the_desk_refuses_a_new_article_with_a_foreign_image(client):
    client.force_login(staff_user("editor"))
    before = _snapshot()

    response = client.post(
        reverse("admin:articles_article_add"), article_form(body=f"Text.\n\n![x]({FOREIGN})")
    )

    assert response.status_code == 200
    [error] = _body_errors(response)
    assert MESSAGE in error
    assert FOREIGN in error
    assert _snapshot() == before


@pytest.mark.django_db
def test_the_desk_refuses_an_edit_that_adds_a_foreign_image(client):
    client.force_login(staff_user("editor"))
    article = ArticleFactory()
    before = _snapshot()

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form(article, body=f"{article.body}\n\n![x]({FOREIGN})"),
    )

    assert response.status_code == 200
    [error] = _body_errors(response)
    assert MESSAGE in error
    assert _snapshot() == before


@pytest.mark.django_db
def test_the_desk_saves_a_body_with_an_image_of_its_own(client):
    client.force_login(staff_user("editor"))

    response = client.post(
        reverse("admin:articles_article_add"), article_form(body="Text.\n\n![x](/media/x.png)")
    )

    assert response.status_code == 302
    assert '<img src="/media/x.png" alt="x"' in Article.objects.get(slug="a-new-story").body_html


# --- The API -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_refuses_a_new_article_with_a_foreign_image_naming_body():
    before = _snapshot()

    response = client_for(staff_user("editor")).post(
        "/api/v1/articles/",
        {"headline": "A story", "slug": "a-story", "body": f"![x]({FOREIGN})"},
        format="json",
    )

    assert response.status_code == 400
    [error] = response.json()["errors"]["body"]
    assert MESSAGE in error
    assert FOREIGN in error
    assert _snapshot() == before


@pytest.mark.django_db
def test_the_api_refuses_an_edit_that_adds_a_foreign_image():
    article = ArticleFactory()
    before = _snapshot()

    response = client_for(staff_user("editor")).patch(
        f"/api/v1/articles/{article.slug}/",
        {"body": f"![x]({FOREIGN})"},
        format="json",
        HTTP_IF_MATCH=f'"{article.version}"',
    )

    assert response.status_code == 400
    [error] = response.json()["errors"]["body"]
    assert MESSAGE in error
    assert _snapshot() == before


@pytest.mark.django_db
def test_the_api_saves_a_body_with_a_relative_image():
    response = client_for(staff_user("editor")).post(
        "/api/v1/articles/",
        {"headline": "A story", "slug": "a-story", "body": "![x](/media/x.png)"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert '<img src="/media/x.png" alt="x"' in response.json()["body_html"]
